"""Reads of the booking app."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import ServiceItem
from govhall.catalog.selectors import items_at_center
from govhall.core.actors import Actor
from govhall.core.center_settings import center_setting
from govhall.core.errors import NotFound
from govhall.core.models import Center, Event, User
from govhall.queueing.models import Queue, Ticket
from govhall.queueing.services import queue_for_item

from .models import Blackout, Booking, HomeVisit, Slot, SlotTemplate, Suspension
from .services import bookable_days, provisional_days

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


def slot_open_for_booking(center: Center, slot: Slot, now: dt.datetime | None = None) -> bool:
    """Whether booking_create would take this slot now: places left and not
    inside the centre's least lead time."""
    now = now or timezone.now()
    lead = dt.timedelta(minutes=center_setting(center, "booking.min_lead_minutes"))
    return slot.remaining > 0 and slot.start - now >= lead


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***."""
    return name[:1] + "*" * max(1, len(name) - 1) if name else ""


def _item_queues(center: Center) -> dict[int, int]:
    """Item id → the queue its tickets go to at the centre (as `queue_for_item`:
    the first active queue by position)."""
    rows = (
        Queue.items.through.objects.filter(queue__center=center, queue__is_active=True)
        .order_by("queue__position", "queue_id")
        .values_list("serviceitem_id", "queue_id")
    )
    found: dict[int, int] = {}
    for item_id, queue_id in rows:
        found.setdefault(item_id, queue_id)
    return found


def bookable_items(
    center: Center, *, q: str = "", domain: str = "", now: dt.datetime | None = None
) -> list[ServiceItem]:
    """Published items at the centre whose queue has slots ahead on the bookable
    days, each with `places`: the places still free in them (0 when all are
    taken, so the page can say so rather than hide the item)."""
    now = now or timezone.now()
    days = bookable_days(center, timezone.localdate(now))
    queues = _item_queues(center)
    free: dict[tuple[int, int | None], int] = {}
    rows = (
        Slot.objects.filter(center=center, date__in=days, is_closed=False, start__gt=now)
        .values("queue_id", "item_id")
        .annotate(places=Sum(F("capacity") - F("booked")))
    )
    for row in rows:
        free[(row["queue_id"], row["item_id"])] = row["places"] or 0
    out = []
    for item in items_at_center(center, q=q, domain=domain):
        queue_id = queues.get(item.pk)
        if queue_id is None:
            continue
        keys = [(queue_id, None), (queue_id, item.pk)]
        if not any(k in free for k in keys):
            continue
        item.places = sum(free.get(k, 0) for k in keys)
        out.append(item)
    return out


def slot_days(center: Center, item_code: str, *, now: dt.datetime | None = None) -> list[dict]:
    """The bookable days of an item, each with its slots; a slot is `bookable`
    when it has a place left and starts far enough ahead (the centre's lead time)."""
    now = now or timezone.now()
    by_day: dict[dt.date, list[Slot]] = {
        d: [] for d in bookable_days(center, timezone.localdate(now))
    }
    for slot in slots_for_item(center, item_code, now=now):
        slot.bookable = slot_open_for_booking(center, slot, now)
        by_day.setdefault(slot.date, []).append(slot)
    provisional = provisional_days(by_day)
    return [
        {
            "date": day,
            "slots": slots,
            "places": sum(s.remaining for s in slots if s.bookable),
            "provisional": day in provisional,  # a year the holiday table lacks: 预计
        }
        for day, slots in sorted(by_day.items())
    ]


def bookings_for_day(*, actor: Actor, center: Center, day: dt.date) -> QuerySet[Booking]:
    actor.require(center, "booking.front_desk")
    return (
        Booking.objects.filter(center=center, slot__date=day)
        .select_related("slot", "item", "ticket")
        .order_by("slot__start", "created_at")
    )


def slot_load(*, actor: Actor, center: Center, days: list[dt.date]) -> list[Slot]:
    actor.require(center, "booking.manage")
    return list(
        Slot.objects.filter(center=center, date__in=days)
        .select_related("queue", "item")
        .order_by("date", "start", "queue__position")
    )


def templates(*, actor: Actor, center: Center) -> QuerySet[SlotTemplate]:
    actor.require(center, "booking.manage")
    return SlotTemplate.objects.filter(center=center).select_related("queue", "item")


def load_grid(*, actor: Actor, center: Center, days: list[dt.date]) -> list[dict]:
    """The booked load as a grid: one row per queue (and item, when a template is
    for one item) and time of day, one cell per day (None where there is no slot)."""
    rows: dict[tuple, dict] = {}
    for slot in slot_load(actor=actor, center=center, days=days):
        start, end = timezone.localtime(slot.start), timezone.localtime(slot.end)
        key = (slot.queue.position, slot.queue_id, slot.item_id or 0, start.time(), end.time())
        row = rows.setdefault(
            key,
            {
                "queue": slot.queue,
                "item": slot.item,
                "start": start.time(),
                "end": end.time(),
                "cells": {},
            },
        )
        row["cells"][slot.date] = slot
    out = []
    for key in sorted(rows):
        row = rows[key]
        row["cells"] = [row["cells"].get(day) for day in days]
        out.append(row)
    return out


def blackouts(*, actor: Actor, center: Center, since: dt.date | None = None):
    actor.require(center, "booking.manage")
    since = since or timezone.localdate()
    return Blackout.objects.filter(center=center, date__gte=since).order_by("date")


def center_staff(*, actor: Actor, center: Center) -> QuerySet[User]:
    """The active staff who hold a role at the centre: who can be sent on a home visit."""
    actor.require(center, "visit.work")
    return (
        User.objects.filter(memberships__center=center, is_active=True)
        .distinct()
        .order_by("staff_number", "username")
    )


def visit_for_citizen(center: Center, number: str) -> HomeVisit:
    visit = HomeVisit.objects.filter(center=center, number=(number or "")[:20]).first()
    if visit is None:
        raise NotFound(_("上门服务申请不存在"), code="visit_not_found")
    return visit


def suspensions_active(*, actor: Actor, center: Center) -> QuerySet[Suspension]:
    actor.require(center, "booking.front_desk")
    now = timezone.now()
    return Suspension.objects.filter(
        center=center, lifted_at__isnull=True, ends_at__gt=now
    ).order_by("-starts_at")


def visits(*, actor: Actor, center: Center) -> QuerySet[HomeVisit]:
    actor.require(center, "visit.work")
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
