"""Every failure under /api/v1 has the error shape of API.md, in Chinese by
default and in English when asked; never a 500."""

import pytest

pytestmark = pytest.mark.django_db


def _shape(resp):
    body = resp.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


def test_unknown_center(client):
    resp = client.get("/api/v1/centers/NOPE/items")
    assert resp.status_code == 404
    err = _shape(resp)
    assert err["code"] == "center_not_found" and err["message"] == "中心不存在"


def test_english_when_asked(client):
    resp = client.get("/api/v1/centers/NOPE/items", headers={"Accept-Language": "en"})
    assert _shape(resp)["message"] == "Centre not found"


def test_unknown_api_path(client):
    resp = client.get("/api/v1/no/such/thing")
    assert resp.status_code == 404 and _shape(resp)["code"] == "not_found"


def test_wrong_method(client):
    resp = client.delete("/api/v1/centers")
    assert resp.status_code == 405 and _shape(resp)["code"] == "method_not_allowed"


@pytest.mark.parametrize("body", ["{", "[1,2", "\x00\x01", "null"])
def test_malformed_bodies(client, body):
    resp = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert resp.status_code in (400, 422)
    _shape(resp)


def test_validation_fields_are_named(client):
    resp = client.post("/api/v1/auth/token", {"password": "x"}, content_type="application/json")
    assert resp.status_code == 422
    assert _shape(resp)["fields"] == {"username": "必填"}


def test_rate_limit_has_the_shape(client, settings):
    from govhall.api import api

    throttle = api.throttle[0]
    old = throttle.rate, throttle.num_requests, throttle.duration
    throttle.rate, throttle.num_requests, throttle.duration = "2/m", 2, 60
    try:
        codes = [
            client.get("/api/v1/centers", REMOTE_ADDR="10.9.9.9").status_code for _ in range(3)
        ]
    finally:
        throttle.rate, throttle.num_requests, throttle.duration = old
    assert codes == [200, 200, 429]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/centers/a%00b/queues",
        "/api/v1/items/a%00b",
        "/api/v1/tickets/track/a%00b",
        "/api/v1/centers?q=%00",
        "/guide/a%00b/",
    ],
)
def test_a_nul_character_is_a_400_not_a_database_error(client, path):
    resp = client.get(path)
    assert resp.status_code == 400
    if path.startswith("/api/"):
        assert resp.json()["error"]["code"] == "bad_request"


def test_a_nul_character_in_a_json_body_is_a_400(client):
    resp = client.post(
        "/api/v1/auth/token",
        '{"username": "a\\u0000b", "password": "x"}',
        content_type="application/json",
    )
    assert resp.status_code == 400 and resp.json()["error"]["code"] == "bad_request"


def test_percent_zero_zero_is_plain_text_in_json(client):
    """In JSON "%00" is three characters, not a NUL: the request goes through."""
    resp = client.post(
        "/api/v1/auth/token",
        '{"username": "100%00", "password": "x"}',
        content_type="application/json",
    )
    assert resp.status_code == 401 and resp.json()["error"]["code"] == "invalid_credentials"


def test_a_nul_character_in_a_form_body_is_a_400(client):
    resp = client.post("/guide/", "q=a%00b", content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 400
