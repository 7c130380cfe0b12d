"""POST /api/v1/centers/{center}/assist-requests (API.md) and the open list:
who may, the 201 shape, and bad input answered with the error shape and nothing
written."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from govhall.core.models import TokenKind
from govhall.core.services import token_create

from ..models import AssistRequest
from . import factories as af

pytestmark = pytest.mark.django_db
URL = "/api/v1/centers/{}/assist-requests"


@pytest.fixture
def w():
    w = af.world()
    w["tok"] = {
        "reception": token_create(kind=TokenKind.STAFF, user=w["reception"].user)[1],
        "assistant": token_create(kind=TokenKind.STAFF, user=w["assistant"].user)[1],
        "other": token_create(kind=TokenKind.STAFF, user=w["other_assistant"].user)[1],
        "kiosk": token_create(kind=TokenKind.KIOSK, center=w["center"])[1],
        "display": token_create(kind=TokenKind.DISPLAY, center=w["center"])[1],
    }
    return w


def post(w, who, body, center=None, raw=False):
    return Client().post(
        URL.format(center or w["center"].code),
        data=body if raw else json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {w['tok'][who]}" if who else "",
    )


def test_the_desk_and_the_kiosk_take_requests(w):
    r = post(
        w, "reception", {"kind": "daiban", "id_number": af.elderly_id(), "item": w["promise"].code}
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert set(body) == {"number", "kind", "status", "assigned_to"}
    assert body["kind"] == "daiban" and body["status"] == "assigned"
    assert body["assigned_to"] == w["m_assistant"].name
    r = post(w, "kiosk", {"kind": "bangban"})
    assert (
        r.status_code == 201
        and AssistRequest.objects.get(number=r.json()["number"]).channel == "kiosk"
    )
    r = post(w, "reception", {"kind": "home_visit", "phone": "13912345678", "note": "电话预约"})
    assert r.status_code == 201
    listed = Client().get(
        URL.format(w["center"].code), HTTP_AUTHORIZATION=f"Bearer {w['tok']['assistant']}"
    )
    assert listed.status_code == 200 and len(listed.json()) == 3
    first = listed.json()[0]
    assert (
        first["elderly"]
        and "*" in first["id_number"]
        and af.elderly_id() not in listed.content.decode()
    )
    # the desk takes requests; the list is the workers'
    assert (
        Client()
        .get(URL.format(w["center"].code), HTTP_AUTHORIZATION=f"Bearer {w['tok']['kiosk']}")
        .status_code
        == 403
    )


@pytest.mark.parametrize(
    "who,body,center,status,code",
    [
        (None, {"kind": "bangban"}, None, 401, None),
        ("display", {"kind": "bangban"}, None, 403, "forbidden_role"),
        ("other", {"kind": "bangban"}, None, 403, "forbidden_center"),
        ("reception", {"kind": "bangban"}, "NOPE", 404, None),
        ("reception", {}, None, 422, None),
        ("reception", {"kind": "massage"}, None, 422, "validation_error"),
        ("reception", {"kind": 5}, None, 422, None),
        ("reception", {"kind": "bangban", "id_number": "123"}, None, 422, "validation_error"),
        ("reception", {"kind": "bangban", "phone": "abc"}, None, 422, "validation_error"),
        ("reception", {"kind": "bangban", "item": "NOPE"}, None, 422, "validation_error"),
        ("reception", {"kind": "bangban", "note": "长" * 301}, None, 422, None),
        ("reception", {"kind": "bangban", "id_number": ["x"]}, None, 422, None),
        ("reception", "{not json", None, 400, None),
        ("reception", "[]", None, 422, None),
    ],
)
def test_bad_requests_get_the_error_shape_and_write_nothing(w, who, body, center, status, code):
    r = post(w, who, body, center=center, raw=isinstance(body, str))
    assert r.status_code == status, r.content
    error = r.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    if code:
        assert error["code"] == code
    assert not AssistRequest.objects.exists()
