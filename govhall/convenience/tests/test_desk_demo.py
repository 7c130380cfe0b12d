"""The demo's print room, lost property and lending: a day's log with each kind of
refusal, lost items in every state, loans back and out; loaded twice, nothing added;
times in order."""

import pytest
import time_machine
from django.core.management import call_command

from govhall.convenience import demo
from govhall.convenience.lending.models import Loan
from govhall.convenience.lost.models import LostItem, LostStatus
from govhall.convenience.printing.models import ComputerSession, PrintJob
from govhall.core.models import Center

from .desk_world import TUESDAY, at

pytestmark = pytest.mark.django_db


def test_demo_desk_is_there_once_and_consistent(capsys):
    with time_machine.travel(at(TUESDAY, "15:00"), tick=False):
        call_command("demo_data")
        before = (PrintJob.objects.count(), LostItem.objects.count(), Loan.objects.count())
        demo.load({c.code: c for c in Center.objects.all()})
    capsys.readouterr()
    assert (PrintJob.objects.count(), LostItem.objects.count(), Loan.objects.count()) == before
    codes = set(PrintJob.objects.values_list("refusal_code", flat=True))
    assert codes == {"", "print_quota_exceeded", "print_closed", "print_out_of_scope"}
    assert set(LostItem.objects.values_list("status", flat=True)) == set(LostStatus.values)
    for item in LostItem.objects.all():
        assert item.found_at <= item.registered_at
        if item.claimed_at:
            assert item.found_at < item.claimed_at and item.signature
        if item.written_off_at:
            assert item.writeoff_requested_at < item.written_off_at
    out = Loan.objects.filter(returned_at__isnull=True)
    assert out.count() == 2
    for loan in Loan.objects.exclude(returned_at=None):
        assert loan.lent_at < loan.returned_at
    sessions = ComputerSession.objects.all()
    assert sessions.count() == 2 and any(s.overrun_seconds for s in sessions)
