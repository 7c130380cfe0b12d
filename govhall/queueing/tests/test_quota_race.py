"""A quota under a rush: people at every kiosk at once for the last places get
exactly that many tickets. Real threads and connections: 20 for 5 places on
PostgreSQL (the quota row's lock), 6 for 3 on SQLite (one writer at a time)."""

import threading

import pytest
from django.db import connection, connections

from govhall.core.errors import Conflict
from govhall.core.models import Role
from govhall.core.tests import factories as f
from govhall.queueing import quotas, services
from govhall.queueing.models import Ticket
from govhall.queueing.tests.factories import hall as make_hall

pytestmark = pytest.mark.django_db(transaction=True)


def _rush(h, threads: int) -> tuple[list, list]:
    issued, refused, errors = [], [], []
    barrier = threading.Barrier(threads)

    def body():
        try:
            barrier.wait()
            ticket = services.ticket_issue(
                actor=h["reception"], center=h["center"], item_code=h["licence"].code
            )
            issued.append(ticket.number)
        except Conflict as exc:
            refused.append(exc.code)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=body) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert not errors, errors[:3]
    return issued, refused


@pytest.mark.parametrize("target", ["queue", "item"])
def test_a_rush_gets_exactly_the_places_left(target):
    h = make_hall(f"QR{target[0]}")
    threads, places = (20, 5) if connection.vendor == "postgresql" else (6, 3)
    admin = f.actor(f.staff(Role.CENTER_ADMIN, center_=h["center"]))
    where = {"queue": h["qa"]} if target == "queue" else {"item": h["licence"]}
    quotas.quota_save(actor=admin, center=h["center"], period="day", limit=places, **where)
    issued, refused = _rush(h, threads)
    assert len(issued) == places and len(set(issued)) == places
    assert refused == ["quota_reached"] * (threads - places)
    assert Ticket.objects.filter(queue=h["qa"]).count() == places
