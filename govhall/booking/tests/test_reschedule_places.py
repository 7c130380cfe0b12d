"""A property of 改约: whatever moves people try, in whatever order, and however
many are refused, every slot's `booked` equals the live bookings in it and never
passes its capacity; moves never create or lose a booking."""

from django.db import transaction
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govhall.booking.models import Booking, BookingStatus, Slot
from govhall.booking.rescheduling import booking_reschedule
from govhall.booking.tests.conftest import EVE
from govhall.booking.tests.factories import at, book, booking_hall, generate, id_number
from govhall.core.errors import DomainError

NOW = at(EVE, 10)
PHONE = "13912345678"


def _consistent(slots) -> None:
    live = dict(
        Booking.objects.filter(status=BookingStatus.BOOKED)
        .values_list("slot")
        .annotate(n=Count("pk"))
        .values_list("slot", "n")
    )
    for slot in Slot.objects.filter(pk__in=[s.pk for s in slots]):
        assert slot.booked == live.get(slot.pk, 0) <= slot.capacity


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(moves=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 5)), min_size=1, max_size=12))
def test_places_follow_the_bookings_through_any_moves(db, moves):
    with transaction.atomic():
        h = booking_hall("RP", capacity=2)
        slots = [s for s in generate(h, EVE) if s.date > EVE][:6]
        people = [book(h, slots[i % 3], now=NOW, person=id_number(), phone=PHONE) for i in range(5)]
        for who, where in moves:
            try:
                booking_reschedule(
                    code=people[who].code, phone=PHONE, slot_id=slots[where].pk, now=NOW
                )
            except DomainError as exc:
                assert exc.code in {"slot_full", "same_slot"}
            _consistent(slots)
        assert Booking.objects.filter(center=h["center"]).count() == 5
        transaction.set_rollback(True)


def test_the_property_would_see_a_lost_place(db):
    """The check itself: a place taken without a booking is caught."""
    h = booking_hall("RQ", capacity=2)
    slots = [s for s in generate(h, EVE) if s.date > EVE][:2]
    Slot.objects.filter(pk=slots[0].pk).update(booked=1)
    try:
        _consistent(slots)
    except AssertionError:
        return
    raise AssertionError("an orphan place went unseen")
