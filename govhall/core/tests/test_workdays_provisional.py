"""Beyond the holiday table: counted on Monday–Friday alone, marked provisional,
never refused (DESIGN.md, issue 10 finding 7). The seeded table ends at 2026."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.core.models import CalendarYear, Holiday, HolidayKind
from govhall.core.tests.calendar_2027 import weekdays_after  # the rule, written independently
from govhall.core.workdays import WorkingCalendar, missing_years

pytestmark = pytest.mark.django_db

LAST = 2026  # the last year chinesecalendar 1.11.0 publishes
around_the_edge = st.dates(min_value=dt.date(2026, 6, 1), max_value=dt.date(2027, 6, 30))
beyond = st.dates(min_value=dt.date(2027, 1, 1), max_value=dt.date(2031, 12, 31))
limits = st.integers(min_value=0, max_value=45)


def test_the_table_really_ends_at_2026():
    assert CalendarYear.objects.filter(year=LAST).exists()
    assert not CalendarYear.objects.filter(year__gt=LAST).exists()


@settings(max_examples=60, deadline=None)
@given(start=around_the_edge, days=limits, more=st.integers(min_value=0, max_value=10))
def test_monotonic_in_the_start_and_the_limit(start, days, more):
    cal = WorkingCalendar()
    end = cal.add_working_days(start, days)
    assert end >= start
    assert cal.add_working_days(start, days + more) >= end
    assert cal.add_working_days(start + dt.timedelta(days=more), days) >= end
    if days:
        assert cal.add_working_days(start, days + 1) > end


@settings(max_examples=80, deadline=None)
@given(start=around_the_edge, days=limits)
def test_provisional_iff_the_count_crosses_into_a_missing_year(start, days):
    due = WorkingCalendar().deadline(start, days)
    # No day is counted for a limit of 0: the start date itself is no guess.
    assert due.provisional == (days > 0 and due.date.year > LAST)
    assert WorkingCalendar().working_days_between(start, due.date) == days


@settings(max_examples=60, deadline=None)
@given(start=beyond, days=limits)
def test_a_missing_year_is_the_weekday_rule(start, days):
    assert WorkingCalendar().deadline(start, days) == (
        weekdays_after(start, days),
        days > 0,
    )


def test_holidays_entered_before_the_year_is_marked_do_not_count_yet():
    # An admin enters 2027's holidays one by one; until the year row exists the
    # count stays on the weekday rule, so every provisional date is consistent.
    Holiday.objects.create(date=dt.date(2027, 1, 1), kind=HolidayKind.HOLIDAY, name="元旦")
    cal = WorkingCalendar()
    assert cal.is_working_day(dt.date(2027, 1, 1)) and cal.is_provisional(dt.date(2027, 1, 1))
    CalendarYear.objects.create(year=2027, source="test")
    cal = WorkingCalendar()
    assert not cal.is_working_day(dt.date(2027, 1, 1))
    assert not cal.is_provisional(dt.date(2027, 1, 1))


def test_a_year_marked_with_no_holidays_is_the_weekday_rule_and_firm():
    CalendarYear.objects.create(year=2030, source="test")
    start = dt.date(2030, 3, 6)
    assert WorkingCalendar().deadline(start, 20) == (weekdays_after(start, 20), False)


def test_a_gap_in_the_middle_is_provisional_too():
    CalendarYear.objects.filter(year=2025).delete()
    due = WorkingCalendar().deadline(dt.date(2024, 12, 20), 10)
    assert due.provisional
    assert not WorkingCalendar().deadline(dt.date(2024, 12, 2), 5).provisional


@pytest.mark.parametrize(
    ("today", "missing"),
    [
        (dt.date(2026, 10, 31), []),
        (dt.date(2026, 11, 1), [2027]),
        (dt.date(2026, 12, 1), [2027]),
        (dt.date(2027, 2, 1), [2027]),
    ],
)
def test_which_years_an_admin_is_warned_about(today, missing):
    assert missing_years(today) == missing


def test_the_mark_in_both_languages():
    from django.utils import translation

    from govhall.core.workdays import with_mark

    assert with_mark("2027年1月12日", True) == "2027年1月12日（预计）"
    assert with_mark("2027年1月12日", False) == "2027年1月12日"
    with translation.override("en"):
        assert with_mark("12 January 2027", True) == "12 January 2027 (provisional)"


def test_a_year_entered_by_hand_is_checked():
    from govhall.core import services
    from govhall.core.errors import DomainError

    with pytest.raises(DomainError) as wrong_year:
        services.calendar_year_add(
            year=2027, days=[(dt.date(2028, 1, 3), "holiday", "元旦")], source="x"
        )
    with pytest.raises(DomainError) as wrong_kind:
        services.calendar_year_add(
            year=2027, days=[(dt.date(2027, 1, 1), "party", "元旦")], source="x"
        )
    with pytest.raises(DomainError) as present:
        services.calendar_year_add(year=2026, days=[], source="x")
    assert wrong_year.value.status == wrong_kind.value.status == 422
    assert present.value.code == "calendar_year_exists" and present.value.status == 409
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not Holiday.objects.filter(date__year__in=[2027, 2028]).exists()
