"""No-shows and the suspension of online booking (default: 2 in 30 days → 30 days)."""

import datetime as dt

import pytest
from django.utils import timezone

from govhall.booking import services
from govhall.booking.models import Booking, BookingStatus, Suspension
from govhall.booking.tests.conftest import EVE
from govhall.booking.tests.factories import at, book, generate, id_number
from govhall.core.errors import DomainError
from govhall.core.models import Notification

OCT8, OCT9, OCT12 = dt.date(2026, 10, 8), dt.date(2026, 10, 9), dt.date(2026, 10, 12)


@pytest.fixture
def slots(bh):
    return generate(bh, EVE)


def on(slots, day, hour=9):
    return next(s for s in slots if s.date == day and timezone.localtime(s.start).hour == hour)


def test_a_missed_slot_is_a_no_show_once(bh, slots):
    booking = book(bh, on(slots, OCT8), now=at(EVE, 10))
    assert services.bookings_mark_no_shows(now=at(OCT8, 9, 59)) == 0  # the slot is not over
    assert services.bookings_mark_no_shows(now=at(OCT8, 10, 1)) == 1
    assert services.bookings_mark_no_shows(now=at(OCT8, 10, 2)) == 0  # safe to run again
    booking.refresh_from_db()
    assert booking.status == BookingStatus.NO_SHOW
    assert not Suspension.objects.exists()  # one is not yet a pattern


def test_two_no_shows_suspend_online_booking_with_a_clear_message(bh, slots):
    person, _s = _suspended(bh, slots)
    services.bookings_mark_no_shows(now=at(OCT9, 12))  # again: still one suspension
    suspension = Suspension.objects.get()
    assert suspension.ends_at == at(OCT9, 11) + dt.timedelta(days=30)
    assert person not in suspension.id_number_masked and "*" in suspension.id_number_masked
    assert Notification.objects.filter(key=f"suspension:{suspension.pk}").exists()

    with pytest.raises(DomainError) as refused:
        book(bh, on(slots, OCT12), now=at(OCT9, 12), person=person)
    assert refused.value.code == "booking_suspended" and refused.value.status == 403
    assert "暂停" in str(refused.value.message)
    # Staff on the hotline may still book for the person.
    booking = book(bh, on(slots, OCT12), now=at(OCT9, 12), person=person, actor=bh["reception"])
    assert booking.status == BookingStatus.BOOKED


def _suspended(bh, slots) -> tuple[str, Suspension]:
    person = id_number()
    book(bh, on(slots, OCT8), now=at(EVE, 10), person=person)
    services.bookings_mark_no_shows(now=at(OCT8, 11))
    book(bh, on(slots, OCT9), now=at(OCT8, 12), person=person)
    services.bookings_mark_no_shows(now=at(OCT9, 11))
    return person, Suspension.objects.get()


def test_staff_lift_a_suspension_with_a_reason(bh, slots):
    person, suspension = _suspended(bh, slots)
    with pytest.raises(DomainError) as refused:
        services.suspension_lift(
            actor=bh["reception"], suspension=suspension, reason=" ", now=at(OCT9, 12)
        )
    assert refused.value.status == 422
    with pytest.raises(DomainError) as refused:
        services.suspension_lift(
            actor=_other_centre_staff(), suspension=suspension, reason="误判", now=at(OCT9, 12)
        )
    assert refused.value.status == 403
    services.suspension_lift(
        actor=bh["reception"],
        suspension=suspension,
        reason="当日因病就医，有证明",
        now=at(OCT9, 12),
    )
    suspension.refresh_from_db()
    assert suspension.lifted_at and suspension.lifted_by == bh["reception"].user
    assert book(bh, on(slots, OCT12), now=at(OCT9, 13), person=person).status == "booked"
    with pytest.raises(DomainError) as refused:
        services.suspension_lift(
            actor=bh["reception"], suspension=suspension, reason="再次", now=at(OCT9, 14)
        )
    assert refused.value.code == "invalid_transition"


def _other_centre_staff():
    from govhall.core.models import Role
    from govhall.core.tests import factories as f

    other = f.center(f.district(), code="ELSE")
    return f.actor(f.staff(Role.RECEPTION, center_=other))


def test_a_booking_checked_in_or_cancelled_is_never_a_no_show(bh, slots):
    a = book(bh, on(slots, OCT8), now=at(EVE, 10))
    b = book(bh, on(slots, OCT8), now=at(EVE, 10))
    services.booking_cancel(code=a.code, phone="13912345678", now=at(EVE, 11))
    services.booking_check_in(
        actor=bh["reception"], center=bh["center"], code=b.code, now=at(OCT8, 9)
    )
    assert services.bookings_mark_no_shows(now=at(OCT8, 12)) == 0
    assert set(Booking.objects.values_list("status", flat=True)) == {"cancelled", "checked_in"}
