"""Simultaneous punches of one person (a double tap at the clock, the device and
one's own button at once): the person's profile row is locked for the punch, so
exactly one is recorded and every answer is that one; the day has one first
"in". 12 threads on PostgreSQL, 4 on SQLite (one writer at a time)."""

import datetime as dt
import json
import threading

import pytest
import time_machine
from django.db import connection, connections
from django.test import Client

from govhall.core.months import Month
from govhall.core.services import token_create
from govhall.core.tests import factories as f
from govhall.staff.attendance import selectors
from govhall.staff.attendance.models import Punch
from govhall.staff.tests.attendance_factories import local, world

pytestmark = pytest.mark.django_db(transaction=True)
NOW = local(2026, 11, 18, 9, 5)


def test_simultaneous_punches_of_one_person_record_one_first_in():
    threads = 12 if connection.vendor == "postgresql" else 4
    with time_machine.travel(NOW, tick=False):
        w = world()
        own = token_create(kind="staff", user=w["clerk"])[1]
        barrier = threading.Barrier(threads)
        answers = []

        def body(i):
            try:
                raw = own if i % 2 else w["device_raw"]
                client = Client(headers={"Authorization": f"Bearer {raw}"})
                payload = {"staff_number": w["clerk"].staff_number, "kind": "in"}
                if not i % 2:
                    payload["at"] = (NOW - dt.timedelta(seconds=i)).isoformat()
                barrier.wait()
                r = client.post(
                    "/api/v1/attendance/punches",
                    json.dumps(payload),
                    content_type="application/json",
                )
                answers.append((r.status_code, r.json()))
            finally:
                connections.close_all()

        pool = [threading.Thread(target=body, args=(i,)) for i in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        assert [s for s, _b in answers] == [201] * threads, answers
        assert Punch.objects.filter(user=w["clerk"]).count() == 1
        assert len({b["at"] for _s, b in answers}) == 1
        assert {b["late_minutes"] for _s, b in answers} == {
            int((Punch.objects.get().at - local(2026, 11, 18, 8, 50)).total_seconds() // 60)
        }
        ledger = selectors.ledger(f.actor(w["admin"]), w["center"], Month(dt.date(2026, 11, 1)))
        clerk = next(p for p in ledger.people if p.profile.user_id == w["clerk"].pk)
        assert clerk.totals.late_count == 1
