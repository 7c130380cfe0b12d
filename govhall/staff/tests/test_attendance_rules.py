"""The attendance rules over arbitrary days (001 D.1, E.1): lateness is never
negative and is whole minutes after the arrival rule; an excuse covering the
arrival counts nothing; force majeure counts nothing; a non-working day is
outside the count whatever was punched."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from govhall.staff.attendance.rules import DayFacts, DayRules, DayStatus, evaluate, references
from govhall.staff.tests.attendance_factories import local

DAY = local(2026, 11, 18)
RULES = DayRules(counted=True, arrive_by=local(2026, 11, 18, 8, 50), closes=local(2026, 11, 18, 17))
moments = st.integers(min_value=0, max_value=24 * 3600 - 1).map(
    lambda s: DAY + dt.timedelta(seconds=s)
)
punch_lists = st.lists(moments, max_size=4).map(tuple)


@given(punch_lists, punch_lists, st.booleans())
def test_late_and_early_are_never_negative_and_counted_never_exceeds_the_rule(ins, outs, fm):
    r = evaluate(RULES, DayFacts(ins=ins, outs=outs, force_majeure=fm))
    assert r.late_minutes >= 0 and r.early_minutes >= 0
    assert 0 <= r.late_counted <= r.late_minutes
    assert 0 <= r.early_counted <= r.early_minutes
    if ins:
        first = min(ins)
        expected = max(0, int((first - RULES.arrive_by).total_seconds() // 60))
        assert r.late_minutes == expected
        assert r.first_in == first
    if fm:
        assert r.late_counted == 0 and not r.absent


@given(moments, moments)
def test_an_excuse_covering_the_arrival_counts_nothing(arrival, expected):
    r = evaluate(RULES, DayFacts(ins=(arrival,), late_excuse_until=expected))
    if arrival <= expected:
        assert r.late_counted == 0
        assert r.excused == (r.late_minutes > 0)
    else:
        assert r.late_counted == max(
            0, int((arrival - max(expected, RULES.arrive_by)).total_seconds() // 60)
        )


@given(punch_lists, punch_lists, st.booleans())
def test_a_non_working_day_is_outside_the_count(ins, outs, fm):
    r = evaluate(DayRules(counted=False), DayFacts(ins=ins, outs=outs, force_majeure=fm))
    assert r.late_counted == r.early_counted == 0 and not r.absent and not r.worked
    assert r.status == (DayStatus.DUTY if ins or outs else DayStatus.REST)
    assert r.duty == bool(ins or outs)


def test_the_rule_is_ten_minutes_before_opening():
    at = local(2026, 11, 18, 8, 50, 59)
    assert evaluate(RULES, DayFacts(ins=(at,))).late_minutes == 0
    r = evaluate(
        RULES, DayFacts(ins=(local(2026, 11, 18, 9, 2),), outs=(local(2026, 11, 18, 17, 5),))
    )
    assert (r.late_minutes, r.status, r.missing) == (12, DayStatus.LATE, 0)


def test_absent_pending_missing_and_lunch():
    assert evaluate(RULES, DayFacts()).status == DayStatus.ABSENT
    assert evaluate(RULES, DayFacts(force_majeure=True)).status == DayStatus.FORCE_MAJEURE
    noon = local(2026, 11, 18, 12)
    assert evaluate(RULES, DayFacts(now=noon)).status == DayStatus.PENDING
    came = local(2026, 11, 18, 8, 40)
    assert evaluate(RULES, DayFacts(ins=(came,), now=noon)).status == DayStatus.AT_WORK
    r = evaluate(RULES, DayFacts(ins=(came,)))
    assert (r.status, r.missing) == (DayStatus.MISSING, 1)
    # Out for lunch and back in: not an early leave; the day's "out" is missing.
    r = evaluate(RULES, DayFacts(ins=(came, local(2026, 11, 18, 13)), outs=(noon,)))
    assert r.early_minutes == 0 and r.missing == 1
    r = evaluate(RULES, DayFacts(ins=(came,), outs=(local(2026, 11, 18, 16, 30),)))
    assert (r.early_counted, r.status) == (30, DayStatus.EARLY)
    r = evaluate(
        RULES,
        DayFacts(
            ins=(came,),
            outs=(local(2026, 11, 18, 16, 30),),
            early_excuse_from=local(2026, 11, 18, 16, 20),
        ),
    )
    assert (r.early_counted, r.status, r.excused) == (0, DayStatus.EXCUSED, True)


def test_leave_moves_the_references_and_a_whole_day_is_leave():
    morning = ((local(2026, 11, 18, 8), local(2026, 11, 18, 12)),)
    assert references(RULES, morning) == (local(2026, 11, 18, 12), RULES.closes)
    afternoon = ((local(2026, 11, 18, 13), None),)
    assert references(RULES, afternoon) == (RULES.arrive_by, local(2026, 11, 18, 13))
    r = evaluate(
        RULES, DayFacts(ins=(local(2026, 11, 18, 12, 5),), outs=(RULES.closes,), away=morning)
    )
    assert r.late_counted == 5
    whole = ((local(2026, 11, 17), local(2026, 11, 19)),)
    assert evaluate(RULES, DayFacts(away=whole)).status == DayStatus.LEAVE
