"""The staff pages of 暂离 (one's own panel, the centre's page) and the staff
API: bad input re-renders the form (never a 500) or answers the error shape,
and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from govhall.core.models import Event, TokenKind
from govhall.core.services import token_create
from govhall.staff.whereabouts.models import Away

from . import whereabouts_world as ww
from .whereabouts_world import MORNING

fake, hall, morning = ww.fake, ww.hall, ww.morning
pytestmark = pytest.mark.django_db


def logged(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def me(h, path=""):
    return f"/staff/whereabouts/{h['center'].code}/me/{path}"


def test_my_panel_goes_away_and_comes_back(hall, morning):
    h = hall
    c = logged(h["a"])
    page = c.get(me(h)).content.decode()
    assert "登记暂离" in page and "在岗" not in page.split("当前状态")[1][:30]
    response = c.post(me(h, "away/"), {"reason": "meeting", "back_at": "10:45"})
    assert response.status_code == 302
    page = c.get(me(h)).content.decode()
    assert "我已返岗" in page and "预计 10:45 返回" in page
    assert "当前办理：陈静（B岗）" in page  # B serves my window 1
    assert c.post(me(h, "back/")).status_code == 302
    record = Away.objects.get()
    assert record.returned_at is not None and record.set_by == h["a"]


@pytest.mark.parametrize(
    "data, field",
    [
        ({}, "reason"),
        ({"reason": "meeting"}, "back_at"),
        ({"reason": "meeting", "back_at": "25:99"}, "back_at"),
        ({"reason": "meeting", "back_at": "09:00"}, "back_at"),  # already past
        ({"reason": "meeting", "back_at": "16:30"}, "back_at"),  # over 240 minutes
        ({"reason": "nap", "back_at": "10:30"}, "reason"),
        ({"reason": "other", "back_at": "10:30"}, "note"),
        ({"reason": "other", "back_at": "10:30", "note": "长" * 61}, "note"),
    ],
)
def test_bad_input_re_renders_the_form(hall, morning, data, field):
    response = logged(hall["a"]).post(me(hall, "away/"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Away.objects.exists() and not Event.objects.exists()


def test_a_second_away_and_a_stray_back_are_told_not_500(hall, morning):
    c = logged(hall["a"])
    assert c.post(me(hall, "back/")).status_code == 409
    c.post(me(hall, "away/"), {"reason": "meal", "back_at": "10:30"})
    again = c.post(me(hall, "away/"), {"reason": "meal", "back_at": "10:40"})
    assert again.status_code == 409 and "已处于暂离状态" in again.content.decode()
    assert Away.objects.count() == 1


def test_the_uncovered_warning_is_shown_and_confirmed(hall, morning):
    h = hall
    logged(h["b"]).post(me(h, "away/"), {"reason": "meeting", "back_at": "11:00"})
    c = logged(h["a"])
    warned = c.post(me(h, "away/"), {"reason": "meal", "back_at": "10:30"})
    assert warned.status_code == 409
    text = warned.content.decode()
    assert 'data-warning="uncovered"' in text and "无人值守" in text
    assert not Away.objects.filter(user=h["a"]).exists()
    confirmed = c.post(
        me(h, "away/"), {"reason": "meal", "back_at": "10:30", "accept_uncovered": "True"}
    )
    assert confirmed.status_code == 302
    assert Away.objects.get(user=h["a"]).uncovered
    page = logged(h["duty"]).get(f"/staff/whereabouts/{h['center'].code}/").content.decode()
    assert 'id="uncovered"' in page and "张伟" in page
    assert "代为登记暂离" not in page  # the duty manager reads, the centre manages


def test_the_centre_marks_someone_away_and_back_and_its_page_names_who(hall, morning):
    h = hall
    c = logged(h["admin"])
    url = f"/staff/whereabouts/{h['center'].code}/"
    response = c.post(
        url + "away/",
        {"staff_number": h["a"].staff_number, "reason": "errand", "back_at": "11:30"},
    )
    assert response.status_code == 302
    page = c.get(url).content.decode()
    assert "外出办事" in page and "王建华" in page  # who set it
    assert c.post(url + "back/", {"staff_number": h["a"].staff_number}).status_code == 302
    assert Away.objects.get().returned_by == h["admin"]


@pytest.mark.parametrize(
    "data",
    [
        {"staff_number": "NOPE", "reason": "errand", "back_at": "11:30"},
        {"staff_number": "", "reason": "errand", "back_at": "11:30"},
        {"reason": "errand", "back_at": "11:30"},
    ],
)
def test_the_centre_form_refuses_unknown_people(hall, morning, data):
    response = logged(hall["admin"]).post(f"/staff/whereabouts/{hall['center'].code}/away/", data)
    assert response.status_code == 400 and "staff_number" in response.context["form"].errors
    assert not Away.objects.exists()


def test_another_centres_person_and_a_stray_back_on_the_centre_page(hall, morning):
    c = logged(hall["admin"])
    url = f"/staff/whereabouts/{hall['center'].code}/"
    outsider = {"staff_number": hall["outsider"].staff_number, "reason": "meal", "back_at": "11:00"}
    assert c.post(url + "away/", outsider).status_code == 400
    assert c.post(url + "back/", {"staff_number": hall["a"].staff_number}).status_code == 409
    assert c.post(url + "back/", {"staff_number": "x" * 500}).status_code == 400


def test_a_clerk_cannot_use_the_centre_page_or_anothers_centre(hall, morning):
    clerk = logged(hall["a"])
    url = f"/staff/whereabouts/{hall['center'].code}/"
    assert clerk.get(url).status_code == 403
    data = {"staff_number": hall["b"].staff_number, "reason": "meal", "back_at": "11:00"}
    assert clerk.post(url + "away/", data).status_code == 403
    other = f"/staff/whereabouts/{hall['other'].code}/me/"
    assert clerk.get(other).status_code == 403
    assert not Away.objects.exists()


# --- the staff API ------------------------------------------------------------------------


def bearer(user) -> Client:
    raw = token_create(kind=TokenKind.STAFF, user=user)[1]
    return Client(headers={"Authorization": f"Bearer {raw}"})


def post(client, h, path, body, **kw):
    data = body if isinstance(body, str) else __import__("json").dumps(body)
    return client.post(
        f"/api/v1/centers/{h['center'].code}/{path}", data, content_type="application/json", **kw
    )


BACK = (MORNING + dt.timedelta(minutes=30)).isoformat()


def test_the_api_goes_away_and_back(hall, morning):
    h = hall
    c = bearer(h["a"])
    response = post(c, h, "away", {"reason": "meal", "expected_back_at": BACK})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["staff_number"] == h["a"].staff_number and body["returned_at"] is None
    assert body["expected_back_at"] == "2026-12-01T10:30:00+08:00"
    again = post(c, h, "away", {"reason": "meal", "expected_back_at": BACK})
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_away"
    back = post(c, h, "away/back", {})
    assert back.status_code == 200 and back.json()["returned_at"]
    stray = post(c, h, "away/back", {})
    assert stray.status_code == 409 and stray.json()["error"]["code"] == "not_away"


def test_the_api_for_someone_else(hall, morning):
    h = hall
    body = {"reason": "meal", "expected_back_at": BACK, "staff_number": h["a"].staff_number}
    refused = post(bearer(h["b"]), h, "away", body)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden_role"
    assert post(bearer(h["admin"]), h, "away", body).status_code == 201
    unknown = post(bearer(h["admin"]), h, "away", {**body, "staff_number": "NOPE"})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "staff_not_found"
    warn = post(bearer(h["admin"]), h, "away", {**body, "staff_number": h["b"].staff_number})
    assert warn.status_code == 409 and warn.json()["error"]["code"] == "window_uncovered"
    assert "windows" in warn.json()["error"]["fields"]


@pytest.mark.parametrize(
    "body, status",
    [
        ("{not json", 400),
        ({}, 422),
        ({"reason": "nap", "expected_back_at": BACK}, 422),
        ({"reason": "meal", "expected_back_at": "tomorrow"}, 422),
        ({"reason": "meal", "expected_back_at": BACK, "note": "x" * 61}, 422),
        ({"reason": "meal", "expected_back_at": BACK, "staff_number": "x" * 33}, 422),
        ({"reason": "meal", "expected_back_at": BACK, "accept_uncovered": "perhaps"}, 422),
        ({"reason": "meal", "expected_back_at": "2026-12-01T09:00:00+08:00"}, 422),
        ({"reason": "meal", "expected_back_at": "2026-12-02T10:00:00+08:00"}, 422),
        ([1, 2], 422),
    ],
)
def test_the_api_refuses_bad_bodies_in_the_error_shape(hall, morning, body, status):
    response = post(bearer(hall["a"]), hall, "away", body)
    assert response.status_code == status, response.content
    assert set(response.json()["error"]) == {"code", "message", "fields"}
    assert not Away.objects.exists()


def test_the_api_is_refused_to_devices_and_strangers(hall, morning):
    raw = token_create(kind=TokenKind.DISPLAY, center=hall["center"])[1]
    display = Client(headers={"Authorization": f"Bearer {raw}"})
    body = {"reason": "meal", "expected_back_at": BACK}
    assert post(display, hall, "away", body).status_code == 403
    assert post(Client(), hall, "away", body).status_code == 401
    outsider = post(bearer(hall["outsider"]), hall, "away", body)
    assert outsider.status_code == 403 and outsider.json()["error"]["code"] == "forbidden_center"
    assert not Away.objects.exists()
