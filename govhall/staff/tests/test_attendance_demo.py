"""The demo month of attendance: real-looking, consistent with the rules, once."""

import datetime as dt

import pytest
from django.core.management import call_command

from govhall.core.actors import actor_for_user
from govhall.core.models import Center, User
from govhall.core.months import Month
from govhall.staff.attendance import selectors
from govhall.staff.attendance.models import Punch

pytestmark = pytest.mark.django_db


def test_the_demo_month_shows_each_case_once_and_loads_once():
    call_command("demo_data", verbosity=0)
    center = Center.objects.get(code="SC-QZX")
    count = Punch.objects.count()
    assert count > 200
    admin = actor_for_user(User.objects.get(username="qzx_admin"))
    ledger = selectors.ledger(admin, center, Month(dt.date(2026, 11, 1)))
    by_user = {p.profile.user.username: p.totals for p in ledger.people}
    assert by_user["qzx_clerk2"].late_count == 1  # 11-05; 11-24 was the metro
    assert by_user["qzx_clerk2"].force_majeure == 1
    assert by_user["qzx_assistant"].force_majeure == 1
    assert by_user["qzx_clerk1"].excused == 1 and by_user["qzx_clerk1"].late_count == 0
    assert by_user["qzx_clerk1"].duty_days == 1 and by_user["qzx_reception"].duty_days == 1
    assert by_user["review_rsj"].early_count == 1 and by_user["review_rsj"].late_count == 1
    assert ledger.total.late_count == 3
    assert ledger.total.absences == 0 and ledger.total.missing == 0
    assert by_user["qzx_clerk1"].days_worked == by_user["qzx_admin"].days_worked == 21
    manual = Punch.objects.get(source="manual")
    assert manual.added_by.username == "qzx_admin" and manual.fault is not None
    for p in Punch.objects.filter(kind="in", source="device", day__lt=dt.date(2026, 12, 1)):
        local = p.at.astimezone(dt.timezone(dt.timedelta(hours=8)))
        assert dt.time(8, 35) <= local.time() < dt.time(9, 30), p
    from govhall.staff.attendance.demo import load

    load({"SC-QZX": center})
    assert Punch.objects.count() == count
