"""What the tickets' history says, read once per centre and span: arrivals per
queue, day and half hour (walk-ins and appointments apart), service times per
queue and item, the share of no-shows and of priority tickets. One query of
plain values; everything else is Python over those rows."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from govhall.booking.models import Booking, Slot
from govhall.queueing.models import Ticket, TicketStatus

SLOT_MINUTES = 30


def slot_of(t: dt.time) -> int:
    """The half hour of the day a time falls in (0 = 00:00-00:30)."""
    return (t.hour * 60 + t.minute) // SLOT_MINUTES


@dataclass
class Spread:
    n: int = 0
    total: float = 0.0
    squares: float = 0.0

    def add(self, x: float) -> None:
        self.n += 1
        self.total += x
        self.squares += x * x

    @property
    def mean(self) -> float | None:
        return self.total / self.n if self.n else None

    @property
    def sd(self) -> float | None:
        if self.n < 2:
            return None
        var = (self.squares - self.total * self.total / self.n) / (self.n - 1)
        return math.sqrt(max(0.0, var))


@dataclass
class QueueHistory:
    # (date, slot) -> count
    walk_ins: dict = field(default_factory=lambda: defaultdict(int))
    appointments: dict = field(default_factory=lambda: defaultdict(int))
    service: Spread = field(default_factory=Spread)
    items: dict = field(default_factory=lambda: defaultdict(Spread))  # item id -> Spread
    done: int = 0
    no_shows: int = 0
    priority: int = 0
    tickets: int = 0

    @property
    def no_show_share(self) -> float:
        closed = self.done + self.no_shows
        return self.no_shows / closed if closed else 0.0

    @property
    def priority_share(self) -> float:
        return self.priority / self.tickets if self.tickets else 0.0

    def day_totals(self) -> dict[dt.date, int]:
        """date -> tickets that day (computed once)."""
        if not hasattr(self, "_totals"):
            totals: dict[dt.date, int] = defaultdict(int)
            for source in (self.walk_ins, self.appointments):
                for (d, _s), v in source.items():
                    totals[d] += v
            self._totals = totals
        return self._totals


@dataclass
class History:
    first: dt.date
    last: dt.date
    queues: dict[int, QueueHistory]
    days: set[dt.date]  # the days with any ticket (the hall was open)


FIELDS = (
    "queue_id",
    "item_id",
    "service_date",
    "issued_at",
    "is_appointment",
    "priority",
    "status",
    "started_at",
    "called_at",
    "finished_at",
)


def read(center, first: dt.date, last: dt.date) -> History:
    """Tickets of service dates first..last (inclusive)."""
    rows = (
        Ticket.objects.filter(center=center, service_date__gte=first, service_date__lte=last)
        .order_by()
        .values_list(*FIELDS)
    )
    return build(rows.iterator(chunk_size=5000), first, last)


def from_tickets(tickets, first: dt.date, last: dt.date) -> History:
    """The same from Ticket objects not saved (the benchmark's generated year)."""
    return build(([getattr(t, f) for f in FIELDS] for t in tickets), first, last)


def build(rows, first: dt.date, last: dt.date) -> History:
    queues: dict[int, QueueHistory] = defaultdict(QueueHistory)
    days: set[dt.date] = set()
    tz = timezone.get_current_timezone()
    for q, item, day, issued, appt, prio, status, started, called, finished in rows:
        h = queues[q]
        days.add(day)
        slot = slot_of(issued.astimezone(tz).time())
        (h.appointments if appt else h.walk_ins)[(day, slot)] += 1
        h.tickets += 1
        h.priority += prio
        if status == TicketStatus.NO_SHOW:
            h.no_shows += 1
        elif status == TicketStatus.DONE and finished:
            begun = started or called
            if begun and finished > begun:
                minutes = (finished - begun).total_seconds() / 60
                h.done += 1
                h.service.add(minutes)
                if item:
                    h.items[item].add(minutes)
    return History(first, last, dict(queues), days)


def bookings_ahead(center, day: dt.date) -> dict[tuple[int, int], int]:
    """(queue id, slot) -> bookings made for `day` and still standing."""
    booked: dict[tuple[int, int], int] = defaultdict(int)
    tz = timezone.get_current_timezone()
    rows = (
        Booking.objects.filter(center=center, slot__date=day, status__in=("booked", "checked_in"))
        .order_by()
        .values_list("slot__queue_id", "slot__start")
    )
    for queue_id, start in rows:
        booked[(queue_id, slot_of(start.astimezone(tz).time()))] += 1
    return booked


def has_slots(center, day: dt.date) -> bool:
    """Whether the booking of `day` is open (its slots exist): bookings then count."""
    return Slot.objects.filter(center=center, date=day).exists()
