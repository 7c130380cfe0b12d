"""Reads of the booking app."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import ServiceItem
from govhall.core.actors import Actor
from govhall.core.errors import NotFound
from govhall.core.models import Center, Event
from govhall.queueing.models import Ticket
from govhall.queueing.services import queue_for_item

from .models import Booking, HomeVisit, Slot, SlotTemplate, Suspension
from .services import bookable_days

FEED_KINDS = ("booking.", "ticket.")


def slots_for_item(
    center: Center, item_code: str, day: dt.date | None = None, *, now: dt.datetime | None = None
) -> list[Slot]:
    """Open slots that still start in the future, on the bookable days (or one of
    them), for an item stationed at the centre."""
    now = now or timezone.now()
    item = ServiceItem.objects.filter(code=item_code, published_version__isnull=False).first()
    if item is None:
        raise NotFound(_("事项不存在"), code="item_not_found", fields={"item": item_code})
    queue = queue_for_item(center, item)
    days = bookable_days(center, timezone.localdate(now))
    if day is not None:
        days = [d for d in days if d == day]
    slots = Slot.objects.filter(
        Q(item__isnull=True) | Q(item=item),
        center=center,
        queue=queue,
        date__in=days,
        is_closed=False,
        start__gt=now,
    )
    return list(slots.order_by("start"))


def bookings_for_day(*, actor: Actor, center: Center, day: dt.date) -> QuerySet[Booking]:
    actor.require_role(center)
    return (
        Booking.objects.filter(center=center, slot__date=day)
        .select_related("slot", "item", "ticket")
        .order_by("slot__start", "created_at")
    )


def slot_load(*, actor: Actor, center: Center, days: list[dt.date]) -> list[Slot]:
    actor.require_role(center)
    return list(
        Slot.objects.filter(center=center, date__in=days)
        .select_related("queue", "item")
        .order_by("date", "start", "queue__position")
    )


def templates(*, actor: Actor, center: Center) -> QuerySet[SlotTemplate]:
    actor.require_role(center)
    return SlotTemplate.objects.filter(center=center).select_related("queue", "item")


def suspensions_active(*, actor: Actor, center: Center) -> QuerySet[Suspension]:
    actor.require_role(center)
    now = timezone.now()
    return Suspension.objects.filter(
        center=center, lifted_at__isnull=True, ends_at__gt=now
    ).order_by("-starts_at")


def visits(*, actor: Actor, center: Center) -> QuerySet[HomeVisit]:
    actor.require_role(center)
    return (
        HomeVisit.objects.filter(center=center)
        .select_related("item")
        .prefetch_related("staff")
        .order_by("-requested_at")
    )


def feed(*, center: Center, after: int, limit: int = 200) -> tuple[list[dict], int]:
    """001 4.7.4: booking and on-site queue records for the unified platform, in
    the order they changed. One record per change, the object as it is now; no
    personal data beyond a masked ID number. Returns the records and the cursor
    to ask from next time."""
    kinds = Q()
    for prefix in FEED_KINDS:
        kinds |= Q(kind__startswith=prefix)
    events = list(Event.objects.filter(kinds, center=center, id__gt=after).order_by("id")[:limit])
    booking_ids = {int(e.aggregate_id) for e in events if e.aggregate_type == "booking.booking"}
    ticket_ids = {int(e.aggregate_id) for e in events if e.aggregate_type == "queueing.ticket"}
    bookings = {
        b.pk: b
        for b in Booking.objects.filter(pk__in=booking_ids).select_related("slot", "item", "ticket")
    }
    tickets = {
        t.pk: t
        for t in Ticket.objects.filter(pk__in=ticket_ids).select_related("queue", "item", "window")
    }
    out = []
    for e in events:
        record = {"cursor": e.id, "kind": e.kind, "at": e.at}
        if e.aggregate_type == "booking.booking" and int(e.aggregate_id) in bookings:
            record["booking"] = booking_record(bookings[int(e.aggregate_id)])
        elif e.aggregate_type == "queueing.ticket" and int(e.aggregate_id) in tickets:
            record["ticket"] = ticket_record(tickets[int(e.aggregate_id)])
        else:
            continue
        out.append(record)
    return out, events[-1].id if events else after


def booking_record(b: Booking) -> dict:
    return {
        "code": b.code,
        "item": b.item.code,
        "start": b.slot.start,
        "end": b.slot.end,
        "status": b.status,
        "channel": b.channel,
        "id_number_masked": b.id_number.masked if b.id_number else "",
        "created_at": b.created_at,
        "checked_in_at": b.checked_in_at,
        "ticket": b.ticket.number if b.ticket else None,
    }


def ticket_record(t) -> dict:
    return {
        "number": t.number,
        "date": t.service_date,
        "queue": t.queue.code,
        "item": t.item.code if t.item else None,
        "status": t.status,
        "channel": t.channel,
        "is_appointment": t.is_appointment,
        "priority": t.priority,
        "window": t.window.code if t.window else None,
        "id_number_masked": t.id_number.masked if t.id_number else "",
        "issued_at": t.issued_at,
        "called_at": t.first_called_at,
        "started_at": t.started_at,
        "finished_at": t.finished_at,
    }
