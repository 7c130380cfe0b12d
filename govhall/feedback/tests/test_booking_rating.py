"""预约服务“好差评” (001 4.7.3): a booking that was kept (checked in and its
ticket served) or missed invites one rating of the booking service itself, by
a text carrying the link. Feedback makes it on the booking's own events
(booking.kept, booking.no_show) through core.events.subscribe: booking, a floor
below, never imports feedback."""

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from govhall.booking import services as booking_services
from govhall.booking.tests.conftest import EVE
from govhall.booking.tests.factories import at, book, booking_hall, generate
from govhall.core.actors import ANONYMOUS
from govhall.core.errors import ValidationFailed
from govhall.core.models import Event, Notification
from govhall.queueing import services as queue_services

from ..models import Evaluation, Subject
from ..services.evaluations import evaluation_rate

OCT8 = dt.date(2026, 10, 8)
PHONE = "13912345678"


@pytest.fixture
def booked(db):
    h = booking_hall("BR")
    slot = next(s for s in generate(h, EVE) if s.date == OCT8)
    h["booking"] = book(h, slot, now=at(EVE, 10), phone=PHONE)
    return h


def _keep(h):
    _b, ticket = booking_services.booking_check_in(
        actor=h["reception"], center=h["center"], code=h["booking"].code, now=at(OCT8, 8, 50)
    )
    called = queue_services.ticket_call_next(actor=h["clerk"], window=h["w1"], now=at(OCT8, 9))
    queue_services.ticket_finish(actor=h["clerk"], ticket=called, now=at(OCT8, 9, 12))
    return ticket


def test_a_kept_booking_invites_a_rating_of_the_booking_by_text(booked):
    ticket = _keep(booked)
    booking = booked["booking"]
    kept = Event.objects.get(kind="booking.kept")
    assert kept.aggregate_id == str(booking.pk) and kept.payload["ticket"] == ticket.number
    evaluation = Evaluation.objects.get(booking=booking)
    assert evaluation.subject == Subject.BOOKING and evaluation.served_at == at(OCT8, 9, 12)
    assert evaluation.reference == "2026-10-08 09:00" and booking.code not in evaluation.reference
    assert evaluation.item_name == "营业执照遗失补领" and evaluation.window is None
    assert evaluation.person_hash == booking.id_number_hash
    sms = Notification.objects.get(key=f"evaluation:{evaluation.pk}:invite")
    assert sms.recipient == PHONE and f"/e/{evaluation.token}/" in sms.body
    assert "预约服务" in sms.body
    # The window service of the ticket is rated on its own, as before (一次一评).
    assert Evaluation.objects.get(ticket=ticket).subject == Subject.TICKET
    invited = Event.objects.get(kind="evaluation.invited", aggregate_id=str(evaluation.pk))
    assert booking.code not in str(invited.payload) and PHONE not in str(invited.payload)


def test_a_missed_booking_invites_one_too_and_only_once(booked):
    booking_services.bookings_mark_no_shows(now=at(OCT8, 10, 5))
    booking_services.bookings_mark_no_shows(now=at(OCT8, 10, 10))
    evaluation = Evaluation.objects.get(booking=booked["booking"])
    assert evaluation.served_at == at(OCT8, 10, 5)
    assert "未能到场" in Notification.objects.get(key=f"evaluation:{evaluation.pk}:invite").body
    assert Evaluation.objects.filter(subject=Subject.BOOKING).count() == 1


def test_a_cancelled_or_still_open_booking_invites_nothing(booked):
    booking_services.booking_cancel(code=booked["booking"].code, phone=PHONE, now=at(EVE, 11))
    booking_services.bookings_mark_no_shows(now=at(OCT8, 10, 5))
    assert not Evaluation.objects.filter(subject=Subject.BOOKING).exists()


@time_machine.travel(at(OCT8, 12), tick=False)
def test_the_booking_is_rated_on_ease_and_time_with_its_own_reasons(booked, client):
    _keep(booked)
    evaluation = Evaluation.objects.get(booking=booked["booking"])
    page = client.get(reverse("rate", args=[evaluation.token])).content.decode()
    assert "您对本次预约服务满意吗？" in page and 'name="ease"' in page and 'name="on_time"' in page
    assert 'value="not_on_time"' in page and 'name="attitude"' not in page
    with pytest.raises(ValidationFailed) as refused:
        evaluation_rate(actor=ANONYMOUS, token=evaluation.token, level=4, indicators={"skill": 5})
    assert "indicators.skill" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        evaluation_rate(actor=ANONYMOUS, token=evaluation.token, level=2, reasons=["materials"])
    assert "reasons" in refused.value.fields
    resp = client.post(
        reverse("rate", args=[evaluation.token]),
        {"level": "2", "reasons": ["not_on_time"], "ease": "4", "on_time": "1"},
    )
    assert resp.status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.level, evaluation.ease, evaluation.on_time) == (2, 4, 1)
    assert evaluation.reasons == ["not_on_time"] and evaluation.real_name
    assert evaluation.rectification.real_name  # a bad one is worked like any other
    again = client.post(reverse("rate", args=[evaluation.token]), {"level": "5"})
    assert again.status_code == 409


@time_machine.travel(at(OCT8, 12), tick=False)
def test_the_ticket_rating_does_not_offer_the_booking_reasons(booked, client):
    ticket = _keep(booked)
    evaluation = Evaluation.objects.get(ticket=ticket)
    page = client.get(reverse("rate", args=[evaluation.token])).content.decode()
    assert 'name="attitude"' in page and 'value="not_on_time"' not in page
    with pytest.raises(ValidationFailed):
        evaluation_rate(actor=ANONYMOUS, token=evaluation.token, level=4, indicators={"ease": 5})


def test_booking_does_not_import_feedback():
    # Read as text, not with ast: after Playwright's greenlets have run on this
    # thread, CPython 3.11.7's ast.parse can fail ("AST constructor recursion depth
    # mismatch"), as test_i18n found.
    upward = re.compile(
        r"^\s*(?:from\s+govhall\.feedback\b|import\s+govhall\.feedback\b|from\s+govhall\s+import\s+[^\n]*\bfeedback\b)",
        re.M,
    )
    root = Path(__file__).resolve().parents[2] / "booking"
    for path in root.rglob("*.py"):
        assert not upward.search(path.read_text(encoding="utf-8")), path
