"""Two members of staff take the same waiting conversation at the same moment:
one becomes its first responder, the other is told it is taken, and one enquiry
is recorded; the 12345 platform delivering one order twice at once (two keys)
makes one order. Real threads, real transactions, on PostgreSQL."""

import threading
import time

import pytest
from django.db import connections

from govhall.core.actors import actor_for_token
from govhall.core.errors import DomainError
from govhall.core.models import Role

from ..chat import services as chat
from ..enquiries import services as enquiries
from ..enquiries.models import Enquiry
from ..workorders import services as workorders
from ..workorders.models import WorkOrder
from .enquiry_factories import integration, world

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def race(calls):
    barrier, results = threading.Barrier(len(calls)), []

    def run(call):
        try:
            barrier.wait()
            call()
            results.append("ok")
        except DomainError as exc:
            results.append(exc.code)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return sorted(results)


def test_one_conversation_one_first_responder(monkeypatch):
    w = world()
    session = chat.chat_start(center=w["center"], question="居住证能代办吗？")
    real = enquiries.enquiry_create

    def slow(**kwargs):
        time.sleep(0.5)  # both threads would be here at once without the row lock
        return real(**kwargs)

    monkeypatch.setattr(enquiries, "enquiry_create", slow)
    takers = [w["actors"][Role.RECEPTION], w["actors"][Role.HOTLINE]]
    results = race([lambda a=a: chat.chat_take(actor=a, session=session) for a in takers])
    assert results == ["chat_already_taken", "ok"]
    assert Enquiry.objects.count() == 1
    session.refresh_from_db()
    assert session.enquiry.first_responder == session.taken_by


def test_one_order_delivered_twice_at_once_is_one_order():
    w = world()
    token, _h = integration(w["center"])

    def deliver():
        workorders.workorder_receive(
            actor=actor_for_token(token),
            center=w["center"],
            ref="12345-RACE-1",
            kind="request",
            content="想预约周六办理",
        )

    assert race([deliver, deliver]) == ["ok", "workorder_duplicate"]
    assert WorkOrder.objects.count() == 1
