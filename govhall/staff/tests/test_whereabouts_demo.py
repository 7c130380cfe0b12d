"""The demo: 陈静 at a meeting until later today, relative to now; running the
whereabouts demo again the same day adds nothing (the whole loader's second run
is tested once, by reports' test_supervision_demo and catalog's test_workflow_demo)."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from govhall.core.models import Center
from govhall.staff.whereabouts import demo as whereabouts_demo
from govhall.staff.whereabouts import selectors
from govhall.staff.whereabouts.models import Away

from .whereabouts_world import MORNING

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_clerk_away_at_a_meeting_and_is_idempotent():
    with time_machine.travel(MORNING, tick=False):
        call_command("demo_data", verbosity=0)
        centers = {c.code: c for c in Center.objects.all()}
        whereabouts_demo.load(centers)  # again, the same day
        record = Away.objects.get()
        assert record.user.username == "qzx_clerk9" and record.reason == "meeting"
        assert record.started_at < MORNING < record.expected_back_at
        assert record.expected_back_at.date() == MORNING.date()
        rows = selectors.board_rows(Center.objects.get(code="SC-QZX"))
        assert {"away", "leave"} <= {r.status for r in rows}  # the demo leave too
        serving = [r for r in rows if r.serving]
        assert "韩冬梅" in {r.name for r in serving}  # the other post of both her windows
    with time_machine.travel(MORNING + dt.timedelta(days=1), tick=False):
        whereabouts_demo.load(centers)  # the next day: yesterday's is closed, a fresh one begins
        assert Away.objects.count() == 2
        assert Away.objects.filter(returned_at__isnull=True).count() == 1
