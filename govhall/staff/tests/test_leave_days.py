"""Counting leave: half days, working days only (core.workdays)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govhall.core.models import CalendarYear, Holiday, HolidayKind
from govhall.core.workdays import WorkingCalendar
from govhall.staff.leave.days import MIDDAY, Part, count_days, describe, local, span

pytestmark = pytest.mark.django_db

BASE = dt.date(2031, 3, 3)  # a Monday; 2031 is not in the table: weekdays only
days_ = st.integers(0, 40)
parts = st.sampled_from([Part.AM, Part.PM])


def weekdays(first: dt.date, last: dt.date) -> int:
    return sum((first + dt.timedelta(days=i)).weekday() < 5 for i in range((last - first).days + 1))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(a=days_, n=st.integers(0, 20), sp=parts, ep=parts)
def test_whole_and_half_days_on_working_days(a, n, sp, ep):
    first, last = BASE + dt.timedelta(days=a), BASE + dt.timedelta(days=a + n)
    start, end = span(first, sp, last, ep)
    if end <= start:
        return
    got = count_days(start, end, WorkingCalendar())
    expected = Decimal(weekdays(first, last))
    if sp == Part.PM and first.weekday() < 5:
        expected -= Decimal("0.5")
    if ep == Part.AM and last.weekday() < 5:
        expected -= Decimal("0.5")
    assert got == expected
    assert got % Decimal("0.5") == 0 and Decimal(0) <= got <= n + 1


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(a=days_, n=st.integers(0, 15), cut=st.integers(1, 15))
def test_counting_adds_up_over_a_split_and_weekends_add_nothing(a, n, cut):
    start = local(BASE + dt.timedelta(days=a), dt.time(0))
    end = local(BASE + dt.timedelta(days=a + n + 1), dt.time(0))
    middle = min(local(BASE + dt.timedelta(days=a + cut), MIDDAY), end)
    cal = WorkingCalendar()
    assert count_days(start, middle, cal) + count_days(middle, end, cal) == count_days(
        start, end, cal
    )


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(d=days_, h1=st.integers(0, 23), h2=st.integers(1, 24))
def test_hours_within_one_day_count_the_halves_they_touch(d, h1, h2):
    day = BASE + dt.timedelta(days=d)
    if h2 <= h1:
        return
    start = local(day, dt.time(h1))
    end = local(day, dt.time(0)) + dt.timedelta(hours=h2)
    halves = (h1 < 12) + (h2 > 12)
    expected = Decimal("0.5") * halves if day.weekday() < 5 else Decimal(0)
    assert count_days(start, end, WorkingCalendar()) == expected


def test_public_holidays_and_make_up_days_follow_the_table():
    CalendarYear.objects.create(year=2031)
    Holiday.objects.create(date=dt.date(2031, 3, 4), kind=HolidayKind.HOLIDAY, name="节")
    Holiday.objects.create(date=dt.date(2031, 3, 8), kind=HolidayKind.WORKDAY, name="调休")
    start, end = span(BASE, Part.AM, BASE + dt.timedelta(days=6), Part.PM)  # Mon..Sun
    assert count_days(start, end) == Decimal("5")  # Tue off, Sat worked


def test_described_spans():
    start, end = span(BASE, Part.PM, BASE + dt.timedelta(days=1), Part.AM)
    assert describe(start, end) == "2031-03-03 下午 — 2031-03-04 上午"
    start, end = span(BASE, Part.AM, BASE, Part.PM, start_time=dt.time(14), end_time=dt.time(16))
    assert describe(start, end) == "2031-03-03 14:00 — 2031-03-03 16:00"
