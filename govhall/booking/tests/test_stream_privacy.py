"""Issue 10 finding 8: the display board's stream carried booking codes, enough
to check someone in at a kiosk. After a day of traffic (bookings, check-in,
walk-ins with ID and phone, calls, finishes, a cancellation, a no-show), every
frame the stream sends to a board, a kiosk and a centre admin is read back: no
booking code, ID number, phone number or name in any of them, and a device
gets only the calls and the queues its screen shows."""

import json

import pytest
from django.test import AsyncClient

from govhall.booking import services
from govhall.booking.tests.conftest import EVE
from govhall.booking.tests.factories import at, book, booking_hall, generate, id_number
from govhall.core.events import emit
from govhall.core.models import Event, Role, TokenKind
from govhall.core.services import token_create
from govhall.core.stream import DEVICE_KINDS
from govhall.core.tests import factories as f
from govhall.queueing import services as queueing
from govhall.queueing.tests.test_stream import _frames, _read, run

pytestmark = pytest.mark.django_db(transaction=True)

NAMES = ("欧阳晓明", "司马青青")
PHONES = ("13912345678", "13800138000")
WALK_IN_ID = "11010519491231002X"


def _day(h) -> tuple[list[str], list[str]]:
    """A day at the hall; returns the booking codes and ID numbers it used."""
    slots = [s for s in generate(h, EVE) if s.date.isoformat() == "2026-10-08"]
    people = [id_number(), id_number()]
    kept = book(h, slots[0], now=at(EVE, 10), person=people[0], name=NAMES[0], phone=PHONES[0])
    dropped = book(h, slots[1], now=at(EVE, 11), person=people[1], name=NAMES[1], phone=PHONES[1])
    services.booking_cancel(code=dropped.code, phone=PHONES[1], now=at(EVE, 12))
    missed = book(h, slots[1], now=at(EVE, 13), person=id_number(), name=NAMES[1])
    morning = at(EVE.replace(day=8, month=10), 8, 50)
    services.booking_check_in(actor=h["reception"], center=h["center"], code=kept.code, now=morning)
    queueing.ticket_issue(
        actor=h["reception"],
        center=h["center"],
        item_code=h["licence"].code,
        id_number=WALK_IN_ID,
        phone=PHONES[1],
        now=morning,
    )
    for _ in range(2):
        ticket = queueing.ticket_call_next(actor=h["clerk"], window=h["w1"], now=morning)
        queueing.ticket_start(actor=h["clerk"], ticket=ticket, now=morning)
        queueing.ticket_finish(actor=h["clerk"], ticket=ticket, now=morning)
    services.bookings_mark_no_shows(now=at(EVE.replace(day=8, month=10), 18))
    return [kept.code, dropped.code, missed.code], people


def _stream(h, raw: str) -> list[dict]:
    async def scenario():
        response = await AsyncClient().get(
            f"/api/v1/centers/{h['center'].code}/events?max_seconds=1",
            headers={"Authorization": f"Bearer {raw}", "Last-Event-ID": "0"},
        )
        assert response.status_code == 200
        return _frames(await _read(response, 1.5))

    return run(scenario)


def test_no_stream_frame_carries_a_booking_code_or_personal_data():
    h = booking_hall("PRV")
    codes, people = _day(h)
    secrets = [*codes, *people, WALK_IN_ID, *PHONES, *NAMES]
    admin = f.staff(Role.CENTER_ADMIN, center_=h["center"])
    streams = {
        "display": token_create(kind=TokenKind.DISPLAY, center=h["center"])[1],
        "kiosk": token_create(kind=TokenKind.KIOSK, center=h["center"])[1],
        "staff": token_create(kind=TokenKind.STAFF, user=admin)[1],
    }
    written = set(Event.objects.filter(center=h["center"]).values_list("kind", flat=True))
    assert {"booking.created", "booking.checked_in", "booking.cancelled"} <= written
    assert {"ticket.issued", "ticket.called", "ticket.finished", "booking.no_show"} <= written
    for who, raw in streams.items():
        frames = _stream(h, raw)
        text = json.dumps(frames, ensure_ascii=False)
        assert [s for s in secrets if s in text] == [], who
        assert '"code"' not in text and "phone" not in text and "id_number" not in text
        kinds = {fr["event"] for fr in frames}
        if who == "staff":
            assert kinds == written  # staff see every kind, and none of them leaks
        else:
            assert kinds == {k for k in written if k.startswith(DEVICE_KINDS)}, who
            assert "ticket.called" in kinds and "queue.changed" in kinds


@pytest.mark.parametrize("key", ["code", "check_code", "track_token", "token", "phone"])
def test_an_event_that_would_carry_a_secret_is_refused(key):
    from django.db import transaction

    center = f.center()
    with pytest.raises(ValueError), transaction.atomic():
        emit("booking.created", center=center, payload={"nested": {key: "AB12CD34"}})
    assert not Event.objects.exists()
