"""In Debian's chromium: a person books at the kiosk (预约 beside 预约签到: item,
day, slot, ID number and phone, large buttons) and gets the printable slip with
the code; then, on a phone, moves the booking to another day on the manage page
(改约). The server runs in real time: the hall's slots are today and ahead."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from govhall.booking.models import Booking, BookingChannel
from govhall.booking.tests.factories import id_number
from govhall.booking.tests.test_browser import PHONE_SIZE, _soon_hall
from govhall.conftest import device_page, screenshot
from govhall.core.models import Notification

pytestmark = [pytest.mark.browser]
PHONE = "13912345678"


def test_book_at_the_kiosk_print_the_slip_then_reschedule_on_the_phone(asgi_server, browser):
    h = _soon_hall()
    code = h["center"].code
    kiosk = device_page(
        browser, asgi_server, h["kiosk_raw"], viewport={"width": 1280, "height": 1024}
    )
    expect(kiosk).to_have_url(re.compile(f"/hall/{code}/kiosk/"))
    # Booking, checking a booking in, asking for a helper (assist).
    expect(kiosk.locator(".kiosk-entry")).to_have_count(3)
    kiosk.locator(".kiosk-book").click()

    expect(kiosk.locator("h1")).to_contain_text("自助预约")
    kiosk.click("#elderly-toggle")  # large type and high contrast, for this person only
    expect(kiosk.locator("body")).to_have_class(re.compile(r"\belderly\b"))
    kiosk.locator(".kiosk-book-item", has_text="营业执照遗失补领").click()
    expect(kiosk.locator("h1")).to_have_text("营业执照遗失补领")
    tabs = kiosk.locator(".day-tabs a")
    tabs.nth(1).click()  # tomorrow (or the next working day)
    slot = kiosk.locator(".slot-btn:not([disabled])").first
    expect(slot).to_contain_text("余 4 个")
    screenshot(kiosk, "kiosk-booking-slots-elderly")
    slot.click()

    expect(kiosk.locator(".chosen")).to_be_visible()
    kiosk.fill("input[name=id_number]", "110105194912310021")  # a wrong check digit
    kiosk.fill("input[name=phone]", PHONE)
    kiosk.click("button[type=submit]")
    expect(kiosk.locator("#err_id_number")).to_contain_text("校验位不正确")
    expect(kiosk.locator("input[name=phone]")).to_have_value(PHONE)  # kept after the error
    assert not Booking.objects.exists()
    kiosk.fill("input[name=id_number]", id_number())
    screenshot(kiosk, "kiosk-booking-form")
    kiosk.click("button[type=submit]")

    booking = Booking.objects.get()
    assert booking.channel == BookingChannel.KIOSK
    slip = kiosk.locator(".booking-slip")
    expect(slip.locator(".slip-code")).to_have_text(booking.code)
    expect(slip).to_contain_text("营业执照遗失补领")
    expect(slip).to_contain_text(h["center"].name)
    start = timezone.localtime(booking.slot.start)
    expect(slip.locator(".slip-when")).to_contain_text(f"{start:%H:%M}–")
    expect(slip.locator(".slip-qr svg")).to_be_visible()
    colours = slip.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]  # black on white
    screenshot(kiosk, "kiosk-booking-slip")
    assert Notification.objects.filter(key=f"booking:{booking.pk}:confirm").exists()

    phone = browser.new_context(locale="zh-CN", viewport=PHONE_SIZE, is_mobile=True).new_page()
    phone.goto(f"{asgi_server}/booking/manage/?code={booking.code}")
    phone.fill("input[name=code]", booking.code)
    phone.fill("input[name=phone]", PHONE)
    phone.click("button[type=submit]")
    expect(phone.locator(".code-big")).to_have_text(booking.code)
    phone.click("text=改约（换个时间）")
    expect(phone.locator("h1")).to_contain_text("改约")
    expect(phone.locator(".slot-btn", has_text="原预约")).to_be_disabled()
    phone.locator(".day-tabs a").nth(2).click()
    new_slot = phone.locator(".slot-btn:not([disabled])").first
    label = new_slot.locator("b").inner_text()
    screenshot(phone, "booking-reschedule")
    new_slot.click()
    expect(phone.locator(".notice")).to_contain_text("已改约到")
    expect(phone.locator(".confirm")).to_contain_text(label.split("–")[0])
    moved = Booking.objects.get()
    assert moved.slot_id != booking.slot_id and moved.code == booking.code
    assert moved.slot.booked == 1 and type(booking.slot).objects.get(pk=booking.slot_id).booked == 0
    screenshot(phone, "booking-rescheduled")
