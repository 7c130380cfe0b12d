"""What is queued for the platforms, from the real services: a ticket issued,
called and finished, a booking made and cancelled, a rating and the reply to a
bad one. Each keyed by destination and event; no name, ID number, phone,
booking code or free text in any payload."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from govhall.booking import services as booking_services
from govhall.booking.tests.factories import book, booking_hall, generate
from govhall.core.actors import ANONYMOUS
from govhall.core.models import Event, OutboxMessage
from govhall.feedback.models import Finding
from govhall.feedback.services import evaluations as feedback
from govhall.feedback.tests.factories import PHONE, feedback_hall, serve

pytestmark = pytest.mark.django_db
ID = "110101199003070011"


def payloads(destination: str) -> dict[str, dict]:
    rows = OutboxMessage.objects.filter(destination=destination).order_by("pk")
    return {m.kind: m.payload for m in rows}


def test_queue_booking_and_ratings_are_queued_without_personal_data():
    h = feedback_hall("X")
    evaluation = serve(h, phone=PHONE, id_number=ID, now=timezone.now())
    feedback.evaluation_rate(
        actor=ANONYMOUS,
        token=evaluation.token,
        level=2,
        reasons=["slow"],
        comment=f"等太久了，我的电话 {PHONE}",
        indicators={"efficiency": 2},
    )
    queue = payloads("booking_platform")
    assert {"ticket.issued", "ticket.called", "ticket.finished"} <= set(queue)
    issued = queue["ticket.issued"]
    assert issued["center"] == h["center"].code and issued["item"] == h["licence"].code
    assert issued["number"] == evaluation.ticket.number and issued["queue"] == h["qa"].code
    assert queue["ticket.finished"]["finished_at"] and queue["ticket.called"]["window"]

    rating = payloads("provincial_rating")["evaluation.rated"]
    assert rating["level"] == 2 and rating["reasons"] == ["slow"]
    assert rating["indicators"] == {"efficiency": 2}
    assert rating["window"] == h["w1"].code and rating["item"] == h["licence"].code
    assert rating["staff_number"] == "X0001" and rating["rated_at"]

    record = evaluation.rectification
    admin = h["admin"]
    feedback.rectification_contact(actor=admin, rectification=record, note="已电话联系")
    feedback.rectification_classify(
        actor=admin, rectification=record, finding=Finding.OBJECTIVE, note="属实"
    )
    feedback.rectification_rectify(actor=admin, rectification=record, measures="增开窗口")
    feedback.rectification_reply(
        actor=admin, rectification=record, text=f"已增开窗口，如有问题请拨 {PHONE}"
    )
    reply = payloads("provincial_rating")["rectification.replied"]
    assert reply["finding"] == "objective" and reply["reference"] == evaluation.reference
    assert "已增开窗口" in reply["reply"] and PHONE not in reply["reply"]

    # Keys: "<destination>:<event id>", one message per event.
    for m in OutboxMessage.objects.all():
        event_id = int(m.key.split(":")[1])
        assert (
            m.key.startswith(m.destination + ":") and Event.objects.get(pk=event_id).kind == m.kind
        )
    text = json.dumps(list(OutboxMessage.objects.values_list("payload", flat=True)))
    for secret in (PHONE, ID, evaluation.token, "等太久了", evaluation.ticket.track_token):
        assert secret not in text


def test_bookings_made_and_cancelled_carry_no_person():
    h = booking_hall("XB")
    now = timezone.make_aware(dt.datetime(2026, 11, 2, 8))  # a Monday
    slots = generate(h, now.date())
    booking = book(h, slots[2], now=now, name="王小明", phone="13700001111")
    booking_services.booking_cancel(code=booking.code, phone="13700001111", now=now)
    made = payloads("booking_platform")
    assert made["booking.created"]["item"] == h["licence"].code
    assert made["booking.created"]["slot_start"] and made["booking.created"]["status"] == "booked"
    assert made["booking.cancelled"]["status"] == "cancelled"
    assert made["booking.created"]["platform_booking_id"] is None
    text = json.dumps(list(OutboxMessage.objects.values_list("payload", flat=True)))
    for secret in ("王小明", "13700001111", booking.code, booking.id_number.value):
        assert secret not in text
