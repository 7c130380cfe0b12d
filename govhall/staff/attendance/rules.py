"""The attendance rules of one person's day, as pure functions (001 D.1, E.1).

- A day is inside the count when it is a working day (core.workdays) on which
  the centre opens (core.opening). Weekend and holiday duty is recorded but
  outside the count (E.1.2): status "duty".
- Arrival: at the window `staff.arrive_before_minutes` (10) before it opens
  (D.1). Late minutes are whole minutes after that of the day's first "in".
- Leaving: early minutes are whole minutes before closing of the day's last "out".
- Leave or training (staff.presence absences) moves the reference: a morning's
  leave moves the arrival to its end, an afternoon's the closing to its start;
  a whole day's leave is neither late nor absent.
- Lateness reported beforehand for work (E.1.4, the service desk's excuse) is
  not counted up to the time given; an early leave reported beforehand neither.
- Force majeure (E.1.5): lateness and absence that day are not counted.
- Absence (旷工): a counted day that is over, with no punch and no leave."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


class DayStatus:
    DUTY = "duty"  # a non-working day with punches: outside the count
    REST = "rest"  # a non-working day without punches
    LEAVE = "leave"  # leave or training the whole day
    ABSENT = "absent"
    PENDING = "pending"  # today, not yet in, not yet over
    AT_WORK = "at_work"  # today, in and not yet over
    FORCE_MAJEURE = "force_majeure"
    EXCUSED = "excused"
    LATE = "late"
    EARLY = "early"
    MISSING = "missing"  # an "in" or "out" is missing on a day that is over
    ON_TIME = "on_time"


@dataclass(frozen=True)
class DayRules:
    counted: bool
    arrive_by: dt.datetime | None = None  # opening minus the arrival rule
    closes: dt.datetime | None = None


@dataclass(frozen=True)
class DayFacts:
    ins: tuple[dt.datetime, ...] = ()
    outs: tuple[dt.datetime, ...] = ()
    late_excuse_until: dt.datetime | None = None  # the expected arrival reported
    early_excuse_from: dt.datetime | None = None  # the leaving time reported
    force_majeure: bool = False
    # leave and training: (start, end or None for open-ended)
    away: tuple[tuple[dt.datetime, dt.datetime | None], ...] = ()
    now: dt.datetime | None = None  # None: the day is over


@dataclass(frozen=True)
class DayResult:
    status: str
    first_in: dt.datetime | None = None
    last_out: dt.datetime | None = None
    late_minutes: int = 0  # by the rule, before excuses and force majeure
    late_counted: int = 0
    early_minutes: int = 0
    early_counted: int = 0
    excused: bool = False  # an excuse took counted minutes away
    force_majeure: bool = False  # force majeure took lateness or absence away
    absent: bool = False  # counted absence
    missing: int = 0  # missing punches (in or out) on a day that is over
    worked: bool = False  # a counted day with a punch
    duty: bool = False


def whole_minutes(delta: dt.timedelta) -> int:
    """Whole minutes of a positive delta; 0 for anything not positive."""
    seconds = delta.total_seconds()
    return int(seconds // 60) if seconds > 0 else 0


def _covers(span: tuple[dt.datetime, dt.datetime | None], moment: dt.datetime) -> bool:
    start, end = span
    return start <= moment and (end is None or moment < end)


def references(rules: DayRules, away) -> tuple[dt.datetime, dt.datetime] | None:
    """The arrival and closing that count after leave and training; None when
    the absences cover the whole day."""
    start, end = rules.arrive_by, rules.closes
    moved = True
    while moved:  # absences may chain (training, then leave)
        moved = False
        for span in away:
            if _covers(span, start):
                if span[1] is None:
                    return None
                start, moved = span[1], True
    moved = True
    while moved:
        moved = False
        for span in away:
            if span[0] < end and (span[1] is None or end <= span[1]):
                if span[0] <= start:
                    return None
                end, moved = span[0], True
    if start >= end:
        return None
    return start, end


def evaluate(rules: DayRules, facts: DayFacts) -> DayResult:
    ins, outs = sorted(facts.ins), sorted(facts.outs)
    first_in = ins[0] if ins else None
    last_out = outs[-1] if outs else None
    punched = bool(ins or outs)
    if not rules.counted:
        status = DayStatus.DUTY if punched else DayStatus.REST
        return DayResult(status, first_in, last_out, duty=punched)
    refs = references(rules, facts.away)
    if refs is None:
        return DayResult(DayStatus.LEAVE, first_in, last_out, worked=punched)
    arrive_by, closes = refs
    over = facts.now is None or facts.now >= closes
    if not punched:
        if not over:
            return DayResult(DayStatus.PENDING)
        if facts.force_majeure:
            return DayResult(DayStatus.FORCE_MAJEURE, force_majeure=True)
        return DayResult(DayStatus.ABSENT, absent=True)

    late = whole_minutes(first_in - arrive_by) if first_in else 0
    late_counted, excused, fm = late, False, False
    if late and facts.late_excuse_until is not None:
        late_counted = whole_minutes(first_in - max(arrive_by, facts.late_excuse_until))
        excused = late_counted < late
    if late_counted and facts.force_majeure:
        late_counted, fm = 0, True
    # An "out" counts as leaving only after the last "in" (a lunch out and back
    # in is not an early leave).
    leaving = last_out if last_out and (not ins or last_out >= ins[-1]) else None
    early = whole_minutes(closes - leaving) if leaving else 0
    early_counted = early
    if early and facts.early_excuse_from is not None:
        early_counted = whole_minutes(min(closes, facts.early_excuse_from) - leaving)
        excused = excused or early_counted < early
    missing = (0 if ins else 1) + (0 if leaving else 1) if over else 0

    if late_counted:
        status = DayStatus.LATE
    elif early_counted:
        status = DayStatus.EARLY
    elif missing:
        status = DayStatus.MISSING
    elif fm:
        status = DayStatus.FORCE_MAJEURE
    elif excused:
        status = DayStatus.EXCUSED
    elif not over and not leaving:
        status = DayStatus.AT_WORK
    else:
        status = DayStatus.ON_TIME
    return DayResult(
        status,
        first_in,
        last_out,
        late_minutes=late,
        late_counted=late_counted,
        early_minutes=early,
        early_counted=early_counted,
        excused=excused,
        force_majeure=fm,
        missing=missing,
        worked=True,
    )
