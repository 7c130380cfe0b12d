"""The arrivals forecast of one queue for one day, per half hour, and what it is
made of: the weekday × half-hour profile of the recent weeks (plain days only),
the trend of those weeks, the calendar's mark on the day (measured on the
history's own marked days, a stated default until two exist) and the bookings
already made. Pure: it reads a history.History and a WorkingCalendar."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from . import calendar_effects
from .history import History, QueueHistory

TREND_BOUNDS = (0.7, 1.4)


@dataclass(frozen=True)
class DayForecast:
    walk_ins: dict[int, float]  # slot -> expected walk-in tickets
    appointments: dict[int, float]  # slot -> expected appointment check-ins
    reference_days: int
    trend: float
    tag: str  # the calendar mark used ("" for none)
    calendar_factor: float
    calendar_measured: bool  # measured on the history, not the default
    booked: int  # bookings made for the day (all slots)

    def total(self, slot: int) -> float:
        return self.walk_ins.get(slot, 0.0) + self.appointments.get(slot, 0.0)

    @property
    def day_total(self) -> float:
        return sum(self.walk_ins.values()) + sum(self.appointments.values())


def profile_key(cal, day: dt.date) -> int:
    """A make-up working day (调休) on a weekend is counted as a Monday."""
    if day.weekday() >= 5 and cal.is_working_day(day):
        return 0
    return day.weekday()


SPARSE = 0.3  # a day under this share of its weekday's median is left out


def centre_totals(history: History) -> dict[dt.date, int]:
    """date -> the whole centre's tickets (computed once per history)."""
    if getattr(history, "_centre", None) is None:
        totals: dict[dt.date, int] = {d: 0 for d in history.days}
        for qh in history.queues.values():
            for d, n in qh.day_totals().items():
                totals[d] = totals.get(d, 0) + n
        history._centre = totals
    return history._centre


def sparse_days(history: History, cal) -> set[dt.date]:
    """Days the whole centre took under 30 % of the median of its days of the
    same weekday: a part day (the system down, the hall closed early, today's
    morning when asked at noon), not the pattern. Computed once per history."""
    if getattr(history, "_sparse", None) is None:
        totals = centre_totals(history)
        by_key: dict[int, list[int]] = {}
        for d, n in totals.items():
            by_key.setdefault(profile_key(cal, d), []).append(n)
        medians = {k: statistics.median(v) for k, v in by_key.items()}
        history._sparse = {
            d for d, n in totals.items() if n < SPARSE * medians[profile_key(cal, d)]
        }
    return history._sparse


def _plain(cal, day: dt.date, marks: dict) -> bool:
    if day not in marks:
        marks[day] = calendar_effects.tags(cal, day) if cal.is_working_day(day) else []
    return not marks[day]


def reference_days(history: History, cal, day: dt.date, weeks: int, until: dt.date, marks: dict):
    """Plain open days of the same profile weekday in the `weeks` before `until`."""
    key = profile_key(cal, day)
    first = until - dt.timedelta(weeks=weeks)
    sparse = sparse_days(history, cal)
    return sorted(
        d
        for d in history.days
        if first <= d < until
        and profile_key(cal, d) == key
        and d not in sparse
        and _plain(cal, d, marks)
    )


def _trend(history: History, cal, day, weeks, until, marks) -> float:
    """The centre's trend (one queue's few dozen a day would make it noise):
    least squares over the weekly means of plain days, each day measured
    against its weekday's mean (so a week short of a Monday is not a dip),
    carried to `day`."""
    first = until - dt.timedelta(weeks=weeks)
    totals = centre_totals(history)
    sparse = sparse_days(history, cal)
    days = [
        d for d in history.days if first <= d < until and d not in sparse and _plain(cal, d, marks)
    ]
    by_key: dict[int, list[int]] = {}
    for d in days:
        by_key.setdefault(profile_key(cal, d), []).append(totals.get(d, 0))
    level = {k: statistics.fmean(v) for k, v in by_key.items()}
    per_week: dict[int, list[float]] = {}
    for d in days:
        base = level[profile_key(cal, d)]
        if base > 0:
            per_week.setdefault((d - first).days // 7, []).append(totals.get(d, 0) / base)
    points = [(w, statistics.fmean(v)) for w, v in sorted(per_week.items())]
    if len(points) < 3:
        return 1.0
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if my <= 0 or sxx == 0:
        return 1.0
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    # The profile is the mean of the window, i.e. the level at its centre (mx).
    ahead = (day - first).days / 7 - mx
    low, high = TREND_BOUNDS
    return min(high, max(low, (my + slope * ahead) / my))


def _calendar(qh: QueueHistory, history: History, cal, day, until, marks):
    """(tag, factor, measured): the day's strongest mark and how much it moves a day."""
    tags = calendar_effects.tags(cal, day) if cal.is_working_day(day) else []
    if not tags:
        return "", 1.0, False
    tag = tags[0]
    totals = qh.day_totals()
    ratios = []
    for d in history.days:
        if d >= until or not cal.is_working_day(d):
            continue
        _plain(cal, d, marks)
        if not marks[d] or marks[d][0] != tag:
            continue
        # Against the plain days of its weekday in the four weeks before it.
        near = [
            totals.get(x, 0)
            for x in history.days
            if d - dt.timedelta(weeks=4) <= x < d
            and profile_key(cal, x) == profile_key(cal, d)
            and _plain(cal, x, marks)
        ]
        base = statistics.fmean(near) if near else 0
        if base > 0:
            ratios.append(totals.get(d, 0) / base)
    if len(ratios) >= 2:
        return tag, statistics.median(ratios), True
    return tag, calendar_effects.DEFAULT_FACTORS[tag], False


def forecast_day(
    history: History,
    queue_id: int,
    day: dt.date,
    slots: list[int],
    cal,
    *,
    weeks: int,
    until: dt.date | None = None,
    booked: dict[tuple[int, int], int] | None = None,
    marks: dict | None = None,
) -> DayForecast:
    """Forecast of `day` from the history before `until` (default: `day`)."""
    until = until or day
    marks = {} if marks is None else marks
    qh = history.queues.get(queue_id) or QueueHistory()
    refs = reference_days(history, cal, day, weeks, until, marks)
    trend = _trend(history, cal, day, weeks, until, marks) if refs else 1.0
    tag, factor, measured = _calendar(qh, history, cal, day, until, marks)
    n = len(refs) or 1
    show = 1.0 - qh.no_show_share
    walk, appt, booked_total = {}, {}, 0
    for s in slots:
        w = sum(qh.walk_ins.get((d, s), 0) for d in refs) / n
        a = sum(qh.appointments.get((d, s), 0) for d in refs) / n
        walk[s] = w * trend * factor
        made = (booked or {}).get((queue_id, s), 0)
        booked_total += made
        # Bookings already made are a floor on the check-ins (those who come).
        appt[s] = max(a * trend, made * show)
    return DayForecast(walk, appt, len(refs), trend, tag, factor, measured, booked_total)


@dataclass(frozen=True)
class Accuracy:
    days: int
    mape: float | None  # mean absolute percentage error of the day totals, %
    wape: float | None  # half-hour error weighted by the arrivals, %


def backtest(history: History, queue_id: int, days, slots_of, cal, *, weeks: int) -> Accuracy:
    """Each held-out day forecast from the history before its own week, against
    what came. `slots_of(day)` gives the day's open half hours."""
    qh = history.queues.get(queue_id) or QueueHistory()
    totals = qh.day_totals()
    marks: dict = {}
    pct, abs_err, came = [], 0.0, 0
    for day in days:
        slots = slots_of(day)
        if not slots:
            continue
        week_start = day - dt.timedelta(days=day.weekday())
        f = forecast_day(
            history, queue_id, day, slots, cal, weeks=weeks, until=week_start, marks=marks
        )
        actual = totals.get(day, 0)
        if actual > 0:
            pct.append(abs(f.day_total - actual) / actual)
        for s in slots:
            real = qh.walk_ins.get((day, s), 0) + qh.appointments.get((day, s), 0)
            abs_err += abs(f.total(s) - real)
            came += real
    return Accuracy(
        days=len(pct),
        mape=100 * statistics.fmean(pct) if pct else None,
        wape=100 * abs_err / came if came else None,
    )
