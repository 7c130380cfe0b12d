"""Working-day arithmetic against the official schedule (chinesecalendar)."""

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.core import services
from govhall.core.models import CalendarYear, Holiday, HolidayKind
from govhall.core.workdays import (
    WorkingCalendar,
    add_working_days,
    is_working_day,
    working_days_between,
)

pytestmark = pytest.mark.django_db

dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2026, 10, 31))


def test_seeded_years_match_the_package():
    years = list(CalendarYear.objects.values_list("year", flat=True))
    assert years[0] == 2004 and 2026 in years


def test_spring_festival_2026_and_its_make_up_days():
    # 2026: 春节 15–23 Feb off; Sat 14 Feb and Sat 28 Feb are working days.
    assert not is_working_day(dt.date(2026, 2, 16))
    assert is_working_day(dt.date(2026, 2, 14))
    assert is_working_day(dt.date(2026, 2, 28))
    # Accepted Fri 13 Feb: day 1 is Sat 14 (调休), then 24, 25, 26, 27 Feb.
    assert add_working_days(dt.date(2026, 2, 13), 5) == dt.date(2026, 2, 27)


def test_national_day_2026():
    # Accepted Mon 28 Sep 2026: 29, 30 Sep, then the holiday to 7 Oct; Sat 10 Oct works.
    assert add_working_days(dt.date(2026, 9, 28), 3) == dt.date(2026, 10, 8)
    assert add_working_days(dt.date(2026, 9, 28), 5) == dt.date(2026, 10, 10)


def test_zero_days_is_the_start_date():
    assert add_working_days(dt.date(2026, 5, 1), 0) == dt.date(2026, 5, 1)


def test_year_not_in_the_table_is_counted_on_weekdays_and_provisional():
    # Mon 28 Dec 2026 + 10: 29, 30, 31 Dec, then 2027 on Monday–Friday alone
    # (1 Jan 2027 is a Friday and counts until the State Council says otherwise).
    due = WorkingCalendar().deadline(dt.date(2026, 12, 28), 10)
    assert due == (dt.date(2027, 1, 11), True)
    assert WorkingCalendar().deadline(dt.date(2026, 12, 28), 3) == (dt.date(2026, 12, 31), False)


def test_admin_correction_is_what_counts():
    day = dt.date(2026, 6, 3)  # an ordinary Wednesday
    assert is_working_day(day)
    Holiday.objects.create(date=day, kind=HolidayKind.HOLIDAY, name="临时调整")
    assert not is_working_day(day)


def test_seeding_is_idempotent_and_leaves_maintained_years_alone():
    Holiday.objects.filter(date=dt.date(2026, 2, 16)).delete()
    assert services.calendar_seed() == []
    assert is_working_day(dt.date(2026, 2, 16))  # the admin's edit stands


@settings(max_examples=60, deadline=None)
@given(start=dates, days=st.integers(min_value=0, max_value=40))
def test_add_and_between_agree_and_match_the_official_calendar(start, days):
    end = add_working_days(start, days)
    if end.year > 2026:
        return
    assert working_days_between(start, end) == days
    assert days == 0 or chinese_calendar.is_workday(end)
    # Every day in between that the package calls a working day was counted.
    official = sum(
        chinese_calendar.is_workday(start + dt.timedelta(days=i))
        for i in range(1, (end - start).days + 1)
    )
    assert official == days


@settings(max_examples=40, deadline=None)
@given(a=dates, b=dates)
def test_between_is_antisymmetric(a, b):
    cal = WorkingCalendar()
    assert cal.working_days_between(a, b) == -cal.working_days_between(b, a)
