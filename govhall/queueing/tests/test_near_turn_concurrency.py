"""Windows calling at once while the near-turn SMS is worked out: no deadlock
(two calls never wait on each other's tickets), each ticket called once with
one "called" SMS and at most one "near" SMS. Real threads and connections: 16
windows on PostgreSQL, 4 on SQLite (one writer)."""

import datetime as dt
import re
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone

from govhall.core.actors import actor_for_token
from govhall.core.models import Notification, TokenKind
from govhall.core.services import token_create
from govhall.queueing import services
from govhall.queueing.models import Ticket
from govhall.queueing.tests.factories import hall as make_hall
from govhall.queueing.tests.factories import window
from govhall.queueing.tests.test_concurrency import _run

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_calls_tell_each_once_without_deadlock():
    h = make_hall("NC")
    threads, total = (16, 400) if connection.vendor == "postgresql" else (4, 80)
    now, day = timezone.now(), timezone.localdate()
    # Written directly and untold, so the tickets being claimed are themselves
    # candidates of the other windows' checks: the case that could deadlock.
    Ticket.objects.bulk_create(
        Ticket(
            center=h["center"],
            queue=q,
            service_date=day,
            seq=i,
            number=f"{q.prefix}{i:04d}",
            channel="kiosk",
            priority=i % 13 == 0,
            phone="13800138000",
            sort_at=now + dt.timedelta(seconds=i),
            issued_at=now,
            track_token=f"n{q.prefix}{i}",
        )
        for i in range(1, total + 1)
        for q in [h["qa"] if i % 3 else h["qb"]]
    )
    windows = [window(h["center"], 10 + i, h["qa"], h["qb"]) for i in range(threads)]
    actors = [
        actor_for_token(token_create(kind=TokenKind.WINDOW, center=h["center"], window=w)[0])
        for w in windows
    ]

    def work(i):
        called = []
        while (ticket := services.ticket_call_next(actor=actors[i], window=windows[i])) is not None:
            called.append(ticket.pk)
            services.ticket_finish(actor=actors[i], ticket=ticket)
        return called

    called = _run(threads, work)
    assert len(called) == len(set(called)) == total
    rows = list(Notification.objects.values_list("key", "body"))
    keys = Counter(k.rsplit(":", 1)[1] for k, _b in rows)
    assert keys["called"] == total and keys["near"] <= total
    # A ticket a window is claiming at that moment is skipped, not told: it is
    # being called. With 16 windows finishing at once that is most of them.
    ahead = [int(re.search(r"前面还有(\d+)人", b).group(1)) for k, b in rows if k.endswith("near")]
    assert keys["near"] and max(ahead) <= 3
