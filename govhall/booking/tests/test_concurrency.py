"""The last place of a slot is never sold twice: 50 people book a slot with 3
places at the same moment over the HTTP API; exactly 3 succeed and the rest get
409 `slot_full`. 50 threads on PostgreSQL, 8 on SQLite (one writer at a time)."""

import datetime as dt
import json
import threading
from collections import Counter

import pytest
import time_machine
from django.db import connection, connections
from django.test import Client

from govhall.booking.models import Booking, Slot
from govhall.booking.tests.conftest import EVE
from govhall.booking.tests.factories import at, booking_hall, generate, id_number

pytestmark = pytest.mark.django_db(transaction=True)


def test_fifty_people_three_places():
    threads = 50 if connection.vendor == "postgresql" else 8
    h = booking_hall("CC")
    with time_machine.travel(at(EVE, 10), tick=True):
        generate(h, EVE)
        slot = Slot.objects.filter(date=dt.date(2026, 10, 8)).order_by("start").first()
        people = [id_number() for _ in range(threads)]
        barrier = threading.Barrier(threads)
        statuses, codes = [], []

        def body(i):
            try:
                client = Client()
                barrier.wait()
                resp = client.post(
                    "/api/v1/appointments",
                    json.dumps(
                        {
                            "center": h["center"].code,
                            "item": h["licence"].code,
                            "slot": slot.pk,
                            "name": "并发",
                            "id_number": people[i],
                            "phone": "13912345678",
                        }
                    ),
                    content_type="application/json",
                )
                statuses.append(resp.status_code)
                if resp.status_code != 201:
                    codes.append(resp.json()["error"]["code"])
            finally:
                connections.close_all()

        pool = [threading.Thread(target=body, args=(i,)) for i in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()

    assert Counter(statuses) == {201: 3, 409: threads - 3}
    assert set(codes) == {"slot_full"}
    slot.refresh_from_db()
    assert slot.booked == 3 == Booking.objects.filter(slot=slot).count()
