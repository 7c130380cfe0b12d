"""The Appointments endpoints of API.md, and bad input in the error shape."""

import datetime as dt
import json

import pytest
import time_machine

from govhall.booking.models import Booking, Slot
from govhall.booking.tests.conftest import EVE
from govhall.booking.tests.factories import at, generate, id_number
from govhall.core.models import Role, TokenKind
from govhall.core.services import token_create
from govhall.core.tests import factories as f

OCT8 = dt.date(2026, 10, 8)
PHONE = "13912345678"


@pytest.fixture
def api(client, bh):
    with time_machine.travel(at(EVE, 10), tick=False):
        generate(bh, EVE)

        def call(method, url, body=None, token=None, **headers):
            if token:
                headers["Authorization"] = f"Bearer {token}"
            if method == "get":
                return client.get(url, headers=headers)
            return client.post(
                url, json.dumps(body or {}), content_type="application/json", headers=headers
            )

        bh["call"] = call
        yield bh


def _slots(api, item=None, date=None):
    q = f"item={item or api['licence'].code}" + (f"&date={date}" if date else "")
    return api["call"]("get", f"/api/v1/centers/{api['center'].code}/slots?{q}")


def _book(api, slot_id, **over):
    body = {
        "center": api["center"].code,
        "item": api["licence"].code,
        "slot": slot_id,
        "name": "王小明",
        "id_number": id_number(),
        "phone": PHONE,
        **over,
    }
    return api["call"]("post", "/api/v1/appointments", body)


def test_list_book_look_up_and_cancel(api):
    slots = _slots(api, date="2026-10-08").json()
    assert [s["start"] for s in slots] == ["2026-10-08T09:00:00+08:00", "2026-10-08T10:00:00+08:00"]
    assert slots[0]["capacity"] == 3 and slots[0]["remaining"] == 3

    made = _book(api, slots[0]["id"])
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["status"] == "booked" and body["center"] == api["center"].code
    assert body["start"] == "2026-10-08T09:00:00+08:00" and body["name_masked"] == "王**"
    assert "id_number" not in body and PHONE not in made.content.decode()
    assert _slots(api, date="2026-10-08").json()[0]["remaining"] == 2

    code = body["code"]
    assert api["call"]("get", f"/api/v1/appointments/{code}?phone={PHONE}").status_code == 200
    wrong = api["call"]("get", f"/api/v1/appointments/{code}?phone=13800000000")
    assert wrong.status_code == 404 and wrong.json()["error"]["code"] == "booking_not_found"

    cancelled = api["call"]("post", f"/api/v1/appointments/{code}/cancel", {"phone": PHONE})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = api["call"]("post", f"/api/v1/appointments/{code}/cancel", {"phone": PHONE})
    assert again.status_code == 409 and again.json()["error"]["code"] == "invalid_transition"


def test_full_slot_is_409_slot_full(api):
    slot = Slot.objects.filter(date=OCT8).order_by("start").first()
    for _ in range(3):
        assert _book(api, slot.pk).status_code == 201
    full = _book(api, slot.pk)
    assert full.status_code == 409 and full.json()["error"]["code"] == "slot_full"
    assert Booking.objects.count() == 3


def test_check_in_through_the_api(api, client):
    slot = Slot.objects.filter(date=OCT8).order_by("start").first()
    code = _book(api, slot.pk).json()["code"]
    url = f"/api/v1/appointments/{code}/check-in"
    assert api["call"]("post", url).status_code == 401  # a device or staff token is needed
    with time_machine.travel(at(OCT8, 8, 45), tick=False):
        made = api["call"]("post", url, token=api["kiosk_raw"])
    assert made.status_code == 201, made.content
    ticket = made.json()
    assert ticket["is_appointment"] is True and ticket["number"] == "A001"
    with time_machine.travel(at(OCT8, 8, 46), tick=False):
        again = api["call"]("post", url, token=api["kiosk_raw"])
    assert again.status_code == 409


def test_check_in_far_outside_the_window(api):
    slot = Slot.objects.filter(date=OCT8).order_by("start").first()
    code = _book(api, slot.pk).json()["code"]
    url = f"/api/v1/appointments/{code}/check-in"
    for moment, err in [(at(OCT8, 7), "check_in_too_early"), (at(OCT8, 12), "check_in_too_late")]:
        with time_machine.travel(moment, tick=False):
            refused = api["call"]("post", url, token=api["kiosk_raw"])
        assert refused.status_code == 409 and refused.json()["error"]["code"] == err
    assert Booking.objects.get().status == "booked"


def test_another_centres_kiosk_gets_404(api):
    from govhall.booking.tests.factories import booking_hall

    slot = Slot.objects.filter(date=OCT8).order_by("start").first()
    code = _book(api, slot.pk).json()["code"]
    other = booking_hall("AX")
    with time_machine.travel(at(OCT8, 9), tick=False):
        refused = api["call"](
            "post", f"/api/v1/appointments/{code}/check-in", token=other["kiosk_raw"]
        )
    assert refused.status_code == 404


@pytest.mark.parametrize(
    "over, status, code",
    [
        ({"slot": "abc"}, 422, "validation_error"),
        ({"slot": -1}, 422, "validation_error"),
        ({"name": "x" * 100}, 422, "validation_error"),
        ({"id_number": "110105194912310021"}, 422, "validation_error"),
        ({"phone": "12345"}, 422, "validation_error"),
        ({"center": "NOPE"}, 404, "center_not_found"),
        ({"item": "NOPE"}, 404, "item_not_found"),
        ({"slot": 99999999}, 404, "slot_not_found"),
    ],
)
def test_bad_bookings(api, over, status, code):
    slot = Slot.objects.filter(date=OCT8).first()
    refused = _book(api, slot.pk, **over)
    assert refused.status_code == status, refused.content
    assert refused.json()["error"]["code"] == code
    assert Booking.objects.count() == 0


def test_malformed_and_missing_bodies(api, client):
    for raw in ["{", "[]", '"x"', "{}", '{"slot": null}']:
        resp = client.post("/api/v1/appointments", raw, content_type="application/json")
        assert resp.status_code in (400, 422) and "error" in resp.json()
    assert Booking.objects.count() == 0


def test_a_slot_in_the_past_and_of_another_item(api):
    past = Slot.objects.filter(date=EVE).order_by("start").first()  # 9:00 on the eve, now 10:00
    refused = _book(api, past.pk)
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "slot_past"
    slot = Slot.objects.filter(date=OCT8).first()
    refused = _book(api, slot.pk, item=api["pension"].code)
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "slot_item_mismatch"


def test_cancel_after_the_deadline(api):
    slot = Slot.objects.filter(date=OCT8).order_by("start").first()
    code = _book(api, slot.pk).json()["code"]
    with time_machine.travel(at(OCT8, 8, 40), tick=False):
        late = api["call"]("post", f"/api/v1/appointments/{code}/cancel", {"phone": PHONE})
    assert late.status_code == 409 and late.json()["error"]["code"] == "cancel_too_late"
    assert Booking.objects.get().status == "booked"


def test_english_messages(api):
    slot = Slot.objects.filter(date=OCT8).first()
    refused = api["call"](
        "post",
        "/api/v1/appointments",
        {
            "center": api["center"].code,
            "item": "NOPE",
            "slot": slot.pk,
            "name": "a",
            "id_number": id_number(),
            "phone": PHONE,
        },
        **{"Accept-Language": "en"},
    )
    assert refused.status_code == 404
    assert refused.json()["error"]["message"] != "事项不存在"


def test_the_feed_for_the_unified_platform(api):
    slot = Slot.objects.filter(date=OCT8).order_by("start").first()
    person = id_number()
    code = _book(api, slot.pk, id_number=person).json()["code"]
    raw = token_create(kind=TokenKind.INTEGRATION, center=api["center"])[1]
    url = f"/api/v1/centers/{api['center'].code}/feed"
    assert api["call"]("get", url).status_code == 401
    assert api["call"]("get", url, token=api["kiosk_raw"]).status_code == 403
    page = api["call"]("get", url, token=raw).json()
    assert page["records"][0]["booking"]["code"] == code
    masked = page["records"][0]["booking"]["id_number_masked"]
    assert person not in json.dumps(page) and masked.startswith(person[:3]) and "*" in masked
    assert "王小明" not in json.dumps(page) and PHONE not in json.dumps(page)
    with time_machine.travel(at(OCT8, 8, 45), tick=False):
        api["call"]("post", f"/api/v1/appointments/{code}/check-in", token=api["kiosk_raw"])
    more = api["call"]("get", f"{url}?cursor={page['next_cursor']}", token=raw).json()
    kinds = [r["kind"] for r in more["records"]]
    assert "booking.checked_in" in kinds and "ticket.issued" in kinds
    ticket = next(r["ticket"] for r in more["records"] if "ticket" in r)
    assert ticket["is_appointment"] is True and ticket["number"] == "A001"
    empty = api["call"]("get", f"{url}?cursor={more['next_cursor']}", token=raw).json()
    assert empty["records"] == [] and empty["next_cursor"] == more["next_cursor"]
    other = f.center(f.district(), code="FEEDX")
    assert api["call"]("get", f"/api/v1/centers/{other.code}/feed", token=raw).status_code == 403
    assert api["call"]("get", f"{url}?cursor=-5", token=raw).status_code == 422


def test_staff_hotline_booking_through_the_api(api):
    staff = f.staff(Role.RECEPTION, center_=api["center"])
    raw = token_create(kind=TokenKind.STAFF, user=staff, center=api["center"])[1]
    slot = Slot.objects.filter(date=OCT8).first()
    body = {
        "center": api["center"].code,
        "item": api["licence"].code,
        "slot": slot.pk,
        "name": "赵六",
        "id_number": id_number(),
        "phone": PHONE,
    }
    made = api["call"]("post", "/api/v1/appointments", body, token=raw)
    assert made.status_code == 201
    assert Booking.objects.get().channel == "hotline"
    assert api["call"]("post", "/api/v1/appointments", body, token="ghx_wrong").status_code == 401


def test_slots_inside_the_lead_time_or_full_are_not_offered(api):
    with time_machine.travel(at(OCT8, 8, 45), tick=False):
        starts = [s["start"] for s in _slots(api, date="2026-10-08").json()]
    assert starts == ["2026-10-08T10:00:00+08:00"]  # 9:00 is inside the 30 minutes
    ten = Slot.objects.get(date=OCT8, start=at(OCT8, 10))
    Slot.objects.filter(pk=ten.pk).update(booked=3)
    with time_machine.travel(at(OCT8, 8, 45), tick=False):
        assert _slots(api, date="2026-10-08").json() == []
