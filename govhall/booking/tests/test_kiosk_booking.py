"""Booking at the kiosk (001 4.7.2, issue 11): choose an item, a day and a free
slot, give the ID number and the phone number (the name is optional there), and
get a slip with the code. Made by booking_create like a web booking (limits,
confirmation text, reminders), recorded as the kiosk channel; only a paired
kiosk or the hall's staff open the pages."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from govhall.booking.models import Booking, BookingChannel, Slot
from govhall.booking.tests.conftest import EVE
from govhall.booking.tests.factories import at, book, booking_hall, generate, id_number
from govhall.core.models import Notification, Role
from govhall.core.tests import factories as f

OCT8 = dt.date(2026, 10, 8)
PHONE = "13912345678"


def _pair(client, raw):
    resp = client.post("/device/pair/", {"token": raw})
    assert resp.status_code == 302


@pytest.fixture
def kiosk(client, bh):
    with time_machine.travel(at(EVE, 10), tick=False):
        generate(bh, EVE)
        _pair(client, bh["kiosk_raw"])
        bh["client"] = client
        bh["slot"] = Slot.objects.filter(date=OCT8).order_by("start").first()
        bh["item_url"] = reverse("booking:kiosk_item", args=[bh["center"].code, bh["licence"].code])
        yield bh


def _book(kiosk, **over):
    body = {"slot": kiosk["slot"].pk, "id_number": id_number(), "phone": PHONE, "name": "", **over}
    return kiosk["client"].post(kiosk["item_url"], body)


def test_item_day_slot_details_and_the_slip(kiosk):
    client, center = kiosk["client"], kiosk["center"]
    home = client.get(reverse("queueing:kiosk", args=[center.code])).content.decode()
    assert reverse("booking:kiosk_items", args=[center.code]) in home  # 预约 beside 预约签到
    items = client.get(reverse("booking:kiosk_items", args=[center.code])).content.decode()
    assert kiosk["item_url"] in items and "余 36 个名额" in items  # 6 days x 2 x 3
    slots = client.get(kiosk["item_url"] + "?day=2026-10-08").content.decode()
    assert f'value="{kiosk["slot"].pk}"' in slots
    form = client.get(kiosk["item_url"] + f"?slot={kiosk['slot'].pk}").content.decode()
    assert 'name="id_number"' in form and 'name="phone"' in form

    person = id_number()
    resp = _book(kiosk, id_number=person)
    booking = Booking.objects.get()
    assert resp.status_code == 302
    assert resp["Location"] == reverse("booking:kiosk_slip", args=[center.code, booking.code])
    assert booking.channel == BookingChannel.KIOSK and booking.name == ""
    assert booking.slot_id == kiosk["slot"].pk and booking.booked_by is None
    confirm = Notification.objects.get(key=f"booking:{booking.pk}:confirm")
    assert booking.code in confirm.body and confirm.recipient == PHONE

    slip = client.get(resp["Location"]).content.decode()
    for shown in (booking.code, "2026年10月8日", "09:00–10:00", "营业执照遗失补领", center.name):
        assert shown in slip
    assert person not in slip and PHONE not in slip and "slip-58" in slip
    assert "slip-80" in client.get(resp["Location"] + "?paper=80").content.decode()


def test_a_name_given_at_the_kiosk_is_kept_and_checked(kiosk):
    assert _book(kiosk, name="王小明").status_code == 302
    assert Booking.objects.get().name == "王小明"
    assert _book(kiosk, name="x" * 41).status_code == 422


@pytest.mark.parametrize(
    "over, field",
    [
        ({"id_number": "110105194912310021"}, "校验位不正确"),  # wrong check digit
        ({"id_number": ""}, "id_number"),
        ({"phone": "12345"}, "phone"),
        ({"slot": "abc"}, "slot"),
    ],
)
def test_bad_details_are_refused_in_place_and_nothing_is_booked(kiosk, over, field):
    resp = _book(kiosk, **over)
    assert resp.status_code == 422
    assert not Booking.objects.exists() and Slot.objects.get(pk=kiosk["slot"].pk).booked == 0


def test_a_full_slot_goes_back_to_the_slots(kiosk):
    for _ in range(3):
        book(kiosk, kiosk["slot"], now=at(EVE, 10))
    resp = _book(kiosk)
    assert resp.status_code == 409 and "该时段已约满" in resp.content.decode()
    assert 'class="slot-grid' in resp.content.decode()


def test_another_centres_slot_is_not_offered(kiosk):
    other = booking_hall("KO")
    foreign = generate(other, EVE)[-1]
    resp = _book(kiosk, slot=foreign.pk)
    assert resp.status_code == 404 and not Booking.objects.exists()


def test_only_a_kiosk_or_hall_staff_open_the_pages(client, bh):
    url = reverse("booking:kiosk_items", args=[bh["center"].code])
    assert client.get(url).status_code == 401
    other = booking_hall("KX")
    _pair(client, other["kiosk_raw"])
    assert client.get(url).status_code == 403
    booking = None
    with time_machine.travel(at(EVE, 10), tick=False):
        slot = generate(bh, EVE)[-1]
        booking = book(bh, slot, now=at(EVE, 10))
    slip = reverse("booking:kiosk_slip", args=[bh["center"].code, booking.code])
    assert client.get(slip).status_code == 403  # another centre's kiosk
    client.logout()
    assert client.get(slip).status_code == 401


def test_reception_booking_at_the_kiosk_is_recorded_as_counter(client, bh):
    client.force_login(f.staff(Role.RECEPTION, center_=bh["center"]))
    with time_machine.travel(at(EVE, 10), tick=False):
        slot = generate(bh, EVE)[-1]
        url = reverse("booking:kiosk_item", args=[bh["center"].code, bh["licence"].code])
        resp = client.post(url, {"slot": slot.pk, "id_number": id_number(), "phone": PHONE})
    assert resp.status_code == 302
    assert Booking.objects.get().channel == BookingChannel.COUNTER


def test_the_kiosk_pages_speak_english_when_asked(kiosk):
    client = kiosk["client"]
    en = {"Accept-Language": "en"}
    # override() puts back the language the middleware switches this thread to.
    with translation.override("zh-hans"):
        items = client.get(reverse("booking:kiosk_items", args=[kiosk["center"].code]), headers=en)
        form = client.get(kiosk["item_url"] + f"?slot={kiosk['slot'].pk}", headers=en)
    assert "Self-service booking" in items.content.decode()
    form = form.content.decode()
    assert "Book and print the slip" in form and "Name (optional)" in form
