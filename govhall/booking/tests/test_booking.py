"""Booking: the happy path, its messages, the limits, and bad input that
changes nothing."""

import datetime as dt

import pytest

from govhall.booking import services
from govhall.booking.models import Booking, BookingChannel, BookingStatus, Slot
from govhall.booking.tests.conftest import EVE
from govhall.booking.tests.factories import at, book, generate, id_number
from govhall.core.actors import ANONYMOUS
from govhall.core.errors import DomainError
from govhall.core.models import Event, Notification

OCT8 = dt.date(2026, 10, 8)


@pytest.fixture
def slots(bh):
    return generate(bh, EVE)


def first_on(slots, day):
    return next(s for s in slots if s.date == day)


def test_a_booking_takes_a_place_and_queues_its_messages(bh, slots):
    slot = first_on(slots, OCT8)
    person = id_number()
    booking = book(bh, slot, now=at(EVE, 10), person=person)
    assert booking.status == BookingStatus.BOOKED and booking.channel == BookingChannel.WEB
    assert len(booking.code) == 8
    slot.refresh_from_db()
    assert slot.booked == 1 and slot.remaining == 2
    keys = set(Notification.objects.values_list("key", flat=True))
    assert keys == {
        f"booking:{booking.pk}:confirm",
        f"booking:{booking.pk}:day_before",
        f"booking:{booking.pk}:hour_before",
    }
    reminder = Notification.objects.get(key__endswith="day_before")
    assert reminder.not_before == at(dt.date(2026, 10, 7), 9)  # the day before, at nine
    event = Event.objects.get(kind="booking.created")
    assert person not in str(event.payload) and "张三" not in str(event.payload)


def test_a_booking_for_the_next_morning_skips_the_day_before_reminder(bh, slots):
    booking = book(bh, first_on(slots, OCT8), now=at(dt.date(2026, 10, 7), 20))
    keys = set(
        Notification.objects.filter(key__startswith=f"booking:{booking.pk}:").values_list(
            "key", flat=True
        )
    )
    assert keys == {f"booking:{booking.pk}:confirm", f"booking:{booking.pk}:hour_before"}


def test_a_full_slot_refuses(bh, slots):
    slot = first_on(slots, OCT8)
    for _ in range(3):
        book(bh, slot, now=at(EVE, 10))
    with pytest.raises(DomainError) as refused:
        book(bh, slot, now=at(EVE, 10))
    assert refused.value.code == "slot_full" and refused.value.status == 409
    assert Booking.objects.count() == 3 and Slot.objects.get(pk=slot.pk).booked == 3


def test_one_person_one_active_booking_per_item(bh, slots):
    person = id_number()
    book(bh, first_on(slots, OCT8), now=at(EVE, 10), person=person)
    later = first_on(slots, dt.date(2026, 10, 9))
    with pytest.raises(DomainError) as refused:
        book(bh, later, now=at(EVE, 10), person=person)
    assert refused.value.code == "booking_limit"


def test_bookings_per_person_per_day(bh, slots):
    bh["center"].settings = {
        **bh["center"].settings,
        "booking.per_person_per_item": 5,
        "booking.per_person_per_day": 1,
    }
    bh["center"].save()
    person = id_number()
    nine, ten = [s for s in slots if s.date == OCT8]
    book(bh, nine, now=at(EVE, 10), person=person)
    with pytest.raises(DomainError) as refused:
        book(bh, ten, now=at(EVE, 10), person=person)
    assert refused.value.code == "booking_limit"


def test_staff_book_for_a_caller_on_the_hotline(bh, slots):
    booking = book(bh, first_on(slots, OCT8), now=at(EVE, 10), actor=bh["reception"])
    assert booking.channel == BookingChannel.HOTLINE
    assert booking.booked_by == bh["reception"].user


@pytest.mark.parametrize(
    "change, code",
    [
        ({"name": ""}, "validation_error"),
        ({"name": "名" * 41}, "validation_error"),
        ({"person": "110105194912310021"}, "validation_error"),  # bad check digit
        ({"phone": "1234"}, "validation_error"),
        ({"item": "NO-SUCH"}, "item_not_found"),
    ],
)
def test_bad_input_changes_nothing(bh, slots, change, code):
    slot = first_on(slots, OCT8)
    with pytest.raises(DomainError) as refused:
        book(bh, slot, now=at(EVE, 10), **change)
    assert refused.value.code == code
    assert Booking.objects.count() == 0 and Notification.objects.count() == 0
    assert Slot.objects.get(pk=slot.pk).booked == 0


def test_a_slot_in_the_past_or_too_soon_or_of_another_item(bh, slots):
    today_nine = first_on(slots, EVE)
    for now, code in [(at(EVE, 9, 30), "slot_past"), (at(EVE, 8, 45), "slot_too_soon")]:
        with pytest.raises(DomainError) as refused:
            book(bh, today_nine, now=now)
        assert refused.value.code == code
    with pytest.raises(DomainError) as refused:
        book(bh, first_on(slots, OCT8), now=at(EVE, 8), item=bh["pension"].code)
    assert refused.value.code == "slot_item_mismatch"
    assert Booking.objects.count() == 0


def test_a_slot_beyond_the_horizon_or_of_another_centre(bh, slots):
    from govhall.booking.tests.factories import booking_hall

    other = booking_hall("BO")
    their = generate(other, EVE)[0]
    with pytest.raises(DomainError) as refused:
        book(bh, their, now=at(EVE, 8))
    assert refused.value.code == "slot_not_found"
    last = slots[-1]
    with pytest.raises(DomainError) as refused:
        # Seen from the day before: the horizon ends one working day earlier.
        services.booking_create(
            actor=ANONYMOUS,
            center=bh["center"],
            item_code=bh["licence"].code,
            slot_id=last.pk,
            name="李四",
            id_number=id_number(),
            phone="13912345678",
            now=at(dt.date(2026, 9, 29), 10),
        )
    assert refused.value.code == "slot_not_bookable"


def test_cancel_gives_the_place_back_and_withdraws_reminders(bh, slots):
    slot = first_on(slots, OCT8)
    booking = book(bh, slot, now=at(EVE, 10))
    services.booking_cancel(code=booking.code, phone="13912345678", now=at(EVE, 11))
    booking.refresh_from_db()
    slot.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED and slot.booked == 0
    pending = Notification.objects.filter(
        key__startswith=f"booking:{booking.pk}:", status="pending"
    )
    assert not pending.filter(key__contains="before").exists()
    # The person is told, in Chinese, with the code of the booking they cancelled.
    told = Notification.objects.get(key=f"booking:{booking.pk}:cancelled")
    assert told.recipient == "13912345678" and "已取消" in told.body and booking.code in told.body


def test_cancel_needs_the_right_phone_and_the_deadline(bh, slots):
    slot = first_on(slots, OCT8)
    booking = book(bh, slot, now=at(EVE, 10))
    with pytest.raises(DomainError) as refused:
        services.booking_cancel(code=booking.code, phone="13800000000", now=at(EVE, 11))
    assert refused.value.code == "booking_not_found"
    with pytest.raises(DomainError) as refused:
        services.booking_cancel(code=booking.code, phone="13912345678", now=at(OCT8, 8, 40))
    assert refused.value.code == "cancel_too_late"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED
    services.booking_cancel(code=booking.code, phone="13912345678", now=at(EVE, 11))
    with pytest.raises(DomainError) as refused:
        services.booking_cancel(code=booking.code, phone="13912345678", now=at(EVE, 11))
    assert refused.value.code == "invalid_transition"
    assert Slot.objects.get(pk=slot.pk).booked == 0


def test_staff_cancel_late_with_a_reason_and_the_person_is_told(bh, slots):
    booking = book(bh, first_on(slots, OCT8), now=at(EVE, 10))
    with pytest.raises(DomainError):
        services.booking_cancel(code=booking.code, actor=bh["reception"], reason="")
    services.booking_cancel(code=booking.code, actor=bh["reception"], reason="系统故障")
    assert Notification.objects.filter(key=f"booking:{booking.pk}:cancelled").exists()
