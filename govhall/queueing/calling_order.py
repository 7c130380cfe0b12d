"""The order in which a window calls: one definition, used both to choose the
next ticket (services.ticket_call_next) and to count who is ahead of a ticket
(selectors.ahead_of), so the tracker never says "0 ahead" while someone else
is called first.

At a window: tickets transferred to that very window first; then across every
queue it serves, 绿色通道 priority (004 第六条1 "优先叫号"), then appointments,
then the window's profile order, then the time the ticket was taken. A centre
that reserves priority for its 扶助(为老) window (000 第四条; the setting
`queue.priority_only_assist_window`) has its other windows call priority
tickets in their plain turn.

The head of each queue is still found by its index (DESIGN.md "Concurrency"):
the index orders a queue by (priority, appointment, sort_at, id), so when
priority counts, one lookup per queue gives its head; when it does not, the
heads of the queue's priority and plain parts (two lookups on the same index)
are the only candidates.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from govhall.core.center_settings import center_setting
from govhall.hall.models import Window, WindowState, WindowType

from .models import Ticket, WindowQueue

# Order of a queue's head, and of the tickets transferred to one window.
HEAD_ORDER = ("-priority", "-is_appointment", "sort_at", "id")
PLAIN_ORDER = ("-is_appointment", "sort_at", "id")


@dataclass(frozen=True)
class CallingOrder:
    window_id: int | None
    positions: dict[int, int]  # queue id -> place in the window's profile
    priority_first: bool

    @classmethod
    def for_window(cls, window: Window, links: list[WindowQueue] | None = None) -> CallingOrder:
        if links is None:
            links = list(
                WindowQueue.objects.filter(window=window, queue__is_active=True).order_by(
                    "position", "id"
                )
            )
        reserved = center_setting(window.center, "queue.priority_only_assist_window")
        return cls(
            window_id=window.pk,
            positions={link.queue_id: n for n, link in enumerate(links)},
            priority_first=window.type == WindowType.ASSIST or not reserved,
        )

    @classmethod
    def for_queue(cls, queue_id: int) -> CallingOrder:
        """A queue on its own, for a ticket that no window calls yet."""
        return cls(window_id=None, positions={queue_id: 0}, priority_first=True)

    def key(self, ticket: Ticket) -> tuple:
        """Smaller is called first (for tickets in this window's queues)."""
        return (
            self.priority_first and not ticket.priority,
            not ticket.is_appointment,
            self.positions[ticket.queue_id],
            ticket.sort_at,
            ticket.pk,
        )

    def head_lookups(self) -> list[tuple[dict, tuple[str, ...]]]:
        """(filter, order) per index lookup whose first row is a candidate."""
        if self.priority_first:
            return [({"queue_id": q}, HEAD_ORDER) for q in self.positions]
        return [
            ({"queue_id": q, "priority": p}, PLAIN_ORDER)
            for q in self.positions
            for p in (True, False)
        ]

    def choose(self, heads: list[Ticket]) -> Ticket | None:
        return min(heads, key=self.key, default=None)

    def before(self, ticket: Ticket) -> Q:
        """Waiting tickets this window calls before `ticket` (which it serves)."""
        if ticket.target_window_id is not None:
            flags = [
                _flag("priority", ticket.priority),
                _flag("is_appointment", ticket.is_appointment),
            ]
            return Q(target_window=ticket.target_window_id) & _lex_before([*flags, *_rest(ticket)])
        mine = self.positions[ticket.queue_id]
        flags = [_flag("is_appointment", ticket.is_appointment)]
        if self.priority_first:
            flags.insert(0, _flag("priority", ticket.priority))
        per_queue = _NEVER
        for queue_id, pos in self.positions.items():
            place = (Q() if pos == mine else None, Q() if pos < mine else None)
            per_queue |= Q(queue_id=queue_id) & _lex_before([*flags, place, *_rest(ticket)])
        plain = Q(target_window__isnull=True) & per_queue
        if self.window_id is None:  # a queue no window serves yet
            return plain
        return Q(target_window=self.window_id) | plain


_NEVER = Q(pk__in=[])


def _flag(field: str, value: bool) -> tuple:
    """(equal, before) for a flag that puts True first."""
    return Q(**{field: value}), None if value else Q(**{field: True})


def _rest(ticket: Ticket) -> list[tuple]:
    return [
        (Q(sort_at=ticket.sort_at), Q(sort_at__lt=ticket.sort_at)),
        (None, Q(pk__lt=ticket.pk)),
    ]


def _lex_before(parts: list[tuple]) -> Q:
    """Rows before a key, lexicographically: parts are (equal, before) per
    component, most significant first; None means "never"."""
    result, prefix = _NEVER, Q()
    for equal, before in parts:
        if before is not None:
            result |= prefix & before
        if equal is None:
            break
        prefix &= equal
    return result


def windows_for(ticket: Ticket) -> list[Window]:
    """The windows that can call this ticket: its target window, else the open
    windows serving its queue (all active ones when none is open)."""
    if ticket.target_window_id is not None:
        return list(Window.objects.select_related("center").filter(pk=ticket.target_window_id))
    serving = Window.objects.select_related("center").filter(
        is_active=True, profile__queue=ticket.queue_id
    )
    return list(serving.filter(state=WindowState.OPEN)) or list(serving)
