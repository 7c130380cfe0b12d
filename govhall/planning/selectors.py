"""Reads of planning, scoped to what the actor may see: the day's plan, the
week around it, the service times, the forecast's error on held-out weeks and
the yearly staffing view. Planning changes nothing; there are no services.

The tickets' history is read once per centre and day asked on, and kept for a
few minutes in this process (what-ifs and the week strip reuse it)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.catalog.models import ServiceItem
from govhall.core.actors import Actor
from govhall.core.center_settings import center_setting
from govhall.core.errors import NotFound, ValidationFailed
from govhall.core.models import Event
from govhall.core.workdays import WorkingCalendar
from govhall.queueing.models import Queue, Ticket

from . import history as hist
from . import plan as planmod
from .forecast import Accuracy, backtest
from .roster import desks as read_desks

CAPABILITY = "planning.read"
PAST_DAYS = 366  # how far back a plan (with what really came) may be asked
AHEAD_DAYS = 62  # how far ahead a forecast is worth asking
HELD_OUT_WEEKS = 2
CACHE_SECONDS = 300

_cache: dict = {}
_lock = threading.Lock()


def _cached(key, make):
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
        if hit and now - hit[0] < CACHE_SECONDS:
            return hit[1]
    value = make()
    with _lock:
        if len(_cache) > 64:
            _cache.clear()
        _cache[key] = (now, value)
    return value


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def check_day(day: dt.date, today: dt.date) -> dt.date:
    if not today - dt.timedelta(days=PAST_DAYS) <= day <= today + dt.timedelta(days=AHEAD_DAYS):
        raise ValidationFailed(
            _("日期超出可计划范围（过去一年至未来两个月）"),
            code="date_out_of_range",
            fields={"date": _("请选择过去一年至未来两个月内的日期")},
        )
    return day


def queues_of(center) -> list[Queue]:
    return list(Queue.objects.filter(center=center, is_active=True).order_by("position", "code"))


def queue_by_code(center, code: str, field: str = "queue") -> Queue:
    found = Queue.objects.filter(center=center, code=code).first()
    if found is None:
        raise NotFound(
            _("队列不存在"), code="queue_not_found", fields={field: _("本中心没有该队列")}
        )
    return found


def default_day(today: dt.date) -> dt.date:
    """Next week's first working day: what an admin planning next week opens first."""
    monday = today + dt.timedelta(days=7 - today.weekday())
    return WorkingCalendar().next_working_day(monday)


@dataclass
class Context:
    """What every plan of a centre on a given day reads once."""

    history: hist.History
    desks: list
    weeks: int
    today: dt.date
    newest: int | None = None  # the newest ticket the history was read with


def context(center, today: dt.date | None = None) -> Context:
    today = today or timezone.localdate()
    weeks = center_setting(center, "planning.forecast_weeks")

    def make():
        # Enough for the forecast, the held-out weeks and the calendar's marks.
        first = today - dt.timedelta(weeks=max(weeks + HELD_OUT_WEEKS, 26))
        return hist.read(center, first, today - dt.timedelta(days=1))

    # The newest ticket in the key: a history changed under the cache (another
    # test database, tickets loaded late) is read again.
    newest = (
        Ticket.objects.filter(center=center, service_date__lt=today)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    history = _cached(("history", center.pk, today, weeks, newest), make)
    return Context(history, read_desks(center), weeks, today, newest)


def day_plan(
    actor: Actor,
    center,
    day: dt.date,
    queue: Queue | None = None,
    whatif: planmod.WhatIf = planmod.NO_WHATIF,
    ctx: Context | None = None,
) -> planmod.DayPlan:
    actor.require(center, CAPABILITY)
    ctx = ctx or context(center)
    check_day(day, ctx.today)
    ids = [queue.pk] if queue else [q.pk for q in queues_of(center)]
    booked = hist.bookings_ahead(center, day) if day >= ctx.today else {}
    return planmod.build(
        center=center,
        day=day,
        history=ctx.history,
        desks=ctx.desks,
        queue_ids=ids,
        cal=WorkingCalendar(),
        weeks=ctx.weeks,
        booked=booked,
        whatif=whatif,
        # The history is read up to yesterday: what came on a past day.
        actual=ctx.history if day < ctx.today else None,
    )


@dataclass(frozen=True)
class DaySummary:
    day: dt.date
    arrivals: float
    peak_needed: int
    gap_slots: int
    surplus_slots: int


def _last_event(center) -> int:
    """The centre's latest event: every leave, training, 暂离 or post change
    writes one, so a cached week is recomputed after any of them."""
    return (
        Event.objects.filter(center=center).order_by("-id").values_list("id", flat=True).first()
        or 0
    )


def week_of(actor, center, day, queue=None, ctx=None) -> list[DaySummary]:
    """The seven days of `day`'s week (Monday first), open days only, as rostered."""
    actor.require(center, CAPABILITY)
    ctx = ctx or context(center)
    monday = day - dt.timedelta(days=day.weekday())

    def make():
        out = []
        for n in range(7):
            d = monday + dt.timedelta(days=n)
            try:
                check_day(d, ctx.today)
            except ValidationFailed:
                continue
            p = day_plan(actor, center, d, queue, ctx=ctx)
            if p.rows:
                out.append(DaySummary(d, p.arrivals, p.peak_needed, p.gap_slots, p.surplus_slots))
        return out

    key = (
        "week",
        center.pk,
        monday,
        queue.pk if queue else None,
        ctx.today,
        ctx.newest,
        _last_event(center),
    )
    return _cached(key, make)


def accuracy(actor, center, ctx: Context | None = None) -> dict[int, Accuracy]:
    """Per queue: the forecast of each day of the last two full weeks, from the
    weeks before it, against what came."""
    actor.require(center, CAPABILITY)
    ctx = ctx or context(center)
    cal = WorkingCalendar()
    monday = ctx.today - dt.timedelta(days=ctx.today.weekday())
    days = [monday - dt.timedelta(days=n) for n in range(1, 7 * HELD_OUT_WEEKS + 1)]

    def slots_of(d):
        return [hist.slot_of(s.time()) for s, _e in planmod.half_hours(center, d)]

    def make():
        return {
            q.pk: backtest(ctx.history, q.pk, sorted(days), slots_of, cal, weeks=ctx.weeks)
            for q in queues_of(center)
        }

    # Kept on the history it was measured on: it lives and goes with it.
    if getattr(ctx.history, "_accuracy", None) is None:
        ctx.history._accuracy = make()
    return ctx.history._accuracy


def service_table(actor, center, ctx: Context | None = None) -> list[dict]:
    """Per queue: service mean and spread, no-shows, priority; its busiest items."""
    actor.require(center, CAPABILITY)
    ctx = ctx or context(center)
    rows = []
    item_ids = {i for qh in ctx.history.queues.values() for i in qh.items}
    names = dict(
        ServiceItem.objects.filter(pk__in=item_ids).values_list("pk", "published_version__name")
    )
    for q in queues_of(center):
        qh = ctx.history.queues.get(q.pk) or hist.QueueHistory()
        items = sorted(qh.items.items(), key=lambda kv: -kv[1].n)[:3]
        rows.append(
            {
                "queue": q,
                "served": qh.service.n,
                "mean": qh.service.mean,
                "sd": qh.service.sd,
                "no_show": 100 * qh.no_show_share,
                "priority": 100 * qh.priority_share,
                "items": [
                    {"name": names.get(i, "?"), "n": s.n, "mean": s.mean, "sd": s.sd}
                    for i, s in items
                ],
            }
        )
    return rows
