"""The clock in working days (Licensing Law art. 42, 45): counted from the day
after acceptance, without public holidays, with 调休 working weekends, stopped
by special procedures, extended once; checked against `chinese_calendar`
itself across the 2025 Spring Festival and National Day."""

import datetime as dt

import chinese_calendar
import pytest

from govhall.cases import services
from govhall.cases.models import Case, CaseStatus, WarningLevel
from govhall.cases.tests.factories import at, intake
from govhall.core.models import Event


def official(start: dt.date, days: int) -> dt.date:
    """The oracle: the `days`-th working day after `start` by chinese_calendar."""
    day = start
    while days:
        day += dt.timedelta(days=1)
        days -= chinese_calendar.is_workday(day)
    return day


def official_between(start: dt.date, end: dt.date) -> int:
    return sum(
        chinese_calendar.is_workday(start + dt.timedelta(days=n))
        for n in range(1, (end - start).days + 1)
    )


SPRING_FESTIVAL = [dt.date(2025, 1, 20) + dt.timedelta(days=n) for n in range(0, 22, 3)]
NATIONAL_DAY = [dt.date(2025, 9, 22) + dt.timedelta(days=n) for n in range(0, 22, 3)]


@pytest.mark.parametrize("day", SPRING_FESTIVAL + NATIONAL_DAY, ids=str)
def test_committed_dates_across_the_2025_holidays(w, day):
    promise = intake(w, w["promise"], now=at(day.year, day.month, day.day))
    parallel = intake(w, w["parallel"], now=at(day.year, day.month, day.day))
    assert promise.due_date == official(day, 5)
    assert parallel.due_date == official(day, 10)


def test_make_up_working_days_count():
    # The holidays the tests walk through, as the official schedule has them.
    assert chinese_calendar.is_workday(dt.date(2025, 1, 26))  # Sunday, 调休
    assert chinese_calendar.is_workday(dt.date(2025, 2, 8))  # Saturday, 调休
    assert not chinese_calendar.is_workday(dt.date(2025, 2, 4))
    assert chinese_calendar.is_workday(dt.date(2025, 9, 28))  # Sunday, 调休
    assert chinese_calendar.is_workday(dt.date(2025, 10, 11))  # Saturday, 调休
    assert not chinese_calendar.is_workday(dt.date(2025, 10, 8))


def test_spring_festival_worked_example(w):
    # Friday 24 Jan: Sun 26 (调休), Mon 27, then the holiday to 4 Feb, Wed 5, Thu 6, Fri 7.
    case = intake(w, w["promise"], now=at(2025, 1, 24))
    assert case.due_date == dt.date(2025, 2, 7) == official(dt.date(2025, 1, 24), 5)


def test_suspension_over_national_day_and_an_extension(w):
    start = dt.date(2025, 9, 26)
    case = intake(w, w["promise"], now=at(2025, 9, 26))
    services.case_suspend(
        expected_days=10,
        actor=w["reviewer"],
        case=case,
        kind="expert_review",
        reason="组织专家评审",
        now=at(2025, 9, 29),
    )
    case = services.case_resume(actor=w["reviewer"], case=case, now=at(2025, 10, 10))
    excluded = official_between(dt.date(2025, 9, 29), dt.date(2025, 10, 10))
    assert excluded == 3  # 30 Sep, 9 and 10 Oct; 1-8 Oct are holidays
    assert case.suspended_days == excluded
    assert case.due_date == official(start, 5 + excluded)
    services.case_extension_request(actor=w["reviewer"], case=case, reason="情况复杂")
    case = services.case_extension_approve(actor=w["reviewer2"], case=case, now=at(2025, 10, 13))
    assert case.due_date == official(start, 5 + excluded + 10)


def test_two_suspensions_add_up(w):
    start = dt.date(2025, 1, 20)
    case = intake(w, w["promise"], now=at(2025, 1, 20))
    for begin, end, kind in (
        ((2025, 1, 21), (2025, 2, 6), "testing"),
        ((2025, 2, 7), (2025, 2, 10), "quarantine"),
    ):
        services.case_suspend(
            expected_days=10,
            actor=w["reviewer"],
            case=case,
            kind=kind,
            reason="依法检验检疫",
            now=at(*begin),
        )
        case = services.case_resume(actor=w["reviewer"], case=case, now=at(*end))
    excluded = official_between(dt.date(2025, 1, 21), dt.date(2025, 2, 6)) + official_between(
        dt.date(2025, 2, 7), dt.date(2025, 2, 10)
    )
    assert case.suspended_days == excluded
    assert case.due_date == official(start, 5 + excluded)
    assert [s.excluded_days for s in case.suspensions.order_by("id")] == [
        official_between(dt.date(2025, 1, 21), dt.date(2025, 2, 6)),
        official_between(dt.date(2025, 2, 7), dt.date(2025, 2, 10)),
    ]


def test_sweep_warns_yellow_then_red_once_each(w):
    case = intake(w, w["promise"], now=at(2025, 9, 26))
    due = case.due_date  # 5 working days after 26 Sep: across National Day
    assert due == official(dt.date(2025, 9, 26), 5)
    assert services.cases_sweep(now=at(2025, 9, 29))["yellow"] == 0
    # Two working days before the due date: yellow (the default threshold).
    two_before = next(
        official(d, 0)
        for d in (due - dt.timedelta(days=n) for n in range(1, 20))
        if official_between(d, due) == 2
    )
    assert (
        services.cases_sweep(now=at(two_before.year, two_before.month, two_before.day))["yellow"]
        == 1
    )
    assert (
        services.cases_sweep(now=at(two_before.year, two_before.month, two_before.day))["yellow"]
        == 0
    )
    case.refresh_from_db()
    assert case.warning == WarningLevel.YELLOW
    assert services.cases_sweep(now=at(due.year, due.month, due.day))["red"] == 0
    after = due + dt.timedelta(days=1)
    assert services.cases_sweep(now=at(after.year, after.month, after.day))["red"] == 1
    assert services.cases_sweep(now=at(after.year, after.month, after.day))["red"] == 0
    case.refresh_from_db()
    assert case.warning == WarningLevel.RED
    levels = [e.payload["level"] for e in Event.objects.filter(kind="case.warning")]
    assert levels == ["yellow", "red"]


def test_threshold_is_a_centre_setting_and_suspended_clocks_do_not_warn(w):
    w["center"].settings = {**w["center"].settings, "cases.warning_days": 0}
    w["center"].save()
    case = intake(w, w["promise"], now=at(2025, 3, 3))  # due Monday 10 March
    assert services.cases_sweep(now=at(2025, 3, 7))["yellow"] == 0
    assert services.cases_sweep(now=at(2025, 3, 10))["yellow"] == 1
    other = intake(w, w["promise"], now=at(2025, 3, 3))
    services.case_suspend(
        expected_days=10,
        actor=w["reviewer"],
        case=other,
        kind="auction",
        reason="拍卖",
        now=at(2025, 3, 4),
    )
    assert services.cases_sweep(now=at(2025, 4, 30))["red"] == 1  # only the running one
    assert Case.objects.get(pk=other.pk).warning == ""
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ACCEPTED


def test_a_year_without_a_calendar_is_taken_in_provisionally(w):
    # Weekdays alone, marked 预计 (test_provisional.py covers the rest).
    case = intake(w, w["promise"], now=at(2031, 3, 3))
    assert case.due_date == dt.date(2031, 3, 10) and case.due_date_provisional


def test_the_scheduled_job_runs_the_sweep(w):
    from govhall.cases import tasks

    case = intake(w, w["promise"], now=at(2025, 3, 3))
    tasks.sweep_deadlines.call_local()  # today is long after 2025
    case.refresh_from_db()
    assert case.warning == WarningLevel.RED


def test_parallel_limits_move_with_the_case(w):
    case = intake(w, w["parallel"], now=at(2025, 9, 26))
    services.parallel_answer(actor=w["p1_actor"], case=case, department=w["p1"], answer="agree")
    services.case_suspend(
        expected_days=10,
        actor=w["reviewer"],
        case=case,
        kind="appraisal",
        reason="鉴定",
        now=at(2025, 9, 29),
    )
    case = services.case_resume(actor=w["reviewer"], case=case, now=at(2025, 10, 10))
    dues = dict(case.parallel_tasks.values_list("department_id", "due_date"))
    assert dues[w["p2"].pk] == case.due_date == official(dt.date(2025, 9, 26), 13)
    assert dues[w["p1"].pk] == official(dt.date(2025, 9, 26), 10)  # answered: kept as it was
