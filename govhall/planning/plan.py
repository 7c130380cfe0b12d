"""A day's plan per half hour of the opening hours: arrivals expected (the
forecast), the mean service time, the windows the service target needs (Erlang
C), the windows rostered (staff.posts and presence) and the wait to expect with
them; and the what-ifs recomputed on the same inputs.

The expected wait carries the line: when a half hour has fewer windows than its
load, the people left over wait into the next (a fluid line on top of Erlang
C's steady state), so a short morning gap shows in the waits after it."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.utils import timezone

from govhall.core import opening
from govhall.core.center_settings import center_setting

from . import erlang
from .forecast import DayForecast, forecast_day
from .history import SLOT_MINUTES, History, QueueHistory, slot_of
from .roster import Desk, SlotRoster, day_roster

NO_SHOW_MINUTES = 1.0  # a window's time lost on a no-show (the call, the wait for them)


@dataclass(frozen=True)
class WhatIf:
    extra_windows: int = 0  # more windows open in every half hour
    faster_percent: int = 0  # service this much faster
    more_arrivals_percent: int = 0  # arrivals this much higher (may be negative)
    merge_queue_id: int | None = None  # the plan's queue and this one as one line

    @property
    def active(self) -> bool:
        return bool(
            self.extra_windows
            or self.faster_percent
            or self.more_arrivals_percent
            or self.merge_queue_id
        )


NO_WHATIF = WhatIf()


def target_of(center) -> erlang.Target:
    mean = center_setting(center, "planning.target_mean_minutes")
    return erlang.Target(
        share=center_setting(center, "planning.target_percent") / 100,
        minutes=float(center_setting(center, "planning.target_minutes")),
        mean_minutes=float(mean) if mean else None,
    )


def half_hours(center, day: dt.date, exceptions=None) -> list[tuple[dt.datetime, dt.datetime]]:
    """The day's opening split into half hours (a last short one where it ends off the half)."""
    tz = timezone.get_current_timezone()
    out = []
    for start, end in opening.intervals_on(center, day, exceptions):
        at = dt.datetime.combine(day, start, tzinfo=tz)
        close = dt.datetime.combine(day, end, tzinfo=tz)
        while at < close:
            nxt = min(close, at + dt.timedelta(minutes=SLOT_MINUTES))
            out.append((at, nxt))
            at = nxt
    return out


def service_minutes(qh: QueueHistory | None, default: float) -> float:
    """The window time a ticket of the queue takes: service of the served, a
    minute for each no-show."""
    if qh is None or qh.service.mean is None:
        return default
    ns = qh.no_show_share
    return (1 - ns) * qh.service.mean + ns * NO_SHOW_MINUTES


def fold(values_by_slot: dict[int, float], open_slots: list[int]) -> list[float]:
    """Expected arrivals per open half hour; those who come before opening (the
    early tickets) count in the first half hour after it, and likewise after closing."""
    values = [0.0] * len(open_slots)
    if not open_slots:
        return values
    index = {s: i for i, s in enumerate(open_slots)}
    for s, v in values_by_slot.items():
        if s in index:
            i = index[s]
        else:
            later = [i for i, o in enumerate(open_slots) if o > s]
            i = later[0] if later else len(open_slots) - 1
        values[i] += v
    return values


@dataclass
class Row:
    start: dt.datetime
    end: dt.datetime
    arrivals_expected: float
    service_minutes: float
    windows_needed: int
    windows_rostered: int
    expected_wait_minutes: float | None
    arrivals_actual: int | None = None
    load: float = 0.0  # offered load in windows (λ × service time)

    @property
    def gap(self) -> int:
        return max(0, self.windows_needed - self.windows_rostered)

    @property
    def surplus(self) -> int:
        return max(0, self.windows_rostered - self.windows_needed)

    def as_api(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "arrivals_expected": round(self.arrivals_expected, 1),
            "service_minutes": round(self.service_minutes, 1),
            "windows_needed": self.windows_needed,
            "windows_rostered": self.windows_rostered,
            "expected_wait_minutes": None
            if self.expected_wait_minutes is None
            else round(self.expected_wait_minutes, 1),
        }


def waits(rows: list[Row]) -> None:
    """Fill each row's expected wait with its rostered windows, carrying the line.

    Erlang C's steady state is reached only after a while: near full load it
    promises waits no half hour can build. So the random part of the wait is
    Erlang C's, capped by what a fully loaded line grows to in the half hour
    (a random walk: about 0.8·√(2λT) people, cleared at the windows' pace);
    on top comes the line carried over from an overloaded half hour (fluid)."""
    line = 0.0  # people left in line at the end of the previous half hour
    for r in rows:
        minutes = (r.end - r.start).total_seconds() / 60
        lam = r.arrivals_expected / minutes if minutes else 0.0
        mu = 1 / r.service_minutes
        c = r.windows_rostered
        if c == 0:
            line += lam * minutes
            r.expected_wait_minutes = None if line > 0 else 0.0
            continue
        capacity = c * mu
        left = max(0.0, line + (lam - capacity) * minutes)
        steady = erlang.mean_wait(c, lam, mu)
        cap = 0.8 * math.sqrt(2 * lam * minutes) / capacity
        carried = (line + left) / 2 / capacity
        r.expected_wait_minutes = min(steady, cap) + carried
        line = left


@dataclass
class DayPlan:
    day: dt.date
    rows: list[Row]
    forecasts: dict[int, DayForecast] = field(default_factory=dict)  # queue id -> forecast
    rosters: list[SlotRoster] = field(default_factory=list)
    target: erlang.Target | None = None
    # queue id -> expected (walk-ins, appointments) per half hour, what-ifs applied;
    # queue id -> (service minutes, spread, no-show share, priority share)
    by_queue: dict[int, tuple[list[float], list[float]]] = field(default_factory=dict)
    service_by_queue: dict[int, tuple[float, float | None, float, float]] = field(
        default_factory=dict
    )
    queue_ids: list[int] = field(default_factory=list)
    whatif: WhatIf = field(default_factory=WhatIf)

    @property
    def arrivals(self) -> float:
        return sum(r.arrivals_expected for r in self.rows)

    @property
    def peak_needed(self) -> int:
        return max((r.windows_needed for r in self.rows), default=0)

    @property
    def gap_slots(self) -> int:
        return sum(1 for r in self.rows if r.gap)

    @property
    def surplus_slots(self) -> int:
        return sum(1 for r in self.rows if r.surplus >= 2)


def build(
    *,
    center,
    day: dt.date,
    history: History,
    desks: list[Desk],
    queue_ids: list[int],
    cal,
    weeks: int,
    booked: dict,
    whatif: WhatIf = NO_WHATIF,
    actual: History | None = None,
) -> DayPlan:
    """The plan of `day` for the queues `queue_ids` as one line (one queue, or
    the whole centre whose windows call every queue by their profiles)."""
    spans = half_hours(center, day)
    target = target_of(center)
    if not spans:
        return DayPlan(day, [], target=target)
    ids = list(queue_ids)
    if whatif.merge_queue_id and whatif.merge_queue_id not in ids:
        ids.append(whatif.merge_queue_id)
    open_slots = [slot_of(s.time()) for s, _e in spans]
    default = float(center_setting(center, "queue.default_service_minutes"))
    more = 1 + whatif.more_arrivals_percent / 100
    faster = 1 - whatif.faster_percent / 100
    forecasts, per_queue, by_queue, service_by_queue = {}, {}, {}, {}
    for q in ids:
        f = forecasts[q] = forecast_day(
            history, q, day, list(range(48)), cal, weeks=weeks, booked=booked
        )
        walk = [v * more for v in fold(f.walk_ins, open_slots)]
        appt = [v * more for v in fold(f.appointments, open_slots)]
        by_queue[q] = (walk, appt)
        per_queue[q] = [w + a for w, a in zip(walk, appt, strict=True)]
        qh = history.queues.get(q)
        service_by_queue[q] = (
            service_minutes(qh, default) * faster,
            qh.service.sd * faster if qh and qh.service.sd else None,
            qh.no_show_share if qh else 0.0,
            qh.priority_share if qh else 0.0,
        )
    moments = [s + (e - s) / 2 for s, e in spans]
    rosters = day_roster(center, desks, moments)
    mine = {d.window_id for d in desks if d.queues & set(ids)}
    rows = []
    for i, (start, end) in enumerate(spans):
        minutes = (end - start).total_seconds() / 60
        arrivals = sum(per_queue[q][i] for q in ids)
        if arrivals > 0:
            service = sum(per_queue[q][i] * service_by_queue[q][0] for q in ids) / arrivals
        else:
            service = statistics_mean([service_by_queue[q][0] for q in ids]) or default
        lam, mu = arrivals / minutes, 1 / service
        rostered = sum(1 for w in rosters[i].served if w in mine) + whatif.extra_windows
        came = None
        if actual is not None:
            came = 0
            for q in ids:
                qh = actual.queues.get(q)
                if qh:
                    came += _came(qh, day, open_slots, i)
        rows.append(
            Row(
                start,
                end,
                arrivals,
                service,
                erlang.windows_needed(lam, mu, target),
                rostered,
                None,
                came,
                load=lam / mu,
            )
        )
    waits(rows)
    return DayPlan(day, rows, forecasts, rosters, target, by_queue, service_by_queue, ids, whatif)


def statistics_mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _came(qh: QueueHistory, day: dt.date, open_slots: list[int], i: int) -> int:
    """Tickets that really came in the i-th open half hour (early ones folded in, as forecast)."""
    lo = open_slots[i - 1] + 1 if i else -1
    hi = open_slots[i] if i < len(open_slots) - 1 else 48
    total = 0
    for source in (qh.walk_ins, qh.appointments):
        for s in range(lo, hi + 1):
            total += source.get((day, s), 0)
    return total
