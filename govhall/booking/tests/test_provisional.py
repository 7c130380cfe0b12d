"""Booking past the end of the holiday table (finding 7). A citizen on 28
December expects to book the first days of January: those days are bookable on
the Monday–Friday rule and shown 预计; when the year is added, a booking on what
turns out to be a holiday is cancelled by the centre with a text, and a make-up
working day gets its slots."""

import datetime as dt

import time_machine
from django.urls import reverse

from govhall.booking import selectors, services
from govhall.booking.models import Booking, BookingStatus, Slot
from govhall.booking.tests.factories import at, book, generate
from govhall.core.models import Notification
from govhall.core.tests.calendar_2027 import add_2027

DEC_28 = dt.date(2026, 12, 28)  # a Monday
JAN_1 = dt.date(2027, 1, 1)  # a Friday: bookable until the schedule says otherwise


def test_bookable_days_run_into_the_missing_year(bh):
    days = services.bookable_days(bh["center"], DEC_28)
    assert days == [
        DEC_28,
        dt.date(2026, 12, 29),
        dt.date(2026, 12, 30),
        dt.date(2026, 12, 31),
        JAN_1,
        dt.date(2027, 1, 4),
        dt.date(2027, 1, 5),
    ]
    assert services.provisional_days(days) == {JAN_1, dt.date(2027, 1, 4), dt.date(2027, 1, 5)}


def test_the_page_and_the_api_mark_january_provisional(client, bh):
    with time_machine.travel(at(DEC_28, 8), tick=False):
        generate(bh, DEC_28)
        days = selectors.slot_days(bh["center"], bh["licence"].code)
        url = reverse("booking:item", args=[bh["center"].code, bh["licence"].code])
        page = client.get(url, {"day": "2027-01-01"})
        api = client.get(
            f"/api/v1/centers/{bh['center'].code}/slots",
            {"item": bh["licence"].code, "date": "2027-01-01"},
        )
    assert [d["provisional"] for d in days] == [False] * 4 + [True] * 3
    assert page.status_code == 200
    html = page.content.decode()
    assert "（预计）" in html and "尚未公布" in html
    assert api.status_code == 200 and api.json()
    assert {s["provisional"] for s in api.json()} == {True}


def test_a_booking_on_a_day_that_becomes_a_holiday_is_cancelled_with_a_text(client, bh):
    bh["center"].settings = {**bh["center"].settings, "booking.days_ahead": 10}
    bh["center"].save()
    with time_machine.travel(at(DEC_28, 8), tick=False):
        generate(bh, DEC_28)
        jan_1 = Slot.objects.filter(center=bh["center"], date=JAN_1).first()
        jan_5 = Slot.objects.filter(center=bh["center"], date=dt.date(2027, 1, 5)).first()
        lost = book(bh, jan_1, now=at(DEC_28, 8))
        kept = book(bh, jan_5, now=at(DEC_28, 8))
        shown = client.get(reverse("booking:confirmation", args=[kept.code]))
    assert "（预计）" in shown.content.decode()
    confirm = Notification.objects.get(key=f"booking:{kept.pk}:confirm")
    assert "（预计）" in confirm.body
    assert not Slot.objects.filter(date=dt.date(2027, 1, 9)).exists()  # a Saturday
    with time_machine.travel(at(dt.date(2026, 12, 29), 8), tick=False):
        add_2027()
    lost.refresh_from_db()
    kept.refresh_from_db()
    assert lost.status == BookingStatus.CANCELLED and kept.status == BookingStatus.BOOKED
    sms = Notification.objects.get(key=f"booking:{lost.pk}:cancelled")
    assert "法定节假日" in sms.body
    assert not Slot.objects.filter(date__in=[JAN_1, dt.date(2027, 1, 4)], is_closed=False).exists()
    # Saturday 9 January is worked on the (test) schedule: Monday's slots.
    assert Slot.objects.filter(date=dt.date(2027, 1, 9), is_closed=False).count() == 2
    assert Booking.objects.filter(status=BookingStatus.BOOKED).count() == 1
