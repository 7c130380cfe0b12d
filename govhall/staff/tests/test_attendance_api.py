"""POST /api/v1/attendance/punches (API.md): the centre's clock-in device, or
one's own staff token and only for oneself; every bad input is the error
shape and writes nothing."""

import json

import pytest
import time_machine
from django.test import Client

from govhall.core.models import Event
from govhall.core.services import token_create
from govhall.staff.attendance.models import Punch
from govhall.staff.tests.attendance_factories import local, world

pytestmark = pytest.mark.django_db
URL = "/api/v1/attendance/punches"
NOW = local(2026, 11, 18, 9, 5)  # a Wednesday


@pytest.fixture
def w(db):
    with time_machine.travel(NOW, tick=False):
        data = world()
        data["clerk_raw"] = token_create(kind="staff", user=data["clerk"])[1]
        data["kiosk_raw"] = token_create(kind="kiosk", center=data["center"])[1]
        yield data


def post(raw, body, **headers):
    client = Client(headers={"Authorization": f"Bearer {raw}", **headers} if raw else headers)
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(URL, data, content_type="application/json")


def error(response, status, code=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body["error"]) == {"code", "message", "fields"}
    if code:
        assert body["error"]["code"] == code, body
    return body["error"]


def test_the_device_punches_for_the_number_typed_and_reports_lateness(w):
    number = w["clerk"].staff_number
    r = post(w["device_raw"], {"staff_number": number, "kind": "in"})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body == {
        "staff_number": number,
        "kind": "in",
        "at": "2026-11-18T09:05:00+08:00",
        "late_minutes": 15,  # the rule: at the window by 8:50
        "early_minutes": 0,
        "status": "late",
    }
    punch = Punch.objects.get()
    assert punch.source == "device" and punch.device == w["device"]
    assert Event.objects.filter(kind="attendance.punched").count() == 1
    # An earlier punch the device kept while offline becomes the day's first "in".
    r = post(
        w["device_raw"],
        {"staff_number": w["clerk2"].staff_number, "kind": "in", "at": "2026-11-18T08:44:10+08:00"},
    )
    assert r.json()["late_minutes"] == 0 and r.json()["status"] == "on_time"
    # Later "in"s carry nothing.
    r = post(
        w["device_raw"], {"staff_number": number, "kind": "in", "at": "2026-11-18T09:03:00+08:00"}
    )
    assert r.status_code == 201 and r.json()["late_minutes"] == 13


def test_a_repeat_within_a_minute_is_the_same_punch(w):
    body = {
        "staff_number": w["clerk"].staff_number,
        "kind": "in",
        "at": "2026-11-18T08:40:00+08:00",
    }
    first = post(w["device_raw"], body)
    again = post(w["device_raw"], {**body, "at": "2026-11-18T08:40:40+08:00"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Punch.objects.count() == 1


def test_ones_own_token_punches_now_for_oneself_only(w):
    r = post(w["clerk_raw"], {"staff_number": w["clerk"].staff_number, "kind": "in"})
    assert r.status_code == 201 and r.json()["at"] == "2026-11-18T09:05:00+08:00"
    assert Punch.objects.get().source == "self"
    error(
        post(w["clerk_raw"], {"staff_number": w["clerk2"].staff_number, "kind": "in"}),
        403,
        "punch_for_other",
    )
    r = post(
        w["clerk_raw"],
        {"staff_number": w["clerk"].staff_number, "kind": "in", "at": "2026-11-18T08:40:00+08:00"},
    )
    assert error(r, 422, "punch_time_not_now")["fields"]["at"]
    assert Punch.objects.count() == 1


BAD = [
    ("{not json", 400, "malformed_json"),
    ("[]", 422, "validation_error"),
    ({"kind": "in"}, 422, "validation_error"),
    ({"staff_number": "T1"}, 422, "validation_error"),
    ({"staff_number": "T1", "kind": "lunch"}, 422, "validation_error"),
    ({"staff_number": 12345, "kind": "in"}, 422, "validation_error"),
    ({"staff_number": ["x"], "kind": "in"}, 422, "validation_error"),
    ({"staff_number": "T" * 33, "kind": "in"}, 422, "validation_error"),
    ({"staff_number": "", "kind": "in"}, 422, "validation_error"),
    ({"staff_number": "T1", "kind": "in", "at": "yesterday"}, 422, "validation_error"),
    ({"staff_number": "NOBODY", "kind": "in"}, 404, "staff_not_found"),
    ({"staff_number": "T\u0000", "kind": "in"}, 400, None),  # NUL: refused before
    (
        {"staff_number": "CLERK", "kind": "in", "at": "2026-11-18T09:30:00+08:00"},
        422,
        "punch_in_future",
    ),
    (
        {"staff_number": "CLERK", "kind": "in", "at": "2026-11-16T09:00:00+08:00"},
        422,
        "punch_too_old",
    ),
    ({"staff_number": "STRANGER", "kind": "in"}, 404, "staff_not_found"),
    ({"staff_number": "CLERK", "kind": "in", "center": "NOPE"}, 404, "center_not_found"),
]


@pytest.mark.parametrize("body,status,code", BAD)
def test_bad_input_is_the_error_shape_and_writes_nothing(w, body, status, code):
    if isinstance(body, dict) and body.get("staff_number") in ("CLERK", "STRANGER"):
        body = {**body, "staff_number": w[body["staff_number"].lower()].staff_number}
    error(post(w["device_raw"], body), status, code)
    assert (
        not Punch.objects.exists()
        and not Event.objects.filter(kind__startswith="attendance").exists()
    )


def test_another_centres_device_and_other_tokens_are_refused(w):
    number = w["clerk"].staff_number
    error(
        post(w["other_device_raw"], {"staff_number": number, "kind": "in"}), 404, "staff_not_found"
    )
    error(post(w["kiosk_raw"], {"staff_number": number, "kind": "in"}), 403)
    error(post(None, {"staff_number": number, "kind": "in"}), 401)
    error(post("not-a-token", {"staff_number": number, "kind": "in"}), 401)
    assert not Punch.objects.exists()
