"""Admins are told that next year's holidays are missing (from November on):
a banner on staff pages and the admin index, a system check, the daily job's
log and calendar-sync; and a year added in the admin recomputes 预计 dates."""

import datetime as dt
import io
import logging

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from govhall.cases.models import Case
from govhall.cases.tests.factories import at, intake, item
from govhall.cases.tests.factories import world as cases_world
from govhall.core import tasks
from govhall.core.calendar_watch import check_calendar
from govhall.core.models import CalendarYear, Holiday
from govhall.core.tests import factories as f

pytestmark = pytest.mark.django_db

DEC_1, OCT_15 = at(2026, 12, 1), at(2026, 10, 15)


@pytest.fixture
def root(client):
    client.force_login(f.user("root", is_staff=True, is_superuser=True))
    return client


def test_the_admin_index_warns_in_december_and_not_in_october(root):
    with time_machine.travel(DEC_1, tick=False):
        december = root.get("/admin/").content.decode()
    with time_machine.travel(OCT_15, tick=False):
        october = root.get("/admin/").content.decode()
    assert "calendar-missing" in december and "2027 年的国家法定节假日安排尚未录入" in december
    assert "calendar-missing" not in october


def test_staff_pages_show_a_small_banner_and_the_public_does_not(client, two_centers):
    with time_machine.travel(DEC_1, tick=False):
        public = client.get(reverse("catalog:centers")).content.decode()
        client.force_login(two_centers["clerk_a"])
        staff = client.get(reverse("catalog:centers")).content.decode()
    assert "calendar-missing" not in public
    assert staff.count("calendar-missing") == 1 and "2027 年" in staff


def test_the_system_check_and_the_daily_job(caplog):
    with time_machine.travel(DEC_1, tick=False):
        messages = check_calendar(databases=["default"])
        with caplog.at_level(logging.WARNING, logger="govhall.core.calendar_watch"):
            assert tasks.warn_calendar_missing.call_local() == [2027]
    assert [m.id for m in messages] == ["govhall.W001"] and "2027" in messages[0].msg
    assert "calendar year missing: [2027]" in caplog.text
    assert check_calendar(databases=None) == []  # only with database checks
    CalendarYear.objects.create(year=2027, source="test")
    with time_machine.travel(DEC_1, tick=False):
        assert check_calendar(databases=["default"]) == []
        assert tasks.warn_calendar_missing.call_local() == []


def test_calendar_sync_says_what_is_missing():
    out, err = io.StringIO(), io.StringIO()
    with time_machine.travel(DEC_1, tick=False):
        call_command("calendar_sync", stdout=out, stderr=err)
    assert "added years: none" in out.getvalue()
    assert "2027" in err.getvalue()


def test_a_year_added_in_the_admin_recomputes_provisional_dates(root):
    w = cases_world()
    thirty = item(w["lead"], w["center"], mode="promise", days=30)
    with time_machine.travel(DEC_1, tick=False):
        case = intake(w, thirty)
        assert case.due_date_provisional
        # The admin enters the published holidays first, then marks the year.
        for day, kind in ((dt.date(2027, 1, 1), "holiday"), (dt.date(2027, 1, 4), "holiday")):
            resp = root.post(
                reverse("admin:core_holiday_add"),
                {"date": day.isoformat(), "kind": kind, "name": "元旦"},
            )
            assert resp.status_code == 302, resp.content.decode()[:2000]
        assert Case.objects.get(pk=case.pk).due_date_provisional  # the year is not marked yet
        resp = root.post(
            reverse("admin:core_calendaryear_add"), {"year": 2027, "source": "国办发明电"}
        )
        assert resp.status_code == 302
    case.refresh_from_db()
    assert not case.due_date_provisional
    assert case.due_date == dt.date(2027, 1, 14)  # 1 and 4 January off
    assert Holiday.objects.filter(date__year=2027).count() == 2
