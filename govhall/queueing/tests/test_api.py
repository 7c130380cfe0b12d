"""Queue endpoints of API.md, with bad input answered in the error shape."""

import pytest

from govhall.core.models import Role, TokenKind
from govhall.core.services import token_create
from govhall.core.tests import factories as f
from govhall.queueing.models import Ticket, TicketStatus
from govhall.queueing.tests.factories import queue, window

ELDER = "11010519491231002X"


@pytest.fixture
def api(client, hall):
    def call(method, url, body=None, token=None, **kw):
        headers = {"Authorization": f"Bearer {token or hall['kiosk_raw']}"}
        if method == "get":
            return client.get(url, headers=headers, **kw)
        return client.post(url, body or {}, content_type="application/json", headers=headers)

    hall["window_raw"] = token_create(
        kind=TokenKind.WINDOW, center=hall["center"], window=hall["w1"]
    )[1]
    hall["call"] = call
    return hall


def _take(api, **body):
    return api["call"](
        "post",
        f"/api/v1/centers/{api['center'].code}/tickets",
        {"item": api["licence"].code, **body},
    )


def test_take_a_ticket(api):
    resp = _take(api, id_number=ELDER)
    assert resp.status_code == 201
    body = resp.json()
    assert body["number"] == "A001" and body["priority"] is True and body["ahead"] == 0
    assert body["track_url"].endswith(f"/t/{body['track_token']}/")
    assert body["issued_at"].endswith("+08:00")
    assert "id_number" not in body


def test_queues_and_windows(api):
    _take(api)
    queues = api["call"]("get", f"/api/v1/centers/{api['center'].code}/queues").json()
    assert queues[0]["code"] == "QA" and queues[0]["waiting"] == 1
    assert queues[0]["estimated_wait_minutes"] > 0
    windows = api["call"]("get", f"/api/v1/centers/{api['center'].code}/windows").json()
    assert windows[0]["queues"] == ["QA", "QB"] and windows[0]["state"] == "open"


def test_call_walk_and_track(api, client):
    ticket = _take(api).json()
    w = api["w1"].code
    called = api["call"]("post", f"/api/v1/windows/{w}/call-next", token=api["window_raw"])
    assert called.status_code == 200 and called.json()["ticket"]["number"] == "A001"
    track = client.get(f"/api/v1/tickets/track/{ticket['track_token']}").json()
    assert track["status"] == "called" and track["window_number"] == 1
    # API.md: `window` is the window's code, its name beside it.
    assert track["window"] == api["w1"].code and track["window_name"] == api["w1"].name
    for step in ("recall", "start", "finish"):
        resp = api["call"](
            "post", f"/api/v1/tickets/{ticket['id']}/{step}", token=api["window_raw"]
        )
        assert resp.status_code == 200, resp.json()
    assert (
        api["call"]("post", f"/api/v1/windows/{w}/call-next", token=api["window_raw"]).status_code
        == 204
    )


@pytest.mark.parametrize(
    "body,status,code",
    [
        ({"item": "NOPE"}, 404, "item_not_found"),
        ({"item": "x" * 41}, 422, "validation_error"),
        ({}, 422, "validation_error"),
        ({"item": 5}, 422, "validation_error"),
        ({"item": "{item}", "id_number": "110105194912310021"}, 422, "id_number_checksum"),
        ({"item": "{item}", "id_number": "110105199902300011"}, 422, "id_number_checksum"),
        ({"item": "{item}", "phone": "12345"}, 422, "phone_invalid"),
        ({"item": "{item}", "special_group": "vip"}, 422, "validation_error"),
        ({"item": "{other}"}, 422, "item_not_served"),
    ],
)
def test_bad_tickets_change_nothing(api, body, status, code):
    from govhall.catalog.tests.factories import published_item

    other = published_item(api["dept"], name="未进驻本中心的事项")
    body = {
        k: (
            v.replace("{item}", api["licence"].code).replace("{other}", other.code)
            if isinstance(v, str)
            else v
        )
        for k, v in body.items()
    }
    resp = api["call"]("post", f"/api/v1/centers/{api['center'].code}/tickets", body)
    assert resp.status_code == status, resp.json()
    assert resp.json()["error"]["code"] == code
    assert not Ticket.objects.exists()


def test_display_token_cannot_take_or_call(api):
    raw = token_create(kind=TokenKind.DISPLAY, center=api["center"])[1]
    assert (
        api["call"](
            "post",
            f"/api/v1/centers/{api['center'].code}/tickets",
            {"item": api["licence"].code},
            token=raw,
        ).status_code
        == 403
    )
    assert (
        api["call"]("post", f"/api/v1/windows/{api['w1'].code}/call-next", token=raw).status_code
        == 403
    )


def test_window_token_works_only_its_window(api):
    _take(api)
    resp = api["call"](
        "post", f"/api/v1/windows/{api['w2'].code}/call-next", token=api["window_raw"]
    )
    assert resp.status_code == 403 and resp.json()["error"]["code"] == "forbidden_window"


def test_second_call_while_serving_is_409(api):
    _take(api), _take(api)
    url = f"/api/v1/windows/{api['w1'].code}/call-next"
    assert api["call"]("post", url, token=api["window_raw"]).status_code == 200
    resp = api["call"]("post", url, token=api["window_raw"])
    assert resp.status_code == 409 and resp.json()["error"]["code"] == "window_busy"


def test_closed_window_is_409(api):
    _take(api)
    api["call"]("post", f"/api/v1/windows/{api['w1'].code}/close", token=api["window_raw"])
    resp = api["call"](
        "post", f"/api/v1/windows/{api['w1'].code}/call-next", token=api["window_raw"]
    )
    assert resp.status_code == 409 and resp.json()["error"]["code"] == "window_closed"


def test_illegal_step_is_409(api):
    ticket = _take(api).json()
    resp = api["call"]("post", f"/api/v1/tickets/{ticket['id']}/finish", token=api["window_raw"])
    assert resp.status_code == 409 and resp.json()["error"]["code"] == "invalid_transition"
    assert Ticket.objects.get().status == TicketStatus.WAITING


def test_transfer_to_another_centres_queue_or_window(api):
    ticket = _take(api).json()
    other = f.center()
    queue(other, "Z")
    w_other = window(other, 1)
    clerk_raw = token_create(kind="staff", user=f.staff(Role.CLERK, center_=api["center"]))[1]
    url = f"/api/v1/tickets/{ticket['id']}/transfer"
    assert api["call"]("post", url, {"queue": "QZ"}, token=clerk_raw).status_code == 404
    resp = api["call"]("post", url, {"window": w_other.code}, token=clerk_raw)
    assert resp.status_code == 422 and resp.json()["error"]["code"] == "other_center"
    assert api["call"]("post", url, {}, token=clerk_raw).status_code == 422
    ok = api["call"]("post", url, {"queue": "QB"}, token=clerk_raw)
    assert ok.status_code == 200 and ok.json()["queue"] == "QB" and ok.json()["number"] == "A001"


def test_another_centres_ticket_looks_missing(api):
    ticket = _take(api).json()
    other = f.center()
    raw = token_create(kind="staff", user=f.staff(Role.CLERK, center_=other))[1]
    resp = api["call"]("post", f"/api/v1/tickets/{ticket['id']}/cancel", token=raw)
    assert resp.status_code == 404


def test_unknown_track_token(client, hall):
    resp = client.get("/api/v1/tickets/track/nope")
    assert resp.status_code == 404 and resp.json()["error"]["code"] == "ticket_not_found"


def test_public_cannot_take_tickets(client, hall):
    resp = client.post(
        f"/api/v1/centers/{hall['center'].code}/tickets",
        {"item": hall["licence"].code},
        content_type="application/json",
    )
    assert resp.status_code == 401
