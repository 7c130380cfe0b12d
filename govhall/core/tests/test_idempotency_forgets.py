"""Finding 5 of issue 10: a 429 was stored under its Idempotency-Key and replayed
for 24 hours; keys of requests killed mid-way answered 409 for 24 hours; the
same JSON with other whitespace was another body. Only completed answers are
kept now, a dead claim is free after GOVHALL_IDEMPOTENCY_STALE_SECONDS, and
bodies compare as parsed JSON."""

import datetime as dt
import hashlib
import json

import pytest
from django.test import override_settings
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from govhall.core import services
from govhall.core.idempotency import canonical_body, purge_expired
from govhall.core.models import ApiToken, IdempotencyRecord
from govhall.core.tests import factories as f

pytestmark = pytest.mark.django_db
LOGIN = {"username": "clerk", "password": "pw-123456-x"}


def _post(client, data, key, **extra):
    raw = data if isinstance(data, str) else json.dumps(data)
    return client.post(
        "/api/v1/auth/token",
        raw,
        content_type="application/json",
        headers={"Idempotency-Key": key},
        **extra,
    )


@override_settings(AXES_FAILURE_LIMIT=2)
def test_a_429_is_not_kept(client):
    f.user("clerk")
    _post(client, {**LOGIN, "password": "wrong"}, "w-1")
    _post(client, {**LOGIN, "password": "wrong"}, "w-2")
    locked = _post(client, LOGIN, "k-429")
    assert locked.status_code == 429
    assert not IdempotencyRecord.objects.filter(key="k-429").exists()
    services.login_unlock(username="clerk")
    retry = _post(client, LOGIN, "k-429")
    assert retry.status_code == 201 and not retry.has_header("Idempotent-Replayed")


def test_a_5xx_is_not_kept_and_leaves_nothing_half_written(client, monkeypatch):
    f.user("clerk")
    real = services.auth_token_issue

    def boom(**kwargs):
        real(**kwargs)  # writes the token, then fails
        raise RuntimeError("a bug")

    monkeypatch.setattr(services, "auth_token_issue", boom)
    failed = _post(client, LOGIN, "k-500")
    assert failed.status_code == 500 and failed.json()["error"]["code"] == "server_error"
    assert not ApiToken.objects.exists()
    assert not IdempotencyRecord.objects.filter(key="k-500").exists()
    monkeypatch.undo()
    assert _post(client, LOGIN, "k-500").status_code == 201
    assert ApiToken.objects.count() == 1


def _dead_claim(key, seconds_ago):
    scope = hashlib.sha256(b"anonymous").hexdigest()
    record = IdempotencyRecord.objects.create(scope=scope, key=key, request_hash="x" * 64)
    at = timezone.now() - dt.timedelta(seconds=seconds_ago)
    IdempotencyRecord.objects.filter(pk=record.pk).update(created_at=at)


@override_settings(GOVHALL_IDEMPOTENCY_STALE_SECONDS=30)
def test_a_claim_whose_request_died_is_free_after_the_stale_time(client):
    f.user("clerk")
    _dead_claim("k-running", seconds_ago=5)
    busy = _post(client, LOGIN, "k-running")
    assert busy.status_code == 409 and busy.json()["error"]["code"] == "idempotency_in_progress"
    _dead_claim("k-dead", seconds_ago=31)
    retry = _post(client, LOGIN, "k-dead")
    assert retry.status_code == 201
    assert ApiToken.objects.count() == 1
    again = _post(client, LOGIN, "k-dead")
    assert again["Idempotent-Replayed"] == "true" and again.json() == retry.json()


def test_the_purge_frees_dead_claims_and_keeps_fresh_answers(client):
    f.user("clerk")
    _post(client, LOGIN, "k-done")
    _dead_claim("k-dead", seconds_ago=3600)
    assert purge_expired() == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["k-done"]


def test_the_same_json_spelt_otherwise_is_the_same_request(client):
    f.user("clerk")
    first = _post(client, '{"username":"clerk","password":"pw-123456-x"}', "k-json")
    spaced = '{\n  "password" : "pw-123456-x",\n  "username": "clerk"\n}'
    again = _post(client, spaced, "k-json")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json() and ApiToken.objects.count() == 1
    other = _post(client, {**LOGIN, "password": "pw-123456-y"}, "k-json")
    assert other.status_code == 422


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(json_values, st.integers(0, 4), st.booleans())
def test_canonical_body_ignores_spelling_and_keeps_meaning(value, indent, ascii_only):
    spelt = json.dumps(value, indent=indent or None, ensure_ascii=ascii_only).encode()
    plain = json.dumps(value).encode()
    canonical = canonical_body(spelt, "application/json")
    assert canonical == canonical_body(plain, "application/json")
    assert json.loads(canonical) == value
    assert canonical_body(spelt, "text/plain") == spelt
