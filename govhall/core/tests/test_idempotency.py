"""Idempotency-Key: a retried POST returns the first answer, never a second record."""

import datetime as dt

import pytest
from django.utils import timezone

from govhall.core.idempotency import purge_expired
from govhall.core.models import ApiToken, IdempotencyRecord
from govhall.core.tests import factories as f

pytestmark = pytest.mark.django_db
LOGIN = {"username": "clerk", "password": "pw-123456-x"}


def _post(client, body, key=None):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post("/api/v1/auth/token", body, content_type="application/json", headers=headers)


def test_same_key_same_body_replays_the_first_answer(client):
    f.user("clerk")
    first = _post(client, LOGIN, "k-1")
    again = _post(client, LOGIN, "k-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again["Idempotent-Replayed"] == "true"
    assert ApiToken.objects.count() == 1


def test_without_a_key_each_post_creates(client):
    f.user("clerk")
    _post(client, LOGIN)
    _post(client, LOGIN)
    assert ApiToken.objects.count() == 2


def test_same_key_other_body_is_refused(client):
    f.user("clerk")
    _post(client, LOGIN, "k-2")
    resp = _post(client, {**LOGIN, "password": "other"}, "k-2")
    assert resp.status_code == 422
    assert resp.json()["error"]["code"] == "idempotency_key_reused"
    assert ApiToken.objects.count() == 1


def test_keys_are_per_credential(client):
    f.user("clerk")
    _post(client, LOGIN, "k-3")
    other = client.post(
        "/api/v1/auth/token",
        LOGIN,
        content_type="application/json",
        headers={"Idempotency-Key": "k-3", "Authorization": "Bearer gh_x"},
    )
    # Another caller's key space: run afresh, not a replay of the first answer.
    assert other.status_code == 201 and not other.has_header("Idempotent-Replayed")
    assert ApiToken.objects.count() == 2


@pytest.mark.parametrize("key", ["", " ", "x" * 201])
def test_bad_keys(client, key):
    f.user("clerk")
    resp = _post(client, LOGIN, key)
    assert resp.status_code == 400
    assert resp.json()["error"]["code"] == "invalid_idempotency_key"
    assert not ApiToken.objects.exists()


def test_errors_are_replayed_too_and_records_expire(client):
    resp = _post(client, {"username": "nobody"}, "k-4")  # no password: 422
    assert resp.status_code == 422
    again = _post(client, {"username": "nobody"}, "k-4")
    assert again.json() == resp.json() and again.has_header("Idempotent-Replayed")
    assert purge_expired(timezone.now() + dt.timedelta(hours=25)) == 1
    assert not IdempotencyRecord.objects.exists()


def test_a_refused_authentication_is_not_kept_for_its_key(client):
    # A stale or wrong signature, fixed and sent again under the same key, must
    # be heard (the platforms' deliveries retry with their message's key).
    assert _post(client, {"username": "nobody", "password": "x"}, "k-5").status_code == 401
    assert not IdempotencyRecord.objects.exists()
