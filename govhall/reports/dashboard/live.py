"""The centre's hall right now, for the live dashboard: waiting per queue, open
and paused windows, the longest wait, calls in the last hour, and today so far
against the same weekday's usual (the facts of the last eight such days, up to
the same hour)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from govhall.core.models import Center
from govhall.hall.models import Window, WindowState
from govhall.queueing.models import Ticket, TicketStatus
from govhall.queueing.selectors import queues_with_waiting

from ..facts.models import DailyFact

WEEKS = 8


def same_weekday_usual(center: Center, today, hour: int) -> dict:
    """The mean of the last WEEKS same weekdays that have facts: tickets issued
    by the end of `hour`, and over the whole day."""
    days = [today - timedelta(days=7 * n) for n in range(1, WEEKS + 1)]
    whole, by_hour, seen = {}, {}, set()
    for fact in DailyFact.objects.filter(
        center=center, subject="tickets", dimension__in=("all", "hour"), day__in=days
    ):
        issued = fact.metrics.get("issued", 0)
        if fact.dimension == "all":
            whole[fact.day] = issued
            seen.add(fact.day)
        elif str(fact.key).isdigit() and int(fact.key) <= hour:
            by_hour[fact.day] = by_hour.get(fact.day, 0) + issued
    n = len(seen)
    return {
        "days": n,
        "so_far": round(sum(by_hour.get(d, 0) for d in seen) / n, 1) if n else None,
        "whole_day": round(sum(whole.values()) / n, 1) if n else None,
    }


def hall_now(center: Center) -> dict:
    now = timezone.localtime()
    today = now.date()
    queues = [q for q in queues_with_waiting(center)]
    windows = list(Window.objects.filter(center=center, is_active=True))
    tickets = Ticket.objects.filter(center=center, service_date=today)
    oldest = (
        tickets.filter(status=TicketStatus.WAITING)
        .order_by("issued_at")
        .values_list("issued_at", flat=True)
        .first()
    )
    longest = max(0, int((now - oldest).total_seconds() // 60)) if oldest else None
    usual = same_weekday_usual(center, today, now.hour)
    issued = tickets.count()
    return {
        "now": now,
        "queues": [
            {
                "name": q.name,
                "prefix": getattr(q, "prefix", ""),
                "waiting": q.waiting,
                "estimate": q.estimated_wait_minutes,
            }
            for q in sorted(queues, key=lambda q: -q.waiting)
        ],
        "waiting": sum(q.waiting for q in queues),
        "open": sum(w.state == WindowState.OPEN for w in windows),
        "paused": sum(w.state == WindowState.PAUSED for w in windows),
        "closed": sum(w.state == WindowState.CLOSED for w in windows),
        "paused_windows": [str(w) for w in windows if w.state == WindowState.PAUSED],
        "longest_wait": longest,
        "calls_last_hour": tickets.filter(called_at__gte=now - timedelta(hours=1)).count(),
        "issued": issued,
        "served": tickets.filter(status=TicketStatus.DONE).count(),
        "usual": usual,
        "vs_usual": None
        if not usual["so_far"]
        else round((issued - usual["so_far"]) / usual["so_far"], 3),
    }
