"""Generated ticket history of a known pattern: the demo's past weeks and the
benchmark's year. Each day's tickets are issued within the opening hours (a few
in the half hour before opening), with a morning peak, the weekday's level, a
slow growth, more on the day after a long holiday and at month end; then
served first come first served (priority, then appointments, then walk-ins) by
the day's windows, so issue < call < start < finish and nobody is called
during the midday closure. Written with bulk_create: history only."""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import math
import random
from dataclasses import dataclass

from django.utils import timezone

from govhall.core import opening
from govhall.core.models import Holiday
from govhall.core.workdays import WorkingCalendar
from govhall.queueing.models import Channel, SpecialGroup, Ticket, TicketStatus

from . import calendar_effects

# Relative arrivals per half hour of a morning (9:00-12:00) and an afternoon
# (13:00-17:00): the peak is 9:30-11:00, the afternoon tails off.
MORNING = [0.9, 1.6, 1.9, 1.7, 1.2, 0.8]
AFTERNOON = [0.7, 0.8, 0.9, 0.9, 0.8, 0.7, 0.5, 0.3]
WEEKDAY = {0: 1.15, 1: 1.0, 2: 0.95, 3: 1.0, 4: 0.9, 5: 0.55, 6: 0.5}
EFFECT = {
    calendar_effects.AFTER_HOLIDAY: 1.35,
    calendar_effects.BEFORE_HOLIDAY: 1.15,
    calendar_effects.MONTH_END: 1.1,
}


@dataclass(frozen=True)
class QueueSpec:
    queue_id: int
    share: float  # of the day's tickets
    service_mean: float  # minutes
    items: tuple[int, ...] = ()


@dataclass(frozen=True)
class Pattern:
    daily: float = 240.0  # tickets on a plain Tuesday
    growth_per_week: float = 0.01
    no_show: float = 0.04
    priority: float = 0.03
    appointment: float = 0.08
    service_cv: float = 0.6


def expected(pattern: Pattern, cal, day: dt.date, weeks_from_start: float) -> float:
    """The day's expected tickets (all queues) before its spread over the day."""
    level = (
        pattern.daily * WEEKDAY[day.weekday()] * (1 + pattern.growth_per_week) ** weeks_from_start
    )
    if cal.is_working_day(day):
        marks = calendar_effects.tags(cal, day)
        if marks and marks[0] in EFFECT:
            level *= EFFECT[marks[0]]
    return level


def _weights(intervals) -> list[tuple[dt.time, float]]:
    """(half-hour start, weight) over the day's opening."""
    out = []
    for start, end in intervals:
        at = dt.datetime.combine(dt.date(2000, 1, 1), start)
        close = dt.datetime.combine(dt.date(2000, 1, 1), end)
        shape = MORNING if start.hour < 12 else AFTERNOON
        k = 0
        while at < close:
            out.append((at.time(), shape[k] if k < len(shape) else shape[-1]))
            at += dt.timedelta(minutes=30)
            k += 1
    return out


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    k, p, limit = 0, 1.0, math.exp(-mean)
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def day_tickets(
    center,
    day: dt.date,
    specs: list[QueueSpec],
    prefixes: dict[int, str],
    windows: list[tuple[int, int | None]],
    pattern: Pattern,
    cal,
    rng: random.Random,
    weeks_from_start: float,
    exceptions=None,
) -> list[Ticket]:
    """One day's served tickets. `windows`: (window id, clerk id) of the windows open."""
    intervals = opening.intervals_on(center, day, exceptions)
    if not intervals or not windows:
        return []
    tz = timezone.get_current_timezone()
    weights = _weights(intervals)
    total_w = sum(w for _t, w in weights)
    level = expected(pattern, cal, day, weeks_from_start)
    people = []  # (issued, rank, queue spec, appointment, priority)
    first_open = intervals[0][0]
    for start, w in weights:
        base = dt.datetime.combine(day, start, tzinfo=tz)
        for spec in specs:
            n = _poisson(rng, level * spec.share * w / total_w)
            for _ in range(n):
                if start == first_open and rng.random() < 0.3:
                    at = base - dt.timedelta(minutes=rng.uniform(0, 20))  # waiting at the door
                else:
                    at = base + dt.timedelta(minutes=rng.uniform(0, 30))
                appt = rng.random() < pattern.appointment
                prio = not appt and rng.random() < pattern.priority
                people.append((at, 0 if prio else 1 if appt else 2, spec, appt, prio))
    people.sort(key=lambda p: p[0])
    closures = [
        (
            dt.datetime.combine(day, a[1], tzinfo=tz),
            dt.datetime.combine(day, b[0], tzinfo=tz),
        )
        for a, b in itertools.pairwise(intervals)
    ]
    opens = dt.datetime.combine(day, intervals[0][0], tzinfo=tz)

    def not_closed(at: dt.datetime) -> dt.datetime:
        at = max(at, opens)
        for shut, reopen in closures:
            if shut <= at < reopen:
                return reopen
        return at

    free = [(opens, i) for i in range(len(windows))]  # (free at, window index)
    heapq.heapify(free)
    waiting: list = []  # heap of (rank, issued, n)
    tickets, seqs = [], {}
    i = 0
    while i < len(people) or waiting:
        at, w = heapq.heappop(free)
        at = not_closed(at)
        # Everyone issued by then joins the line; an idle window waits for the next.
        if not waiting and i < len(people):
            at = not_closed(max(at, people[i][0]))
        while i < len(people) and people[i][0] <= at:
            heapq.heappush(waiting, (people[i][1], people[i][0], i))
            i += 1
        if not waiting:
            heapq.heappush(free, (at, w))
            continue
        _rank, issued, n = heapq.heappop(waiting)
        _at, _rank2, spec, appt, prio = people[n]
        seq = seqs[spec.queue_id] = seqs.get(spec.queue_id, 0) + 1
        called = max(at, issued + dt.timedelta(seconds=30))
        window_id, clerk_id = windows[w]
        t = Ticket(
            center=center,
            queue_id=spec.queue_id,
            item_id=rng.choice(spec.items) if spec.items else None,
            service_date=day,
            seq=seq,
            number=f"{prefixes[spec.queue_id]}{seq:03d}",
            channel=Channel.APPOINTMENT if appt else Channel.KIOSK,
            priority=prio,
            special_group=SpecialGroup.ELDERLY if prio else "",
            is_appointment=appt,
            sort_at=issued,
            issued_at=issued,
            called_at=called,
            first_called_at=called,
            window_id=window_id,
            served_by_id=clerk_id,
        )
        if rng.random() < pattern.no_show:
            t.status = TicketStatus.NO_SHOW
            t.no_show_at = t.closed_at = called + dt.timedelta(minutes=1)
            done = t.no_show_at
        else:
            sd = spec.service_mean * pattern.service_cv
            shape = (spec.service_mean / sd) ** 2
            minutes = max(1.0, rng.gammavariate(shape, sd * sd / spec.service_mean))
            t.status = TicketStatus.DONE
            t.started_at = called + dt.timedelta(seconds=rng.uniform(20, 60))
            t.finished_at = t.closed_at = t.started_at + dt.timedelta(minutes=minutes)
            done = t.finished_at
        tickets.append(t)
        heapq.heappush(free, (done, w))
    return tickets


def generate(
    center,
    first: dt.date,
    last: dt.date,
    specs: list[QueueSpec],
    prefixes: dict[int, str],
    windows: list[tuple[int, int | None]],
    *,
    pattern: Pattern = Pattern(),
    seed: int = 6411,
    skip_days: set | None = None,
) -> int:
    """Tickets for the open days first..last (days in `skip_days` left alone)."""
    cal = WorkingCalendar()
    rng = random.Random(seed)
    exceptions = dict(
        Holiday.objects.filter(date__gte=first, date__lte=last).values_list("date", "kind")
    )
    made, batch = 0, []
    day = first
    while day <= last:
        # Drawn even for a skipped day, so the other days stay the same.
        day_rng = random.Random(rng.random())
        if not (skip_days and day in skip_days):
            # A weekend opening (Saturday mornings) staffs half the windows.
            open_windows = windows if day.weekday() < 5 else windows[: len(windows) // 2]
            batch += day_tickets(
                center,
                day,
                specs,
                prefixes,
                open_windows,
                pattern,
                cal,
                day_rng,
                (day - first).days / 7,
                exceptions,
            )
        if len(batch) > 4000:
            Ticket.objects.bulk_create(batch, batch_size=1000)
            made += len(batch)
            batch = []
        day += dt.timedelta(days=1)
    Ticket.objects.bulk_create(batch, batch_size=1000)
    return made + len(batch)
