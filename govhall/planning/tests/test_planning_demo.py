"""The planning demo: weeks of causally consistent tickets with a morning peak,
and next week's first working day with a gap at the peak and a surplus after."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from govhall.core.actors import actor_for_user
from govhall.core.models import Center, User
from govhall.planning import demo, selectors
from govhall.queueing.models import Ticket

pytestmark = pytest.mark.django_db


def test_demo_history_and_next_week(capsys):
    call_command("demo_data")
    capsys.readouterr()
    center = Center.objects.get(code="SC-QZX")
    today = timezone.localdate()
    past = Ticket.objects.filter(center=center, service_date__lt=today)
    count = past.count()
    assert count > 8000
    # Causal: issue <= call < start < finish, no negative durations (the loader's
    # own day of traffic calls a ticket in the minute it was taken).
    assert not past.filter(called_at__lt=F("issued_at")).exists()
    assert not past.filter(started_at__lte=F("called_at")).exists()
    assert not past.filter(finished_at__lte=F("started_at")).exists()
    demo.load({"SC-QZX": center})  # twice: nothing added
    assert past.count() == count

    selectors.clear_cache()
    admin = actor_for_user(User.objects.get(username="qzx_admin"))
    day = selectors.default_day(today)
    plan = selectors.day_plan(admin, center, day)
    assert any(r.gap for r in plan.rows) and any(r.surplus >= 2 for r in plan.rows)
    peak = max(plan.rows, key=lambda r: r.arrivals_expected)
    assert dt.time(9, 30) <= peak.start.time() < dt.time(11, 0)
    # The training takes three clerks from 9:30 to 11:30: three windows fewer.
    by_time = {r.start.time(): r.windows_rostered for r in plan.rows}
    assert by_time[dt.time(9, 0)] - by_time[dt.time(10, 0)] == 3
    assert by_time[dt.time(13, 0)] == by_time[dt.time(9, 0)]
