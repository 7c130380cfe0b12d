"""Reads of the queue: lengths, a ticket's place, wait estimates, a window's
console state."""

from __future__ import annotations

import datetime as dt
import math

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.center_settings import center_setting
from govhall.core.errors import PermissionDenied
from govhall.core.models import Center, TokenKind
from govhall.hall.models import Window, WindowState

from .calling_order import CallingOrder, windows_for
from .models import ACTIVE, Queue, Ticket, TicketStatus, WindowQueue
from .times import duration_minutes

RECENT_SERVICES = 20


def require_window(actor: Actor, window: Window) -> None:
    """A window is worked by its own terminal token or by the centre's clerks."""
    if actor.kind == TokenKind.WINDOW:
        if actor.window_id != window.pk:
            raise PermissionDenied(_("窗口令牌只能操作本窗口"), code="forbidden_window")
        return
    actor.require(window.center, "ticket.call")


def window_for_terminal(actor: Actor, code: str) -> tuple[Window, Ticket | None]:
    """`GET /windows/{window}`: the window and the ticket it is calling or
    serving, so a terminal restarted mid-service learns where it was."""
    window = actor.get_scoped(
        Window.objects.select_related("center").prefetch_related("profile__queue"), code=code
    )
    require_window(actor, window)
    return window, window_current_ticket(window)


def queues_with_waiting(center: Center) -> list[Queue]:
    today = timezone.localdate()
    queues = list(
        Queue.objects.filter(center=center, is_active=True).annotate(
            waiting=Count(
                "tickets",
                filter=Q(tickets__status=TicketStatus.WAITING, tickets__service_date=today),
            )
        )
    )
    for q in queues:
        q.estimated_wait_minutes = estimate_wait_minutes(q, q.waiting)
    return queues


def mean_service_seconds(queue: Queue) -> float:
    """Mean service time of the queue's recent tickets; the centre's default
    when it has none yet."""
    since = timezone.now() - dt.timedelta(days=14)
    recent = list(
        Ticket.objects.filter(
            queue=queue, status=TicketStatus.DONE, finished_at__gte=since, started_at__isnull=False
        )
        .order_by("-finished_at")
        .values_list("started_at", "finished_at")[:RECENT_SERVICES]
    )
    if not recent:
        return 60.0 * center_setting(queue.center, "queue.default_service_minutes")
    return sum((end - start).total_seconds() for start, end in recent) / len(recent)


def open_windows_serving(queue: Queue) -> int:
    return WindowQueue.objects.filter(
        queue=queue, window__state=WindowState.OPEN, window__is_active=True
    ).count()


def estimate_wait_minutes(queue: Queue, ahead: int) -> int:
    """People ahead times the recent mean service time, shared by the open
    windows that call this queue (at least one, so a closed hall still estimates)."""
    if ahead <= 0:  # nobody ahead (or no longer waiting): skip both queries
        return 0
    windows = max(1, open_windows_serving(queue))
    return math.ceil(ahead * mean_service_seconds(queue) / windows / 60)


def calling_orders(ticket: Ticket) -> list[CallingOrder]:
    """The orders of the windows that can call this ticket (the same for every
    ticket of its queue, or sent to its window)."""
    orders = [CallingOrder.for_window(w) for w in windows_for(ticket)]
    orders = [o for o in orders if ticket.queue_id in o.positions or ticket.target_window_id]
    return orders or [CallingOrder.for_queue(ticket.queue_id)]


def ahead_of(ticket: Ticket, orders: list[CallingOrder] | None = None) -> int:
    """Waiting tickets that will be called before this one whichever window
    calls it: those that every window able to call it (calling_order.py) puts
    first. With one window that is exactly the number called before it."""
    if ticket.status != TicketStatus.WAITING:
        return 0
    before = Q()
    for order in orders or calling_orders(ticket):
        before &= order.before(ticket)
    return (
        Ticket.objects.filter(
            before,
            center=ticket.center_id,
            service_date=ticket.service_date,
            status=TicketStatus.WAITING,
        )
        .exclude(pk=ticket.pk)
        .count()
    )


def ticket_by_track_token(token: str) -> Ticket | None:
    if not token or len(token) > 32:
        return None
    return (
        Ticket.objects.select_related("queue", "window", "item__published_version", "center")
        .filter(track_token=token)
        .first()
    )


def window_current_ticket(window: Window) -> Ticket | None:
    return (
        Ticket.objects.select_related("queue", "item__published_version")
        .filter(window=window, status__in=ACTIVE)
        .first()
    )


def window_queues(window: Window) -> list[Queue]:
    today = timezone.localdate()
    links = WindowQueue.objects.filter(window=window).select_related("queue").order_by("position")
    queues = []
    for link in links:
        q = link.queue
        q.waiting = Ticket.objects.filter(
            queue=q, status=TicketStatus.WAITING, service_date=today
        ).count()
        queues.append(q)
    return queues


def day_figures(*, center: Center, day: dt.date) -> list[dict]:
    """The day's figures per centre, queue, window and staff member: tickets,
    served, no-shows, expired, waits (mean, 90th percentile) and service times."""
    tickets = list(
        Ticket.objects.filter(center=center, service_date=day).select_related(
            "queue", "window", "served_by"
        )
    )
    groups: dict[tuple[str, str], tuple[str, list[Ticket]]] = {("center", ""): (center.name, [])}
    for t in tickets:
        groups[("center", "")][1].append(t)
        groups.setdefault(("queue", t.queue.code), (t.queue.name, []))[1].append(t)
        if t.window is not None:
            groups.setdefault(("window", t.window.code), (str(t.window), []))[1].append(t)
        if t.served_by is not None:
            label = t.served_by.get_full_name() or t.served_by.username
            groups.setdefault(("staff", str(t.served_by.pk)), (label, []))[1].append(t)
    return [
        {"dimension": dim, "key": key, "label": label, **_figures(members)}
        for (dim, key), (label, members) in groups.items()
    ]


def _figures(tickets: list[Ticket]) -> dict:
    """Counts and durations in minutes; an impossible duration is left out
    (times.py), so no figure is ever negative."""
    waits = sorted(
        m for t in tickets if (m := duration_minutes(t.issued_at, t.first_called_at)) is not None
    )
    services = [
        m
        for t in tickets
        if t.status == TicketStatus.DONE
        and (m := duration_minutes(t.started_at, t.finished_at)) is not None
    ]
    return {
        "tickets": len(tickets),
        "served": sum(t.status == TicketStatus.DONE for t in tickets),
        "no_shows": sum(t.no_show_at is not None for t in tickets),
        "expired": sum(t.status == TicketStatus.EXPIRED for t in tickets),
        "wait_mean_min": sum(waits) / len(waits) if waits else None,
        "wait_p90_min": percentile(waits, 0.9),
        "service_mean_min": sum(services) / len(services) if services else None,
    }


def percentile(sorted_values: list[float], q: float) -> float | None:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(round(q * len(sorted_values), 9)))  # round: 0.9 * 10 is 9.000…02
    return sorted_values[rank - 1]


def recent_calls(center: Center, limit: int = 8) -> list[Ticket]:
    return list(
        Ticket.objects.filter(
            center=center,
            service_date=timezone.localdate(),
            called_at__isnull=False,
            window__isnull=False,
        )
        .select_related("window")
        .order_by("-called_at")[:limit]
    )


def windows_accepting(*, item) -> list[dict]:
    """The active windows that accept `item`: those whose calling profile has a
    queue taking it (the guide's 受理窗口, API.md GET /items/{item})."""
    links = (
        WindowQueue.objects.filter(queue__items=item, queue__is_active=True, window__is_active=True)
        .select_related("window__center")
        .order_by("window__center__code", "window__number")
    )
    seen, out = set(), []
    for link in links:
        w = link.window
        if w.pk not in seen:
            seen.add(w.pk)
            out.append(
                {"code": w.code, "number": w.number, "name": w.name, "center": w.center.code}
            )
    return out
