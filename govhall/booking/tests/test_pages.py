"""Booking pages through the Django test client: the citizen's flow (items, days
and slots, the form, the confirmation with its QR code and calendar file, the
manage page, home-visit requests), reception's day, home visits, the slot
configuration and check-in at the kiosk; bad input and who may open what.

The clock stands on Wednesday 30 September 2026 at 10:00, the eve of the
National Day holiday: the next bookable day is Thursday 8 October."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from govhall.booking import services
from govhall.booking.models import (
    Blackout,
    Booking,
    BookingStatus,
    HomeVisit,
    Slot,
    SlotTemplate,
    Suspension,
    VisitStatus,
)
from govhall.booking.tests.conftest import EVE
from govhall.booking.tests.factories import at, book, booking_hall, generate, id_number
from govhall.core.actors import ANONYMOUS
from govhall.core.fields import id_lookup_hash
from govhall.core.models import Role
from govhall.core.tests import factories as f
from govhall.queueing.models import Ticket

OCT8 = dt.date(2026, 10, 8)
PHONE = "13912345678"


@pytest.fixture
def web(client, bh):
    """The hall on the eve of the holiday, its slots made, the clock stopped."""
    bh["center"].name, bh["center"].address = "松川区政务服务中心", "松川区中山路 1 号"
    bh["center"].save()
    with time_machine.travel(at(EVE, 10), tick=False):
        slots = generate(bh, EVE)
        bh["oct8"] = [s for s in slots if s.date == OCT8]
        bh["client"] = client
        bh["base"] = f"/booking/{bh['center'].code}/"
        bh["item_url"] = f"/booking/{bh['center'].code}/{bh['licence'].code}/"
        yield bh


def _staff(role, center):
    c = Client()
    c.force_login(f.staff(role, center_=center))
    return c


def _person(**over):
    return {"name": "王小明", "id_number": id_number(), "phone": PHONE, **over}


def _html(resp) -> str:
    return resp.content.decode()


# --- choosing an item -------------------------------------------------------------------


def test_items_lists_only_items_whose_queue_has_slots(web):
    html = _html(web["client"].get(web["base"]))
    # Six bookable days left after the holiday (the eve's slots have begun), two slots of three.
    assert "营业执照遗失补领" in html and "余 36 个名额" in html
    assert "城乡居民养老保险参保登记" not in html  # queue B has no slot templates
    assert "长辈模式" in html and "网上预约" in html
    assert web["item_url"] in html


def test_items_search_and_domain(web):
    c = web["client"]
    assert "营业执照遗失补领" in _html(c.get(web["base"], {"q": "yyzz"}))
    assert "营业执照遗失补领" not in _html(c.get(web["base"], {"q": "公积金"}))
    assert "营业执照遗失补领" not in _html(c.get(web["base"], {"domain": "tax"}))
    assert "营业执照遗失补领" in _html(c.get(web["base"], {"domain": "nonsense"}))
    part = _html(
        c.get(web["base"], {"q": "yyzz"}, headers={"HX-Request": "true", "HX-Target": "results"})
    )
    assert 'id="results"' in part and "<html" not in part
    assert c.get("/booking/NO-SUCH-CENTRE/").status_code == 404


# --- days, slots and the form ----------------------------------------------------------------


def test_days_as_tabs_and_slots_as_buttons(web):
    html = _html(web["client"].get(web["item_url"]))
    assert "10月8日" in html and "10月14日" in html  # the seven working days after the holiday
    assert "10月1日" not in html  # National Day
    assert "09:00–10:00" in html and "余 3 个" in html
    oct9 = _html(web["client"].get(web["item_url"], {"day": "2026-10-09"}))
    assert 'aria-selected="true"' in oct9 and "10月9日" in oct9
    part = _html(
        web["client"].get(
            web["item_url"],
            {"day": "2026-10-09"},
            headers={"HX-Request": "true", "HX-Target": "slots"},
        )
    )
    assert 'id="slots"' in part and "<html" not in part


def test_a_full_slot_is_a_disabled_button(web):
    slot = web["oct8"][0]
    for _ in range(3):
        book(web, slot, now=at(EVE, 10))
    html = _html(web["client"].get(web["item_url"], {"day": "2026-10-08"}))
    button = re.search(
        rf'<button class="slot-btn" name="slot" value="{slot.pk}"[^>]*>', html
    ).group(0)
    assert "disabled" in button and "已约满" in html
    # Asking for the full slot's form directly is refused, the slots shown again.
    refused = web["client"].get(web["item_url"], {"slot": slot.pk})
    assert refused.status_code == 404 and "已不可预约" in _html(refused)


def test_book_a_slot_on_the_web(web):
    c, slot = web["client"], web["oct8"][0]
    form = _html(c.get(web["item_url"], {"slot": slot.pk}))
    assert 'name="id_number"' in form and "2026年10月8日" in form and "09:00–10:00" in form
    person = _person()
    resp = c.post(web["item_url"], {"slot": slot.pk, **person})
    assert resp.status_code == 302, _html(resp)
    booking = Booking.objects.get()
    assert resp["Location"] == f"/booking/b/{booking.code}/"
    assert booking.channel == "web" and booking.booked_by is None and booking.status == "booked"
    slot.refresh_from_db()
    assert slot.booked == 1

    page = _html(c.get(resp["Location"]))
    assert booking.code in page and "营业执照遗失补领" in page
    assert "松川区政务服务中心" in page and "松川区中山路 1 号" in page
    assert "王**" in page and "王小明" not in page
    assert "申请人有效身份证件" in page  # what to bring, from the published guide
    assert "<svg" in page and f"/booking/b/{booking.code}/booking.ics" in page
    assert "2026-10-08 08:30" in page  # cancellation deadline: half an hour before
    assert "08:30" in page and "09:15" in page  # the check-in window
    assert person["id_number"] not in page and PHONE not in page


def test_the_public_form_books_on_the_web_whoever_is_signed_in(web, kiosk):
    """Staff or a paired kiosk opening the citizen page still book as the person
    on the web: the hotline has its own form on the reception page."""
    reception = _staff(Role.RECEPTION, web["center"])
    for c, slot in ((reception, web["oct8"][0]), (kiosk, web["oct8"][1])):
        assert c.post(web["item_url"], {"slot": slot.pk, **_person()}).status_code == 302
    assert set(Booking.objects.values_list("channel", flat=True)) == {"web"}
    assert not Booking.objects.filter(booked_by__isnull=False).exists()


@pytest.mark.parametrize(
    "over, field, message",
    [
        ({"name": ""}, "name", "必填"),
        ({"name": "王" * 41}, "name", "40"),
        ({"id_number": "110105194912310021"}, "id_number", "校验位不正确"),
        ({"id_number": "1101051949"}, "id_number", "18"),
        ({"id_number": "1" * 21}, "id_number", "20"),
        ({"phone": "12345"}, "phone", "手机号码"),
        ({"phone": ""}, "phone", "必填"),
    ],
)
def test_bad_person_details_are_explained_and_nothing_is_booked(web, over, field, message):
    slot = web["oct8"][0]
    resp = web["client"].post(web["item_url"], {"slot": slot.pk, **_person(**over)})
    html = _html(resp)
    assert resp.status_code == 422
    assert f'id="err_{field}"' in html and message in html
    assert 'name="id_number"' in html  # the form again, the chosen slot kept
    assert not Booking.objects.exists()
    slot.refresh_from_db()
    assert slot.booked == 0


def test_another_centres_slot_or_a_missing_one_is_refused(web):
    other = booking_hall("OT")
    other_slot = generate(other, EVE)[-1]
    c = web["client"]
    for slot_id in (other_slot.pk, 10**9, "abc", ""):
        resp = c.post(web["item_url"], {"slot": slot_id, **_person()})
        assert resp.status_code in (404, 422), slot_id
        assert "alert" in _html(resp) or "field-error" in _html(resp)
    assert not Booking.objects.exists()
    assert c.get(web["item_url"], {"slot": other_slot.pk}).status_code == 404
    assert c.get(web["item_url"], {"slot": "abc"}).status_code == 404


def test_a_slot_full_by_the_time_of_posting_sends_back_to_the_slots(web):
    slot = web["oct8"][0]
    for _ in range(3):
        book(web, slot, now=at(EVE, 10))
    resp = web["client"].post(web["item_url"], {"slot": slot.pk, **_person()})
    html = _html(resp)
    assert resp.status_code == 409 and "已约满" in html and 'id="slots"' in html
    assert Booking.objects.count() == 3


def test_an_item_not_stationed_here_or_unknown(web):
    other = booking_hall("NS")
    resp = web["client"].get(f"{web['base']}{other['licence'].code}/")
    assert resp.status_code == 422 and "未在本中心进驻" in _html(resp)
    assert web["client"].get(f"{web['base']}NOPE/").status_code == 404


def test_a_suspended_person_is_told_why(web):
    person = id_number()
    Suspension.objects.create(
        center=web["center"],
        id_number_hash=id_lookup_hash(person),
        id_number_masked="310***********0001",
        starts_at=at(EVE, 9),
        ends_at=at(EVE, 9) + dt.timedelta(days=30),
        reason="30 天内爽约 2 次",
    )
    resp = web["client"].post(
        web["item_url"], {"slot": web["oct8"][0].pk, **_person(id_number=person)}
    )
    assert resp.status_code == 403 and "网上预约暂停至 2026-10-30" in _html(resp)
    assert not Booking.objects.exists()


# --- the calendar file ----------------------------------------------------------------------


def test_the_ics_file_parses_and_holds_no_personal_data(web):
    person = _person()
    booking = book(web, web["oct8"][0], now=at(EVE, 10), person=person["id_number"])
    resp = web["client"].get(f"/booking/b/{booking.code}/booking.ics")
    assert resp.status_code == 200 and resp["Content-Type"].startswith("text/calendar")
    assert "attachment" in resp["Content-Disposition"]
    raw = resp.content.decode()
    assert person["id_number"] not in raw and PHONE not in raw and "张三" not in raw
    cal = Calendar.from_ical(resp.content)
    (event,) = cal.walk("VEVENT")
    assert event.decoded("dtstart") == at(OCT8, 9) and event.decoded("dtend") == at(OCT8, 10)
    assert str(event["location"]) == "松川区政务服务中心, 松川区中山路 1 号"
    assert booking.code in str(event["description"]) and "营业执照遗失补领" in str(event["summary"])
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("trigger") == -dt.timedelta(hours=1)
    assert web["client"].get("/booking/b/ZZZZZZZZ/booking.ics").status_code == 404


# --- the manage page ---------------------------------------------------------------------------


def test_look_up_then_cancel(web):
    c = web["client"]
    booking = book(web, web["oct8"][0], now=at(EVE, 10))
    assert "预约码" in _html(c.get("/booking/manage/", {"code": booking.code}))

    wrong = c.post(
        "/booking/manage/", {"action": "lookup", "code": booking.code, "phone": "13800000000"}
    )
    assert wrong.status_code == 404 and "手机号码不符" in _html(wrong)
    looked = c.post(
        "/booking/manage/", {"action": "lookup", "code": booking.code.lower(), "phone": PHONE}
    )
    assert looked.status_code == 302
    page = _html(c.get(looked["Location"]))
    assert "确认取消预约" in page and "张*" in page and PHONE not in page

    done = c.post(
        "/booking/manage/", {"action": "cancel", "code": booking.code, "reason": "时间有变"}
    )
    assert done.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED and booking.cancel_reason == "时间有变"
    assert Slot.objects.get(pk=booking.slot_id).booked == 0
    after = _html(c.get(done["Location"]))
    assert "预约已取消" in after and "已取消" in after and "确认取消预约" not in after


def test_cancel_needs_the_lookup_first_and_bad_input_changes_nothing(web):
    booking = book(web, web["oct8"][0], now=at(EVE, 10))
    stranger = Client()
    refused = stranger.post("/booking/manage/", {"action": "cancel", "code": booking.code})
    assert refused.status_code == 403 and "请先输入预约码" in _html(refused)
    for body in (
        {"action": "lookup", "code": "", "phone": ""},
        {"action": "lookup", "code": "ABC", "phone": PHONE},
        {"action": "lookup", "code": "A" * 9, "phone": PHONE},
        {"action": "lookup", "code": booking.code, "phone": "1" * 21},
    ):
        assert stranger.post("/booking/manage/", body).status_code == 422, body
    assert stranger.post("/booking/manage/", {"action": "whatever"}).status_code == 400
    # Verified for one booking is not verified for another.
    other = book(web, web["oct8"][1], now=at(EVE, 10), phone="13700000000")
    stranger.post("/booking/manage/", {"action": "lookup", "code": booking.code, "phone": PHONE})
    assert (
        stranger.post("/booking/manage/", {"action": "cancel", "code": other.code}).status_code
        == 403
    )
    long_reason = stranger.post(
        "/booking/manage/", {"action": "cancel", "code": booking.code, "reason": "x" * 201}
    )
    assert long_reason.status_code == 422
    assert set(Booking.objects.values_list("status", flat=True)) == {"booked"}


def test_cancel_after_the_deadline_is_refused(web):
    c = web["client"]
    booking = book(web, web["oct8"][0], now=at(EVE, 10))
    c.post("/booking/manage/", {"action": "lookup", "code": booking.code, "phone": PHONE})
    with time_machine.travel(at(OCT8, 8, 40), tick=False):
        c.post("/booking/manage/", {"action": "lookup", "code": booking.code, "phone": PHONE})
        page = _html(c.get("/booking/manage/", {"code": booking.code}))
        assert "已超过网上取消时限" in page and "确认取消预约" not in page
        late = c.post("/booking/manage/", {"action": "cancel", "code": booking.code})
    assert late.status_code == 409 and "已超过取消时限" in _html(late)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


# --- home visits: the request ---------------------------------------------------------------------

VISIT = {
    "name": "刘奶奶",
    "phone": PHONE,
    "address": "松川区中山路 12 弄 3 号 401 室",
    "reason": "卧床，行动不便",
}


def test_request_a_home_visit(web):
    c = web["client"]
    url = f"{web['base']}home-visit/"
    assert "申请上门服务" in _html(c.get(url))
    resp = c.post(url, {**VISIT, "id_number": "11010519491231002X", "item": web["pension"].code})
    assert resp.status_code == 302
    visit = HomeVisit.objects.get()
    assert visit.channel == "web" and visit.item == web["pension"]
    page = _html(c.get(resp["Location"]))
    assert visit.number in page and "刘**" in page and "待审核" in page
    assert PHONE not in page and "11010519491231002X" not in page
    # Another browser has no request to show and is sent to the form.
    assert Client().get(resp["Location"]).status_code == 302


@pytest.mark.parametrize(
    "over, field",
    [
        ({"address": ""}, "address"),
        ({"address": "路" * 201}, "address"),
        ({"reason": "x" * 301}, "reason"),
        ({"phone": "021-1234"}, "phone"),
        ({"id_number": "110105194912310021"}, "id_number"),
        ({"item": "NO-SUCH-ITEM"}, "item"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_home_visit_requests_change_nothing(web, over, field):
    resp = web["client"].post(f"{web['base']}home-visit/", {**VISIT, **over})
    assert resp.status_code == 422 and "field-error" in _html(resp)
    assert not HomeVisit.objects.exists()


def test_reception_registers_a_callers_visit_as_a_phone_request(web):
    reception = _staff(Role.RECEPTION, web["center"])
    assert reception.post(f"{web['base']}home-visit/", VISIT).status_code == 302
    assert HomeVisit.objects.get().channel == "hotline"


# --- reception's day --------------------------------------------------------------------------------


def test_staff_pages_refuse_anonymous_and_other_centres(web):
    other = booking_hall("OX")
    outsider = _staff(Role.CENTER_ADMIN, other["center"])
    clerk = _staff(Role.CLERK, web["center"])
    anon = Client()
    code = web["center"].code
    for path in (f"/booking/{code}/today/", f"/booking/{code}/visits/", f"/booking/{code}/slots/"):
        assert anon.get(path).status_code == 401, path
        assert outsider.get(path).status_code == 403, path
    assert clerk.get(f"/booking/{code}/today/").status_code == 200
    assert clerk.get(f"/booking/{code}/visits/").status_code == 200
    assert clerk.get(f"/booking/{code}/slots/").status_code == 403  # centre admin only
    booking = book(web, web["oct8"][0], now=at(EVE, 10))
    for path, body in (
        (f"/booking/{code}/today/check-in/", {"code": booking.code}),
        (f"/booking/{code}/today/cancel/", {"code": booking.code, "reason": "x"}),
        (f"/booking/{code}/slots/blackouts/", {"date": "2026-10-08", "reason": "x"}),
    ):
        assert anon.post(path, body).status_code == 401
        assert outsider.post(path, body).status_code == 403
    assert Booking.objects.get().status == "booked" and not Blackout.objects.exists()


def test_the_day_list(web):
    person = id_number()
    booking = book(web, web["oct8"][0], now=at(EVE, 10), person=person, name="欧阳娜娜")
    reception = _staff(Role.RECEPTION, web["center"])
    html = _html(reception.get(f"{web['base']}today/", {"date": "2026-10-08"}))
    assert booking.code in html and "欧***" in html and "欧阳娜娜" not in html
    assert "09:00–10:00" in html and "网上预约" in html and "已预约" in html
    assert person not in html and PHONE not in html
    assert "上门服务" in html and "电话预约" in html
    assert reception.get(f"{web['base']}today/", {"date": "garbage"}).status_code == 200


def test_check_in_and_cancel_at_reception(web):
    first = book(web, web["oct8"][0], now=at(EVE, 10))
    second = book(web, web["oct8"][1], now=at(EVE, 10))
    reception = _staff(Role.RECEPTION, web["center"])
    url = web["base"] + "today/"
    with time_machine.travel(at(OCT8, 8, 45), tick=False):
        resp = reception.post(url + "check-in/", {"code": first.code})
        assert resp.status_code == 302 and resp["Location"].endswith("?date=2026-10-08")
        page = _html(reception.get(resp["Location"]))
        assert "已签到" in page and "A001" in page
        again = reception.post(url + "check-in/", {"code": first.code, "date": "2026-10-08"})
        assert again.status_code == 409 and "不能签到" in _html(again)

        no_reason = reception.post(url + "cancel/", {"code": second.code, "reason": ""})
        assert no_reason.status_code == 422 and "原因" in _html(no_reason)
        long_reason = reception.post(url + "cancel/", {"code": second.code, "reason": "x" * 201})
        assert long_reason.status_code == 422
        second.refresh_from_db()
        assert second.status == "booked"
        ok = reception.post(url + "cancel/", {"code": second.code, "reason": "来电取消"})
        assert ok.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "checked_in" and first.ticket.is_appointment
    assert second.status == "cancelled" and second.cancel_reason == "来电取消"


def test_another_centres_booking_is_not_found_at_reception(web):
    other = booking_hall("OY")
    theirs = book(other, generate(other, EVE)[-1], now=at(EVE, 10))
    # A reception clerk who works at both centres still acts on this centre's page only.
    user = f.staff(Role.RECEPTION, center_=web["center"])
    from govhall.core.models import Membership

    Membership.objects.create(user=user, role=Role.RECEPTION, center=other["center"])
    c = Client()
    c.force_login(user)
    url = web["base"] + "today/"
    for step, body in (
        ("check-in/", {"code": theirs.code}),
        ("cancel/", {"code": theirs.code, "reason": "x"}),
    ):
        resp = c.post(url + step, body)
        assert resp.status_code == 404 and "本中心没有该预约" in _html(resp)
    assert c.post(url + "cancel/", {"code": "", "reason": "x"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "booked"


def test_book_for_a_caller(web):
    reception = _staff(Role.RECEPTION, web["center"])
    url = web["base"] + "today/"
    part = _html(
        reception.get(
            url,
            {"item": web["licence"].code},
            headers={"HX-Request": "true", "HX-Target": "hotline"},
        )
    )
    slot = web["oct8"][1]
    assert 'id="hotline"' in part and f'value="{slot.pk}"' in part and "<html" not in part
    person = _person(name="李四")
    bad = reception.post(
        url + "hotline/", {"item": web["licence"].code, "slot": slot.pk, **person, "phone": "123"}
    )
    assert bad.status_code == 422 and "手机号码" in _html(bad) and not Booking.objects.exists()
    missing = reception.post(url + "hotline/", {"item": web["licence"].code, **person})
    assert missing.status_code == 422 and not Booking.objects.exists()
    ok = reception.post(url + "hotline/", {"item": web["licence"].code, "slot": slot.pk, **person})
    assert ok.status_code == 302
    booking = Booking.objects.get()
    assert booking.channel == "hotline" and booking.booked_by is not None
    page = _html(reception.get(ok["Location"]))
    assert booking.code in page and "电话预约" in page and person["id_number"] not in page


def test_lift_a_suspension(web):
    person = id_number()
    suspension = Suspension.objects.create(
        center=web["center"],
        id_number_hash=id_lookup_hash(person),
        id_number_masked="310***********0001",
        starts_at=at(EVE, 9),
        ends_at=at(EVE, 9) + dt.timedelta(days=30),
        reason="30 天内爽约 2 次",
    )
    reception = _staff(Role.RECEPTION, web["center"])
    url = f"{web['base']}suspensions/{suspension.pk}/lift/"
    assert "310***********0001" in _html(reception.get(web["base"] + "today/"))
    refused = reception.post(url, {"reason": ""})
    assert refused.status_code == 422 and "原因" in _html(refused)
    assert reception.post(url, {"reason": "x" * 201}).status_code == 422
    suspension.refresh_from_db()
    assert suspension.lifted_at is None
    assert reception.post(url, {"reason": "本人说明情况，已核实"}).status_code == 302
    suspension.refresh_from_db()
    assert suspension.lifted_at and suspension.lift_reason == "本人说明情况，已核实"
    again = reception.post(url, {"reason": "再次"})
    assert again.status_code == 404


# --- home visits: the centre's side ------------------------------------------------------------------


@pytest.fixture
def visit(web):
    return services.home_visit_request(actor=ANONYMOUS, center=web["center"], **VISIT)


def test_the_visit_state_machine_on_the_page(web, visit):
    admin = _staff(Role.CENTER_ADMIN, web["center"])
    a, b = (f.staff(Role.ASSISTANT, center_=web["center"]) for _ in range(2))
    base = f"{web['base']}visits/{visit.number}/"
    page = _html(admin.get(web["base"] + "visits/"))
    assert visit.number in page and "刘**" in page and "139****5678" in page and PHONE not in page

    refuse_bare = admin.post(base + "decide/", {"decision": "refuse", "note": ""})
    assert refuse_bare.status_code == 422 and "须说明理由" in _html(refuse_bare)
    assert admin.post(base + "decide/", {"decision": "maybe"}).status_code == 422
    assert (
        admin.post(base + "schedule/", {"when": "2026-10-09T10:00"}).status_code == 409
    )  # out of order
    assert (
        admin.post(base + "decide/", {"decision": "approve", "note": "符合条件"}).status_code == 302
    )

    one = admin.post(base + "assign/", {"staff": [a.pk]})
    assert one.status_code == 422 and "至少 2 名" in _html(one)
    outsider = f.staff(Role.ASSISTANT, center_=f.center())
    assert admin.post(base + "assign/", {"staff": [a.pk, outsider.pk]}).status_code == 422
    assert admin.post(base + "assign/", {"staff": ["x"]}).status_code == 422
    assert admin.post(base + "assign/", {"staff": [a.pk, b.pk]}).status_code == 302

    assert admin.post(base + "schedule/", {"when": "garbage"}).status_code == 422
    past = admin.post(base + "schedule/", {"when": "2026-09-29T10:00"})
    assert past.status_code == 422 and "须在将来" in _html(past)
    assert admin.post(base + "schedule/", {"when": "2026-10-09T10:00"}).status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.SCHEDULED
    assert timezone.localtime(visit.scheduled_for) == at(dt.date(2026, 10, 9), 10)

    assert admin.post(base + "complete/", {"outcome": ""}).status_code == 422
    went = Client()
    went.force_login(a)
    assert went.post(base + "complete/", {"outcome": "已上门核验并受理"}).status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DONE and set(visit.staff.all()) == {a, b}
    assert admin.post(base + "cancel/", {"reason": "x"}).status_code == 409
    assert admin.post(base + "nonsense/", {}).status_code == 404
    assert admin.post(f"{web['base']}visits/SM-NONE/decide/", {}).status_code == 404


def test_reception_cannot_decide_but_can_cancel(web, visit):
    reception = _staff(Role.RECEPTION, web["center"])
    base = f"{web['base']}visits/{visit.number}/"
    page = _html(reception.get(web["base"] + "visits/"))
    assert "提交审核" not in page  # only the centre admin decides
    refused = reception.post(base + "decide/", {"decision": "approve"})
    assert refused.status_code == 403
    assert reception.post(base + "cancel/", {"reason": ""}).status_code == 422
    assert reception.post(base + "cancel/", {"reason": "本人来电取消"}).status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED


def test_another_centres_visit_is_not_there(web, visit):
    other = booking_hall("OV")
    admin = _staff(Role.CENTER_ADMIN, other["center"])
    resp = admin.post(
        f"/booking/{other['center'].code}/visits/{visit.number}/decide/", {"decision": "approve"}
    )
    assert resp.status_code == 404
    visit.refresh_from_db()
    assert visit.status == VisitStatus.REQUESTED


# --- the slot configuration -----------------------------------------------------------------------------


def test_slot_configuration_page_and_load(web):
    book(web, web["oct8"][0], now=at(EVE, 10))
    admin = _staff(Role.CENTER_ADMIN, web["center"])
    html = _html(admin.get(web["base"] + "slots/"))
    assert "每周时段模板" in html and "星期一" in html and "停止预约日" in html
    assert "1/3" in html and "0/3" in html and 'style="width:33%"' in html
    assert "10-08" in html and "10-14" in html


def test_add_a_template_and_deactivate_it(web):
    admin = _staff(Role.CENTER_ADMIN, web["center"])
    url = web["base"] + "slots/templates/"
    body = {
        "queue": web["qa"].pk,
        "item": "",
        "weekday": 3,
        "start": "14:00",
        "end": "15:00",
        "capacity": 2,
    }
    with time_machine.travel(at(EVE, 10), tick=False):
        assert admin.post(url, body).status_code == 302
    template = SlotTemplate.objects.get(start=dt.time(14))
    assert Slot.objects.filter(template=template, date=OCT8).exists()  # made at once
    with time_machine.travel(at(EVE, 10), tick=False):
        resp = admin.post(f"{url}{template.pk}/deactivate/")
    assert resp.status_code == 302
    template.refresh_from_db()
    assert not template.is_active
    assert Slot.objects.get(template=template, date=OCT8).is_closed
    assert admin.post(f"{url}999999/deactivate/").status_code == 404


@pytest.mark.parametrize(
    "over, message",
    [
        ({"end": "13:00"}, "结束时间须晚于开始时间"),
        ({"capacity": 0}, "1"),
        ({"capacity": 501}, "500"),
        ({"capacity": "many"}, "整数"),
        ({"start": "25:00"}, "时间"),
        ({"weekday": 9}, "9"),
        ({"queue": ""}, "必填"),
        ({"item": "NO-SUCH"}, "事项不存在"),
    ],
)
def test_bad_templates_are_explained(web, over, message):
    admin = _staff(Role.CENTER_ADMIN, web["center"])
    body = {
        "queue": web["qa"].pk,
        "item": "",
        "weekday": 3,
        "start": "14:00",
        "end": "15:00",
        "capacity": 2,
    }
    before = SlotTemplate.objects.count()
    resp = admin.post(web["base"] + "slots/templates/", {**body, **over})
    assert resp.status_code in (404, 422) and message in _html(resp), _html(resp)
    assert SlotTemplate.objects.count() == before


def test_template_for_another_centres_queue_or_an_item_of_another_queue(web):
    other = booking_hall("OQ")
    admin = _staff(Role.CENTER_ADMIN, web["center"])
    url = web["base"] + "slots/templates/"
    body = {"weekday": 3, "start": "14:00", "end": "15:00", "capacity": 2}
    before = SlotTemplate.objects.count()
    theirs = admin.post(url, {**body, "queue": other["qa"].pk})
    assert theirs.status_code == 404 and "队列不属于本中心" in _html(theirs)
    wrong_item = admin.post(url, {**body, "queue": web["qa"].pk, "item": web["pension"].code})
    assert wrong_item.status_code == 422 and "该事项不在此队列" in _html(wrong_item)
    assert SlotTemplate.objects.count() == before
    theirs_template = SlotTemplate.objects.filter(center=other["center"]).first()
    assert admin.post(f"{url}{theirs_template.pk}/deactivate/").status_code == 404
    assert theirs_template.__class__.objects.get(pk=theirs_template.pk).is_active


def test_blackout_day_cancels_its_bookings(web):
    booking = book(web, web["oct8"][0], now=at(EVE, 10))
    admin = _staff(Role.CENTER_ADMIN, web["center"])
    url = web["base"] + "slots/blackouts/"
    with time_machine.travel(at(EVE, 10), tick=False):
        assert admin.post(url, {"date": "2026-10-08", "reason": ""}).status_code == 422
        assert admin.post(url, {"date": "08/10/2026", "reason": "系统升级"}).status_code == 422
        past = admin.post(url, {"date": "2026-09-01", "reason": "系统升级"})
        assert past.status_code == 422 and "过去的日期" in _html(past)
        assert not Blackout.objects.exists()
        assert admin.post(url, {"date": "2026-10-08", "reason": "系统升级"}).status_code == 302
        twice = admin.post(url, {"date": "2026-10-08", "reason": "系统升级"})
        assert twice.status_code == 409
        page = _html(admin.get(web["base"] + "slots/"))
    assert "系统升级" in page
    booking.refresh_from_db()
    assert booking.status == "cancelled"


# --- check-in at the kiosk ------------------------------------------------------------------------------


@pytest.fixture
def kiosk(web):
    c = Client()
    c.post("/device/pair/", {"token": web["kiosk_raw"]})
    return c


def test_the_kiosk_leads_to_check_in(web, kiosk):
    html = _html(kiosk.get(f"/hall/{web['center'].code}/kiosk/"))
    assert "预约签到" in html and f"/booking/{web['center'].code}/check-in/" in html
    form = _html(kiosk.get(web["base"] + "check-in/"))
    assert 'name="code"' in form and 'name="id_number"' in form


def test_check_in_by_code_at_the_kiosk_gives_an_appointment_slip(web, kiosk):
    booking = book(web, web["oct8"][0], now=at(EVE, 10))
    with time_machine.travel(at(OCT8, 8, 40), tick=False):
        resp = kiosk.post(web["base"] + "check-in/", {"code": booking.code.lower()})
        assert resp.status_code == 302 and "/slip/" in resp["Location"]
        slip = _html(kiosk.get(resp["Location"]))
    assert "A001" in slip and "预约 优先办理" in slip
    booking.refresh_from_db()
    assert booking.status == "checked_in" and booking.channel == "web"
    assert Ticket.objects.get().is_appointment


def test_check_in_by_id_number_at_the_kiosk(web, kiosk):
    person = id_number()
    book(web, web["oct8"][1], now=at(EVE, 10), person=person)
    with time_machine.travel(at(OCT8, 9, 50), tick=False):
        resp = kiosk.post(web["base"] + "check-in/", {"id_number": person})
    assert resp.status_code == 302
    assert Booking.objects.get().status == "checked_in"


def test_kiosk_refusals_in_large_type(web, kiosk):
    person = id_number()
    booking = book(web, web["oct8"][0], now=at(EVE, 10), person=person)
    url = web["base"] + "check-in/"
    with time_machine.travel(at(OCT8, 7), tick=False):
        early = kiosk.post(url, {"code": booking.code})
    assert early.status_code == 409 and "签到时间未到" in _html(early)
    assert "huge-message" in _html(early) and "重新输入" in _html(early)
    with time_machine.travel(at(OCT8, 9, 30), tick=False):
        late = kiosk.post(url, {"code": booking.code})
    assert late.status_code == 409 and "可以取普通号" in _html(late)
    assert "取普通号" in _html(late) and f"/hall/{web['center'].code}/kiosk/" in _html(late)
    with time_machine.travel(at(OCT8, 8, 40), tick=False):
        missing = kiosk.post(url, {"code": "ZZZZZZZZ"})
        empty = kiosk.post(url, {"code": "", "id_number": ""})
        too_long = kiosk.post(url, {"code": "A" * 9})
        bad_id = kiosk.post(url, {"id_number": "110105194912310021"})
        nobody = kiosk.post(url, {"id_number": id_number()})
    assert missing.status_code == 404 and "预约不存在" in _html(missing)
    assert empty.status_code == 422 and "请输入预约码或身份证号码" in _html(empty)
    assert too_long.status_code == 422
    assert bad_id.status_code == 422 and "校验位不正确" in _html(bad_id)
    assert "110105194912310021" not in _html(bad_id)  # a shared screen does not echo it
    assert nobody.status_code == 404 and "今天没有您在本中心的预约" in _html(nobody)
    booking.refresh_from_db()
    assert booking.status == "booked" and not Ticket.objects.exists()


def test_check_in_page_is_for_the_kiosk_and_front_desk_only(web):
    assert Client().get(web["base"] + "check-in/").status_code == 401
    other = booking_hall("OK")
    theirs = Client()
    theirs.post("/device/pair/", {"token": other["kiosk_raw"]})
    assert theirs.get(web["base"] + "check-in/").status_code == 403
    booking = book(web, web["oct8"][0], now=at(EVE, 10))
    with time_machine.travel(at(OCT8, 8, 40), tick=False):
        resp = theirs.post(f"/booking/{other['center'].code}/check-in/", {"code": booking.code})
    assert resp.status_code == 404 and "本中心没有该预约" in _html(resp)
    assert Booking.objects.get().status == "booked"


# --- links and personal data -------------------------------------------------------------------------


def test_hub_and_guide_link_to_booking(web):
    admin = _staff(Role.CENTER_ADMIN, web["center"])
    hub = _html(admin.get("/hall/"))
    code = web["center"].code
    for path in (f"/booking/{code}/today/", f"/booking/{code}/visits/", f"/booking/{code}/slots/"):
        assert path in hub
    assert f"/booking/{code}/" in _html(Client().get(f"/guide/{code}/"))


def test_no_page_shows_a_full_id_number_or_phone(web, kiosk):
    person = id_number()
    booking = book(web, web["oct8"][0], now=at(EVE, 10), person=person)
    services.home_visit_request(
        actor=ANONYMOUS, center=web["center"], id_number=person, item_code=None, **VISIT
    )
    citizen = Client()
    citizen.post("/booking/manage/", {"action": "lookup", "code": booking.code, "phone": PHONE})
    admin = _staff(Role.CENTER_ADMIN, web["center"])
    code = web["center"].code
    pages = [
        citizen.get(f"/booking/b/{booking.code}/"),
        citizen.get(f"/booking/b/{booking.code}/booking.ics"),
        citizen.get("/booking/manage/", {"code": booking.code}),
        admin.get(f"/booking/{code}/today/", {"date": "2026-10-08"}),
        admin.get(f"/booking/{code}/visits/"),
        admin.get(f"/booking/{code}/slots/"),
    ]
    with time_machine.travel(at(OCT8, 8, 40), tick=False):
        slip = kiosk.post(f"/booking/{code}/check-in/", {"code": booking.code})
        pages.append(kiosk.get(slip["Location"]))
        pages.append(admin.get(f"/booking/{code}/today/", {"date": "2026-10-08"}))
    for resp in pages:
        assert resp.status_code == 200
        body = resp.content.decode()
        assert person not in body and PHONE not in body
