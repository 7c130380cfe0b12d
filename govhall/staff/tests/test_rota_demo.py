"""The rota's demo at SC-QZX: two duty managers, the rota from today to the end
of next month (December 2026 at least), a pending staff change (first in, then
out) and an earlier one refused; loading it again adds nothing."""

import datetime as dt
import itertools

import pytest
from django.core.management import call_command
from django.utils import timezone

from govhall.core.models import Center, Event, Membership, Role
from govhall.staff.rota import demo
from govhall.staff.rota.days import leave_days, service_days
from govhall.staff.rota.models import DutyManager, RotaDay, StaffChange, StaffChangeStatus

pytestmark = pytest.mark.django_db


def _counts():
    return (
        RotaDay.objects.count(),
        DutyManager.objects.count(),
        StaffChange.objects.count(),
        Event.objects.count(),
        Membership.objects.count(),
    )


def test_the_rota_demo(capsys):
    call_command("demo_data")
    center = Center.objects.get(code="SC-QZX")
    named = [m.user.username for m in DutyManager.objects.filter(center=center)]
    assert named == ["qzx_duty", "qzx_clerk2"]
    assert Membership.objects.filter(
        user__username="qzx_clerk2", center=center, role=Role.DUTY_MANAGER
    ).exists()
    today = timezone.localdate()
    last = max(
        dt.date(2026, 12, 31),
        (today.replace(day=1) + dt.timedelta(days=62)).replace(day=1) - dt.timedelta(days=1),
    )
    days = list(RotaDay.objects.filter(center=center).order_by("date"))
    ids = [m.user_id for m in DutyManager.objects.filter(center=center)]
    # The leave feature's demo, when there is one, may put someone on leave.
    leave = leave_days(center, ids, today, last)
    both_away = {d for d, away in leave.items() if away >= set(ids)}
    assert [d.date for d in days] == [
        d for d in service_days(center, today, last) if d not in both_away
    ]
    assert {d.user.username for d in days} == {"qzx_duty", "qzx_clerk2"}
    for a, b in itertools.pairwise(days):
        assert b.user_id not in leave.get(b.date, set())
        if not leave.get(b.date):
            assert a.user_id != b.user_id
    pending = StaffChange.objects.get(center=center, status=StaffChangeStatus.PENDING)
    assert pending.leaving.username == "qzx_clerk1" and pending.end_on == dt.date(2027, 1, 29)
    assert pending.successor_start_on == pending.end_on - dt.timedelta(days=7)
    refused = StaffChange.objects.get(center=center, status=StaffChangeStatus.REFUSED)
    assert refused.decision_reason and refused.requested_on < pending.requested_on
    assert pending.successor.check_password("govhall-demo-2026")
    before = _counts()
    demo.load({"SC-QZX": center})
    assert _counts() == before
