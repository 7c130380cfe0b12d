"""A booking in Debian's chromium: a person books on the phone page (item, day,
slot, details), gets the confirmation, checks in at the kiosk with the code and
gets an appointment slip; reception sees the day, the centre admin the slot
load and the home visits.

The server runs in real time, so the hall gets a slot starting about 20 minutes
from now (check-in opens 30 minutes before a slot) and a lead time of 5 minutes."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from govhall.booking import services
from govhall.booking.models import Booking, BookingStatus, HomeVisit, SlotTemplate
from govhall.booking.tests.factories import id_number
from govhall.conftest import screenshot, staff_page
from govhall.core.actors import ANONYMOUS
from govhall.core.models import CalendarYear, Holiday, HolidayKind, Role
from govhall.core.tests import factories as f
from govhall.core.workdays import WorkingCalendar
from govhall.queueing.models import Ticket
from govhall.queueing.tests.factories import hall as make_hall

pytestmark = [pytest.mark.browser]
PHONE_SIZE = {"width": 390, "height": 844}


def _working(day: dt.date) -> None:
    """Make `day` a working day whatever the calendar says: the test runs today."""
    CalendarYear.objects.get_or_create(year=day.year, defaults={"source": "test"})
    if not WorkingCalendar().is_working_day(day):
        Holiday.objects.update_or_create(date=day, defaults={"kind": HolidayKind.WORKDAY})


def _soon_hall() -> dict:
    h = make_hall("BW")
    center = h["center"]
    center.name, center.address = "松川区政务服务中心", "松川区中山路 1 号"
    center.phone = "021-57770000"
    center.settings = {**center.settings, "booking.min_lead_minutes": 5}
    center.save()
    start = (timezone.localtime() + dt.timedelta(minutes=20)).replace(second=0, microsecond=0)
    _working(start.date())
    _working(start.date() + dt.timedelta(days=1))
    end = start + dt.timedelta(minutes=30)
    end_time = end.time() if end.date() == start.date() else dt.time(23, 59, 59)
    weekday = start.weekday() if start.weekday() < 5 else 0  # a 调休 Saturday follows Monday
    SlotTemplate.objects.create(
        center=center, queue=h["qa"], weekday=weekday, start=start.time(), end=end_time, capacity=4
    )
    for day in range(5):
        for hour in (9, 10, 14, 15):
            SlotTemplate.objects.create(
                center=center,
                queue=h["qa"],
                weekday=day,
                start=dt.time(hour),
                end=dt.time(hour + 1),
                capacity=4,
            )
    services.slots_generate(center=center)
    h["start"] = start
    return h


def _record_speech(page) -> None:
    page.add_init_script(
        "window.__spoken = []; window.speechSynthesis.speak = (u) => window.__spoken.push(u.text);"
    )


def test_book_on_the_phone_then_check_in_at_the_kiosk(asgi_server, browser):
    h = _soon_hall()
    code = h["center"].code
    start = h["start"]
    person = id_number(dt.date(1950, 5, 1))

    phone = browser.new_context(locale="zh-CN", viewport=PHONE_SIZE, is_mobile=True).new_page()
    _record_speech(phone)
    phone.goto(f"{asgi_server}/booking/{code}/")
    expect(phone.locator("h1")).to_have_text("网上预约")
    expect(phone.locator("#results")).not_to_contain_text("城乡居民养老保险参保登记")
    screenshot(phone, "booking-items")
    phone.fill("input[name=q]", "yyzz")
    expect(phone.locator("#results li")).to_have_count(1)
    phone.click("text=营业执照遗失补领")

    expect(phone.locator("h1")).to_have_text("营业执照遗失补领")
    slot_label = f"{start:%H:%M}–"
    button = phone.locator(".slot-btn", has_text=slot_label).first
    expect(button).to_be_enabled()
    expect(button).to_contain_text("余 4 个")
    screenshot(phone, "booking-slots")
    button.click()

    expect(phone.locator(".chosen")).to_contain_text(f"{start:%H:%M}")
    phone.fill("input[name=name]", "王小明")
    phone.fill("input[name=id_number]", "110105194912310021")  # a wrong check digit first
    phone.fill("input[name=phone]", "13912345678")
    phone.click("button[type=submit]")
    expect(phone.locator("#err_id_number")).to_contain_text("校验位不正确")
    assert not Booking.objects.exists()
    phone.fill("input[name=id_number]", person)
    screenshot(phone, "booking-form")
    phone.click("button[type=submit]")

    expect(phone.locator("h1")).to_have_text("预约成功")
    booking = Booking.objects.get()
    expect(phone.locator(".code-big")).to_have_text(booking.code)
    expect(phone.locator(".confirm")).to_contain_text("王**")
    expect(phone.locator(".confirm")).to_contain_text("松川区中山路 1 号")
    expect(phone.locator(".bring")).to_contain_text("申请人有效身份证件")
    expect(phone.locator(".qr svg")).to_be_visible()
    screenshot(phone, "booking-confirmation")
    # Elderly mode: larger type, high contrast, spoken prompts; kept for this device.
    phone.click("#elderly-toggle")
    expect(phone.locator("body")).to_have_class(re.compile(r"\belderly\b"))
    assert "已切换长辈模式" in phone.evaluate("window.__spoken")
    phone.reload()
    expect(phone.locator("body")).to_have_class(re.compile(r"\belderly\b"))
    phone.wait_for_function("window.__spoken.length >= 1")
    assert phone.evaluate("window.__spoken")[0] == f"预约成功，您的预约码是{booking.code}"
    screenshot(phone, "booking-confirmation-elderly")
    phone.goto(f"{asgi_server}/booking/{code}/{h['licence'].code}/")
    expect(phone.locator(".slot-btn").first).to_be_visible()
    screenshot(phone, "booking-slots-elderly")
    ics = phone.request.get(f"{asgi_server}/booking/b/{booking.code}/booking.ics")
    assert ics.ok and b"BEGIN:VALARM" in ics.body() and person.encode() not in ics.body()

    kiosk = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1024}).new_page()
    kiosk.goto(f"{asgi_server}/device/pair/")
    kiosk.fill("input[name=token]", h["kiosk_raw"])
    kiosk.click("button[type=submit]")
    expect(kiosk).to_have_url(re.compile(f"/hall/{code}/kiosk/"))
    kiosk.click("text=预约签到")
    kiosk.fill("input[name=code]", "NOTACODE")
    kiosk.click("button[type=submit]")
    expect(kiosk.locator(".huge-message")).to_have_text("预约不存在")
    screenshot(kiosk, "booking-kiosk-refused")
    kiosk.click("text=重新输入")
    kiosk.fill("input[name=code]", booking.code.lower())
    screenshot(kiosk, "booking-kiosk-check-in")
    kiosk.click("button[type=submit]")
    expect(kiosk.locator(".slip-number")).to_have_text("A001")
    expect(kiosk.locator(".slip")).to_contain_text("预约 优先办理")
    expect(kiosk.locator(".slip")).to_contain_text("绿色通道")  # born in 1950
    screenshot(kiosk, "booking-slip")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN and Ticket.objects.get().is_appointment

    # Reception's day: the checked-in appointment, a caller booked by phone whom
    # reception cancels for, and one more person booked on the web.
    reception = f.staff(Role.RECEPTION, center_=h["center"])
    caller = services.booking_create(
        actor=f.actor(reception),
        center=h["center"],
        item_code=h["licence"].code,
        slot_id=booking.slot_id,
        name="李建国",
        id_number=id_number(),
        phone="13700001111",
    )
    services.booking_create(
        actor=ANONYMOUS,
        center=h["center"],
        item_code=h["licence"].code,
        slot_id=booking.slot_id,
        name="陈小红",
        id_number=id_number(),
        phone="13600002222",
    )
    desk = staff_page(browser, asgi_server, reception, viewport={"width": 1366, "height": 900})
    desk.goto(f"{asgi_server}/booking/{code}/today/?date={start:%Y-%m-%d}")
    rows = desk.locator("table.bookings tbody tr")
    expect(rows).to_have_count(3)
    mine = rows.filter(has_text=booking.code)
    expect(mine).to_contain_text("已签到")
    expect(mine).to_contain_text("A001")
    expect(mine).to_contain_text("王**")
    theirs = rows.filter(has_text=caller.code)
    expect(theirs).to_contain_text("电话预约")
    theirs.locator("summary", has_text="取消").click()
    theirs.locator("input[name=reason]").fill("来电人改约")
    theirs.locator("text=确认取消").click()
    expect(desk.locator(".notice")).to_contain_text(f"预约 {caller.code} 已取消")
    expect(rows.filter(has_text=caller.code)).to_contain_text("已取消")
    desk.select_option("select[name=item]", h["licence"].code)
    expect(desk.locator("#hotline select[name=slot] option").first).to_contain_text("余")
    screenshot(desk, "booking-today")


def test_slot_configuration_and_home_visits(asgi_server, browser):
    h = _soon_hall()
    code = h["center"].code
    admin = f.staff(Role.CENTER_ADMIN, center_=h["center"])
    for user, name in (
        (admin, "周主任"),
        (h["clerk"].user, "吴窗口"),
        (h["reception"].user, "孙导服"),
    ):
        user.first_name = name
        user.save()
    for name in ("陈明", "赵丽"):
        u = f.staff(Role.ASSISTANT, center_=h["center"])
        u.first_name = name
        u.save()
    soon = timezone.now() + dt.timedelta(minutes=10)
    first_slots = list(h["center"].slots.filter(start__gt=soon).order_by("start")[:3])
    for n, slot in enumerate(first_slots):
        for k in range(n + 1):
            services.booking_create(
                actor=ANONYMOUS,
                center=h["center"],
                item_code=h["licence"].code,
                slot_id=slot.pk,
                name="市民",
                id_number=id_number(),
                phone=f"1390000{n}{k}00",
            )
    requested = services.home_visit_request(
        actor=ANONYMOUS,
        center=h["center"],
        name="刘奶奶",
        phone="13912345678",
        address="松川区中山路 12 弄 3 号 401 室",
        reason="卧床，行动不便",
        item_code=h["pension"].code,
    )
    services.home_visit_request(
        actor=ANONYMOUS,
        center=h["center"],
        name="张大爷",
        phone="13812345678",
        address="松川区人民路 88 号 2 单元 502 室",
        reason="肢体残疾，出行困难",
    )

    page = staff_page(browser, asgi_server, admin, viewport={"width": 1366, "height": 900})
    page.goto(f"{asgi_server}/booking/{code}/slots/")
    expect(page.locator("table.load-grid")).to_contain_text("1/4")
    expect(page.locator("table.load-grid")).to_contain_text("3/4")
    page.select_option("#template-form select[name=weekday]", "5")
    page.fill("#template-form input[name=start]", "16:00")
    page.fill("#template-form input[name=end]", "15:00")
    page.fill("#template-form input[name=capacity]", "4")
    page.click("#template-form button[type=submit]")
    expect(page.locator("main > .alert")).to_contain_text("预约时段设置有误")
    expect(page.locator("#template-form")).to_contain_text("结束时间须晚于开始时间")
    screenshot(page, "booking-slots-admin")

    page.goto(f"{asgi_server}/booking/{code}/visits/")
    card = page.locator(f"#v-{requested.number}")
    card.locator("input[value=approve]").check()
    card.locator("input[name=note]").fill("符合上门条件")
    card.locator("text=提交审核").click()
    expect(page.locator(".notice")).to_contain_text("已同意")
    card = page.locator(f"#v-{requested.number}")
    card.locator("label", has_text="陈明").locator("input").check()
    card.locator("text=安排人员").click()
    expect(page.locator(f"#v-{requested.number} .alert")).to_contain_text("至少 2 名")
    card = page.locator(f"#v-{requested.number}")
    card.locator("label", has_text="陈明").locator("input").check()
    card.locator("label", has_text="赵丽").locator("input").check()
    card.locator("text=安排人员").click()
    expect(page.locator(f"#v-{requested.number}")).to_contain_text("陈明、赵丽")
    screenshot(page, "booking-visits")
    visit = HomeVisit.objects.get(pk=requested.pk)
    assert visit.status == "approved" and visit.staff.count() == 2
