"""Rectification records and figures through the API, for staff clients."""

import pytest

from govhall.core.actors import ANONYMOUS
from govhall.core.models import TokenKind
from govhall.core.services import token_create

from ..models import Rectification
from ..services import evaluations as services
from .factories import PHONE, feedback_hall, serve


@pytest.fixture
def api(client, h):
    evaluation = serve(h, phone=PHONE)
    services.evaluation_rate(actor=ANONYMOUS, token=evaluation.token, level=2, reasons=["slow"])
    h["record"] = Rectification.objects.get(evaluation=evaluation)
    h["admin_raw"] = token_create(kind=TokenKind.STAFF, user=h["admin"].user)[1]

    def call(method, url, body=None, token=None):
        headers = {"Authorization": f"Bearer {token or h['admin_raw']}"}
        if method == "get":
            return client.get(url, headers=headers)
        return client.post(url, body or {}, content_type="application/json", headers=headers)

    h["call"] = call
    return h


def test_list_steps_and_figures(api):
    call, record = api["call"], api["record"]
    listed = call("get", f"/api/v1/centers/{api['center'].code}/rectifications").json()
    assert [r["id"] for r in listed] == [record.pk]
    assert PHONE not in str(listed)
    url = f"/api/v1/rectifications/{record.pk}"
    early = call("post", f"{url}/classify", {"finding": "objective", "note": "x"})
    assert early.status_code == 409 and early.json()["error"]["code"] == "contact_first"
    assert call("post", f"{url}/contact", {"note": "已联系"}).json()["status"] == "open"
    assert call("post", f"{url}/classify", {"finding": "maybe", "note": "x"}).status_code == 422
    assert (
        call("post", f"{url}/classify", {"finding": "objective", "note": "属实"}).status_code == 200
    )
    assert call("post", f"{url}/rectify", {"measures": "m" * 3000}).status_code == 422
    assert call("post", f"{url}/rectify", {"measures": "增开窗口"}).json()["status"] == "to_reply"
    assert call("post", f"{url}/reply", {"text": "已整改"}).json()["status"] == "replied"
    assert call("post", f"{url}/close", {"rater_view": "satisfied"}).json()["status"] == "closed"
    assert call("post", f"{url}/close", {"rater_view": "satisfied"}).status_code == 409
    assert call("post", f"{url}/explode", {}).status_code == 404
    figures = call("get", f"/api/v1/centers/{api['center'].code}/evaluation-figures").json()
    assert (figures["reply_rate"], figures["rectification_rate"]) == (100.0, 100.0)
    assert figures["by_staff"][0]["key"] == api["clerk"].user.staff_number


def test_scoping_and_token_kinds(api):
    call, record = api["call"], api["record"]
    other = feedback_hall("G")
    other_raw = token_create(kind=TokenKind.STAFF, user=other["admin"].user)[1]
    assert call("get", f"/api/v1/rectifications/{record.pk}", token=other_raw).status_code == 404
    assert (
        call(
            "post", f"/api/v1/rectifications/{record.pk}/contact", {"note": "x"}, token=other_raw
        ).status_code
        == 404
    )
    listed = call("get", f"/api/v1/centers/{api['center'].code}/rectifications", token=other_raw)
    assert listed.status_code == 403
    assert (
        call("get", f"/api/v1/rectifications/{record.pk}", token=api["window_raw"]).status_code
        == 403
    )
    assert (
        call("get", f"/api/v1/rectifications/{record.pk}", token=api["pad_raw"]).status_code == 403
    )
    assert call("get", "/api/v1/rectifications/abc").status_code == 422
    assert call("get", "/api/v1/centers/NOPE/rectifications").status_code == 404
    assert Rectification.objects.get(pk=record.pk).contacted_at is None


def test_figures_take_any_month(api):
    for month in ("9999-12", "0001-01", "bad"):
        resp = api["call"](
            "get", f"/api/v1/centers/{api['center'].code}/evaluation-figures?month={month}"
        )
        assert resp.status_code == 200, month
