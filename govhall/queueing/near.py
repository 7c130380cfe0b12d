"""Your turn is near (快到号提醒, as Qmatic and The Q do; issue 11): a person who
left a phone number gets one SMS when `queue.near_turn_ahead` people or fewer are
ahead, and one when called, so they can wait outside. The tracker says the same.

Once only: `Ticket.near_told` is set under a row lock taken with SKIP LOCKED
(a ticket another window is claiming meanwhile gets nothing), and core.notify
keys each message (`ticket:<pk>:near`, `ticket:<pk>:called`). A
ticket issued with N or fewer ahead was told by its slip and gets no near SMS.

Who may just have crossed the line is bounded, so a call never scans the
centre's waiting tickets: ahead_of(X) is at least X's rank in its own queue in
the order of some window that can call it (calling_order.py; where windows
differ, the count is the intersection, and within a queue one window's "before
X" contains the other's). So only the first N+1 of each queue part that a head
lookup reads (the same index lookups as calling) can be at N or fewer; those
with an untold phone get their exact count.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from govhall.core.center_settings import center_setting
from govhall.core.models import Center, NotificationChannel
from govhall.core.notify import notifications_cancel, notify, official

from .calling_order import HEAD_ORDER, PLAIN_ORDER
from .models import Ticket, TicketStatus, WindowQueue
from .selectors import ahead_of, calling_orders


def near_ahead(center: Center) -> int:
    return center_setting(center, "queue.near_turn_ahead")


def is_near(ticket: Ticket, ahead: int) -> bool:
    """The tracker's "please come back to the waiting area"."""
    return ticket.status == TicketStatus.WAITING and ahead <= near_ahead(ticket.center)


def _key(ticket_pk: int, what: str) -> str:
    return f"ticket:{ticket_pk}:{what}"


def _sms(ticket: Ticket, what: str, body: str) -> None:
    notify(
        center=ticket.center,
        key=_key(ticket.pk, what),
        channel=NotificationChannel.SMS,
        recipient=ticket.phone,
        body=body,
    )


def near_at_issue(ticket: Ticket) -> None:
    """A new ticket with N or fewer ahead reads it on its slip: no SMS later."""
    if ticket.phone and ahead_of(ticket) <= near_ahead(ticket.center):
        Ticket.objects.filter(pk=ticket.pk).update(near_told=True)
        ticket.near_told = True


def called_tell(ticket: Ticket) -> None:
    """One "please go to window 5" per ticket: a recall or a second call after
    a transfer sends nothing more."""
    if ticket.phone:
        body = official(
            _("【%(center)s】请%(number)s号到%(window)s号窗口办理。"),
            center=ticket.center.name,
            number=ticket.number,
            window=ticket.window.number,
        )
        _sms(ticket, "called", body)


def messages_withdraw(ticket: Ticket) -> None:
    """Cancelled, no-show or expired: what has not gone out yet is withdrawn."""
    if ticket.phone:
        notifications_cancel(prefix=_key(ticket.pk, ""))


def _lock_untold(tickets: list[Ticket]) -> set[int]:
    """Of these, the ones still waiting and untold that no other transaction
    holds. SKIP LOCKED: a ticket another window is claiming needs no near
    message, one another call is telling is told there, and two calls can never
    wait on each other's tickets in a circle (a deadlock). One that is skipped
    and not told stays among the first of its line and is seen at the next call."""
    return set(
        Ticket.objects.select_for_update(skip_locked=True)
        .filter(pk__in=[t.pk for t in tickets], status=TicketStatus.WAITING, near_told=False)
        .values_list("pk", flat=True)
    )


def _tell_near(ticket: Ticket, ahead: int) -> None:
    body = official(
        _("【%(center)s】您的%(number)s号前面还有%(ahead)s人，请回到等候区留意叫号。"),
        center=ticket.center.name,
        number=ticket.number,
        ahead=ahead,
    )
    _sms(ticket, "near", body)


def _candidates(center: Center, day, queue_ids, target_window_id, limit: int) -> list[Ticket]:
    base = Ticket.objects.filter(center=center, service_date=day, status=TicketStatus.WAITING)
    if center_setting(center, "queue.priority_only_assist_window"):
        lookups = [({"priority": p}, PLAIN_ORDER) for p in (True, False)]
    else:
        lookups = [({}, HEAD_ORDER)]
    parts = [
        base.filter(queue_id=q, target_window__isnull=True, **where).order_by(*order)
        for q in sorted(queue_ids)
        for where, order in lookups
    ]
    if target_window_id is not None:
        parts.append(base.filter(target_window=target_window_id).order_by(*HEAD_ORDER))
    found: dict[int, Ticket] = {}
    for part in parts:
        for t in part[:limit]:
            found.setdefault(t.pk, t)
    return [found[pk] for pk in sorted(found)]


def near_check(
    *,
    center: Center,
    day,
    queue_ids=(),
    target_window_id: int | None = None,
    also: Ticket | None = None,
) -> int:
    """Tell those in these queues (and those sent to this window) who now have
    N or fewer ahead; `also` is a ticket that itself moved. Returns how many."""
    n = near_ahead(center)
    tickets = _candidates(center, day, set(queue_ids), target_window_id, n + 1)
    if also is not None and also.pk not in {t.pk for t in tickets}:
        tickets.append(also)
    untold = [t for t in tickets if t.phone and not t.near_told]
    if not untold:
        return 0
    locked = _lock_untold(untold)
    told, orders = [], {}
    for t in untold:
        if t.pk not in locked:
            continue
        t.center = center
        line = (t.queue_id, t.target_window_id)  # the same windows call the whole line
        if line not in orders:
            orders[line] = calling_orders(t)
        ahead = ahead_of(t, orders[line])
        if ahead <= n:
            told.append((t, ahead))
    if told:
        Ticket.objects.filter(pk__in=[t.pk for t, _a in told]).update(near_told=True)
    for t, ahead in told:
        _tell_near(t, ahead)
    return len(told)


def near_after_leaving(
    ticket: Ticket, *, queue_id: int, target_window_id: int | None, window_queue_ids=()
) -> int:
    """A ticket left the line (called, cancelled, moved away): those who had it
    ahead are in the queues of the windows that serve its queue, or, for a
    ticket sent to one window, that window's queues (`window_queue_ids`)."""
    queue_ids = set(
        WindowQueue.objects.filter(
            window__profile__queue=queue_id, window__is_active=True
        ).values_list("queue_id", flat=True)
    )
    queue_ids |= {queue_id, *window_queue_ids}
    return near_check(
        center=ticket.center,
        day=ticket.service_date,
        queue_ids=queue_ids,
        target_window_id=target_window_id,
    )
