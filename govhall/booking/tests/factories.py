"""Booking factories: the queue hall of queueing's factories with weekly slots."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from govhall.booking import services
from govhall.booking.models import Slot, SlotTemplate
from govhall.core.identity import check_digit
from govhall.queueing.tests.factories import hall

_people = itertools.count(1)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def id_number(born: dt.date = dt.date(1985, 3, 7), area: str = "310104") -> str:
    """A valid, distinct ID number for each call."""
    first17 = f"{area}{born:%Y%m%d}{next(_people) % 1000:03d}"
    return first17 + check_digit(first17)


def booking_hall(code: str = "BK", *, capacity: int = 3) -> dict:
    """Queue A (licences) bookable Monday to Friday, 9-10 and 10-11."""
    h = hall(code)
    for weekday in range(5):
        for start in (9, 10):
            SlotTemplate.objects.create(
                center=h["center"],
                queue=h["qa"],
                weekday=weekday,
                start=dt.time(start),
                end=dt.time(start + 1),
                capacity=capacity,
            )
    return h


def generate(h: dict, today: dt.date) -> list[Slot]:
    services.slots_generate(center=h["center"], today=today)
    return list(Slot.objects.filter(center=h["center"]).order_by("start"))


def book(h: dict, slot: Slot, *, now: dt.datetime, person: str | None = None, **kw):
    from govhall.core.actors import ANONYMOUS

    return services.booking_create(
        actor=kw.pop("actor", ANONYMOUS),
        center=h["center"],
        item_code=kw.pop("item", h["licence"].code),
        slot_id=slot.pk,
        name=kw.pop("name", "张三"),
        id_number=person or id_number(),
        phone=kw.pop("phone", "13912345678"),
        now=now,
        **kw,
    )
