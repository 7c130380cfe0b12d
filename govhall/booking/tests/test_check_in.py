"""Check-in makes a ticket with appointment priority, within its window only."""

import datetime as dt

import pytest

from govhall.booking import services
from govhall.booking.models import BookingStatus
from govhall.booking.tests.conftest import EVE
from govhall.booking.tests.factories import at, book, generate, id_number
from govhall.core.actors import actor_for_token
from govhall.core.errors import DomainError
from govhall.core.models import ApiToken, Notification, TokenKind
from govhall.queueing import services as queueing
from govhall.queueing.models import Channel, Ticket

OCT8 = dt.date(2026, 10, 8)


@pytest.fixture
def booked(bh):
    slots = generate(bh, EVE)
    slot = next(s for s in slots if s.date == OCT8)
    person = id_number()
    return book(bh, slot, now=at(EVE, 10), person=person), person


def kiosk(bh):
    return actor_for_token(ApiToken.objects.get(kind=TokenKind.KIOSK, center=bh["center"]))


def test_check_in_by_code_makes_an_appointment_ticket(bh, booked):
    booking, _person = booked
    booking, ticket = services.booking_check_in(
        actor=kiosk(bh), center=bh["center"], code=booking.code.lower(), now=at(OCT8, 8, 50)
    )
    assert booking.status == BookingStatus.CHECKED_IN and booking.ticket == ticket
    assert ticket.is_appointment and ticket.channel == Channel.APPOINTMENT
    assert ticket.queue == bh["qa"] and ticket.number == "A001"
    # The reminder due at 8:00 has gone or is withdrawn; nothing more is sent.
    assert (
        not Notification.objects.filter(key__startswith=f"booking:{booking.pk}:", status="pending")
        .exclude(key__endswith="confirm")
        .exists()
    )


def test_an_appointment_is_called_before_walk_ins(bh, booked):
    booking, _person = booked
    now = at(OCT8, 8, 55)
    walk_in = queueing.ticket_issue(
        actor=bh["reception"], center=bh["center"], item_code=bh["licence"].code, now=now
    )
    _b, ticket = services.booking_check_in(
        actor=bh["reception"], center=bh["center"], code=booking.code, now=now
    )
    called = queueing.ticket_call_next(actor=bh["clerk"], window=bh["w1"], now=now)
    assert called == ticket and called != walk_in


def test_check_in_by_id_number(bh, booked):
    booking, person = booked
    _b, ticket = services.booking_check_in(
        actor=bh["reception"], center=bh["center"], id_number=person, now=at(OCT8, 9, 10)
    )
    assert ticket.is_appointment
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN


@pytest.mark.parametrize(
    "now, code",
    [
        (at(OCT8, 8, 0), "check_in_too_early"),
        (at(OCT8, 9, 16), "check_in_too_late"),
        (at(EVE, 12), "check_in_too_early"),
    ],
)
def test_check_in_outside_the_window_changes_nothing(bh, booked, now, code):
    booking, _person = booked
    with pytest.raises(DomainError) as refused:
        services.booking_check_in(actor=kiosk(bh), center=bh["center"], code=booking.code, now=now)
    assert refused.value.code == code and refused.value.status == 409
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED and not Ticket.objects.exists()


def test_twice_is_refused(bh, booked):
    booking, _person = booked
    services.booking_check_in(
        actor=kiosk(bh), center=bh["center"], code=booking.code, now=at(OCT8, 9)
    )
    with pytest.raises(DomainError) as refused:
        services.booking_check_in(
            actor=kiosk(bh), center=bh["center"], code=booking.code, now=at(OCT8, 9, 1)
        )
    assert refused.value.code == "invalid_transition"
    assert Ticket.objects.count() == 1


def test_another_centres_kiosk_cannot_check_in(bh, booked):
    from govhall.booking.tests.factories import booking_hall

    booking, _person = booked
    other = booking_hall("CK")
    their_kiosk = actor_for_token(
        ApiToken.objects.get(kind=TokenKind.KIOSK, center=other["center"])
    )
    with pytest.raises(DomainError) as refused:
        services.booking_check_in(
            actor=their_kiosk, center=other["center"], code=booking.code, now=at(OCT8, 9)
        )
    assert refused.value.code == "booking_not_found"
    with pytest.raises(DomainError) as refused:
        services.booking_check_in(
            actor=their_kiosk, center=bh["center"], code=booking.code, now=at(OCT8, 9)
        )
    assert refused.value.status == 403
    assert not Ticket.objects.exists()
