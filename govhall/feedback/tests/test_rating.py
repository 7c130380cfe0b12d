"""A rating through the public endpoint: once per token, only by the citizen,
within its validity, and bad input is a clear 4xx that changes nothing."""

import datetime as dt

import pytest
import time_machine

from govhall.core.models import Event, Role, TokenKind
from govhall.core.services import token_create
from govhall.core.tests import factories as f

from ..models import Evaluation, Rectification
from .factories import PHONE, serve


def _rate(client, token, body, bearer=None, **extra):
    headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
    return client.post(
        f"/api/v1/evaluations/{token}",
        body,
        content_type="application/json",
        headers=headers,
        **extra,
    )


def _unchanged(evaluation):
    evaluation.refresh_from_db()
    assert evaluation.rated_at is None and evaluation.level is None
    assert not Rectification.objects.filter(evaluation=evaluation).exists()


def test_a_token_rates_once(client, h):
    evaluation = serve(h)
    body = {"level": 5, "indicators": {"efficiency": 5, "skill": 4, "attitude": 5}}
    first = _rate(client, evaluation.token, {**body, "comment": "办事很快"})
    assert first.status_code == 201
    assert first.json()["level"] == 5 and first.json()["bad"] is False
    second = _rate(client, evaluation.token, {"level": 1, "reasons": ["attitude"]})
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "already_rated"
    evaluation.refresh_from_db()
    assert (evaluation.level, evaluation.skill, evaluation.comment) == (5, 4, "办事很快")
    assert evaluation.channel == "web"
    assert Event.objects.filter(kind="evaluation.rated").count() == 1


def test_the_rating_pad_rates_its_own_window(client, h):
    evaluation = serve(h)
    resp = _rate(client, evaluation.token, {"level": 4}, bearer=h["pad_raw"])
    assert resp.status_code == 201
    evaluation.refresh_from_db()
    assert evaluation.channel == "pad"


def test_another_windows_pad_cannot_rate(client, h):
    evaluation = serve(h)
    other = token_create(kind=TokenKind.EVALUATOR, center=h["center"], window=h["w2"])[1]
    resp = _rate(client, evaluation.token, {"level": 5}, bearer=other)
    assert resp.status_code == 403
    _unchanged(evaluation)


@pytest.mark.parametrize("who", ["clerk_token", "admin_token", "window", "kiosk", "integration"])
def test_staff_and_window_tokens_cannot_rate(client, h, who):
    evaluation = serve(h)
    bearer = {
        "clerk_token": lambda: token_create(kind=TokenKind.STAFF, user=h["clerk"].user)[1],
        "admin_token": lambda: token_create(kind=TokenKind.STAFF, user=h["admin"].user)[1],
        "window": lambda: h["window_raw"],
        "kiosk": lambda: h["kiosk_raw"],
        "integration": lambda: token_create(kind=TokenKind.INTEGRATION, center=h["center"])[1],
    }[who]()
    resp = _rate(client, evaluation.token, {"level": 5}, bearer=bearer)
    assert resp.status_code == 403
    assert resp.json()["error"]["code"] in ("staff_cannot_rate", "device_cannot_rate")
    _unchanged(evaluation)


def test_a_staff_session_cannot_rate(client, h):
    evaluation = serve(h)
    client.force_login(h["clerk"].user)
    resp = _rate(client, evaluation.token, {"level": 5})
    assert resp.status_code == 403
    assert resp.json()["error"]["code"] == "staff_cannot_rate"
    # Nor through the citizen's page.
    page = client.post(f"/e/{evaluation.token}/", {"level": "5"})
    assert page.status_code == 403
    _unchanged(evaluation)


def test_an_expired_token_gets_a_clear_error(client, h):
    evaluation = serve(h)
    with time_machine.travel(evaluation.expires_at + dt.timedelta(seconds=1), tick=False):
        resp = _rate(client, evaluation.token, {"level": 5})
    assert resp.status_code == 409
    error = resp.json()["error"]
    assert error["code"] == "evaluation_expired"
    assert error["message"] == "评价已过有效期"
    _unchanged(evaluation)
    with time_machine.travel(evaluation.expires_at + dt.timedelta(seconds=1), tick=False):
        page = client.get(f"/e/{evaluation.token}/")
    assert "评价已过有效期" in page.content.decode()


def test_an_expired_token_in_english(client, h):
    evaluation = serve(h)
    with time_machine.travel(evaluation.expires_at, tick=False):
        resp = _rate(client, evaluation.token, {"level": 5}, HTTP_ACCEPT_LANGUAGE="en")
    assert resp.status_code == 409
    assert resp.json()["error"]["message"] == "The rating period has expired"
    _unchanged(evaluation)


BAD_BODIES = {
    "level 0": ({"level": 0}, 422, "level"),
    "level 6": ({"level": 6}, 422, "level"),
    "level -1": ({"level": -1}, 422, "level"),
    "level text": ({"level": "good"}, 422, "level"),
    "level bool": ({"level": True}, 422, "level"),
    "level fraction": ({"level": 2.5}, 422, "level"),
    "level list": ({"level": [5]}, 422, "level"),
    "level missing": ({}, 422, "level"),
    "level null": ({"level": None}, 422, "level"),
    "comment 100000": ({"level": 4, "comment": "好" * 100_000}, 422, "comment"),
    "comment number": ({"level": 4, "comment": 12}, 422, "comment"),
    "unknown reason": ({"level": 2, "reasons": ["no_such_reason"]}, 422, "reasons"),
    "reason not text": ({"level": 2, "reasons": [7]}, 422, "reasons"),
    "reasons not list": ({"level": 2, "reasons": "attitude"}, 422, "reasons"),
    "too many reasons": ({"level": 2, "reasons": ["attitude"] * 50}, 422, "reasons"),
    "bad without reason": ({"level": 1}, 422, "reasons"),
    "reason on good": ({"level": 5, "reasons": ["attitude"]}, 422, "reasons"),
    "unknown indicator": ({"level": 4, "indicators": {"speed": 5}}, 422, "indicators.speed"),
    "indicator 9": ({"level": 4, "indicators": {"attitude": 9}}, 422, "indicators.attitude"),
    "indicators list": ({"level": 4, "indicators": [5]}, 422, "indicators"),
    "phone wrong": (
        {"level": 2, "reasons": ["slow"], "contact_phone": "12345"},
        422,
        "contact_phone",
    ),
    "phone too long": (
        {"level": 2, "reasons": ["slow"], "contact_phone": "1" * 50},
        422,
        "contact_phone",
    ),
}


@pytest.mark.parametrize("name", BAD_BODIES)
def test_bad_input_is_a_clear_4xx_and_changes_nothing(client, h, name):
    evaluation = serve(h)
    body, status, field = BAD_BODIES[name]
    resp = _rate(client, evaluation.token, body)
    assert resp.status_code == status, resp.content
    error = resp.json()["error"]
    assert error["code"] and error["message"]
    assert field in error["fields"], error
    _unchanged(evaluation)


def test_malformed_json_and_unknown_tokens(client, h):
    evaluation = serve(h)
    resp = client.post(
        f"/api/v1/evaluations/{evaluation.token}", "{level: 5", content_type="application/json"
    )
    assert resp.status_code in (400, 422)
    assert "error" in resp.json()
    assert client.post(
        f"/api/v1/evaluations/{evaluation.token}", "[1, 2]", content_type="application/json"
    ).status_code in (400, 422)
    _unchanged(evaluation)
    for token in ("nope", "x" * 5000, "%E4%BD%A0%E5%A5%BD", "1' OR '1'='1"):
        resp = _rate(client, token, {"level": 5})
        assert resp.status_code == 404, token
        assert resp.json()["error"]["code"] == "evaluation_not_found"
        assert client.get(f"/api/v1/evaluations/{token}").status_code == 404
    assert client.get(f"/e/{'x' * 40}/").status_code == 404


def test_a_bad_rating_with_a_phone_is_real_name(client, h):
    evaluation = serve(h)  # nobody known: no ID number, no phone on the ticket
    resp = _rate(
        client,
        evaluation.token,
        {"level": 2, "reasons": ["slow", "attitude"], "contact_phone": PHONE},
    )
    assert resp.status_code == 201
    evaluation.refresh_from_db()
    assert evaluation.real_name is True
    assert evaluation.reasons == ["attitude", "slow"]  # in the list's order
    assert evaluation.rectification.real_name is True
    assert PHONE not in str(list(Event.objects.values_list("payload", flat=True)))


def test_an_anonymous_bad_rating_opens_an_anonymous_rectification(client, h):
    evaluation = serve(h)
    assert _rate(client, evaluation.token, {"level": 1, "reasons": ["other"]}).status_code == 201
    record = Rectification.objects.get(evaluation=evaluation)
    assert record.real_name is False and record.contact_due is None


def test_staff_of_another_centre_get_403_too(client, h):
    other = f.staff(Role.CLERK, center_=f.center(f.district()))
    evaluation = serve(h)
    client.force_login(other)
    assert _rate(client, evaluation.token, {"level": 5}).status_code == 403
    assert Evaluation.objects.filter(rated_at__isnull=False).count() == 0
