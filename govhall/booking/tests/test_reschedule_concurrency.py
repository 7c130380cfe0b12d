"""Moving into the last place: 20 people, each booked elsewhere, move into a
slot with one place left at the same moment. Exactly one moves; the others get
409 `slot_full` and keep their own place; no slot is oversold or left with a
place counted twice. Real threads on PostgreSQL (row locks and the conditional
UPDATE under contention); 6 on SQLite, whose writers take turns anyway."""

import datetime as dt
import threading
from collections import Counter

import pytest
import time_machine
from django.db import connection, connections

from govhall.booking.models import Booking, Slot
from govhall.booking.rescheduling import booking_reschedule
from govhall.booking.tests.conftest import EVE
from govhall.booking.tests.factories import at, book, booking_hall, generate, id_number
from govhall.core.errors import DomainError

pytestmark = pytest.mark.django_db(transaction=True)


def test_twenty_people_move_into_the_last_place():
    THREADS = 20 if connection.vendor == "postgresql" else 6
    h = booking_hall("RC", capacity=THREADS)
    now = at(EVE, 10)
    with time_machine.travel(now, tick=True):
        generate(h, EVE)
        slots = list(Slot.objects.filter(center=h["center"]).order_by("start"))
        source = next(s for s in slots if s.date == dt.date(2026, 10, 8))
        target = next(s for s in slots if s.date == dt.date(2026, 10, 9))
        Slot.objects.filter(pk=target.pk).update(capacity=1)
        people = [
            book(h, source, now=now, person=id_number(), phone="13912345678")
            for _ in range(THREADS)
        ]
        barrier = threading.Barrier(THREADS)
        outcomes = []

        def move(booking):
            try:
                barrier.wait()
                booking_reschedule(code=booking.code, phone="13912345678", slot_id=target.pk)
                outcomes.append("moved")
            except DomainError as exc:
                outcomes.append(exc.code)
            finally:
                connections.close_all()

        pool = [threading.Thread(target=move, args=(b,)) for b in people]
        for t in pool:
            t.start()
        for t in pool:
            t.join()

    assert Counter(outcomes) == {"moved": 1, "slot_full": THREADS - 1}
    source.refresh_from_db()
    target.refresh_from_db()
    assert target.booked == 1 == Booking.objects.filter(slot=target).count()
    assert source.booked == THREADS - 1 == Booking.objects.filter(slot=source).count()
