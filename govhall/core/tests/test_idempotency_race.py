"""Retries racing for a key whose first request died: exactly one takes the
dead claim over and runs; the others answer 409 in progress or replay it."""

import datetime as dt
import hashlib
import threading

import pytest
from django.db import connections
from django.test import Client
from django.utils import timezone

from govhall.core.models import ApiToken, IdempotencyRecord
from govhall.core.tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)
BODY = {"username": "clerk", "password": "pw-123456-x"}


def test_one_retry_takes_over_a_dead_claim():
    f.user("clerk")
    scope = hashlib.sha256(b"anonymous").hexdigest()
    dead = IdempotencyRecord.objects.create(scope=scope, key="k-race", request_hash="x" * 64)
    IdempotencyRecord.objects.filter(pk=dead.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=5)
    )
    threads, statuses, errors = 6, [], []
    barrier = threading.Barrier(threads)

    def retry():
        try:
            barrier.wait()
            resp = Client().post(
                "/api/v1/auth/token",
                BODY,
                content_type="application/json",
                headers={"Idempotency-Key": "k-race"},
            )
            statuses.append(resp.status_code)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=retry) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert not errors, errors[:3]
    assert ApiToken.objects.count() == 1
    assert statuses.count(201) >= 1 and set(statuses) <= {201, 409}


@pytest.mark.postgres_only
def test_a_slow_live_request_is_not_run_twice_by_a_retry():
    """A request still running past the stale time holds its claim: the retry
    waits for it and replays its answer instead of running it again."""
    import time

    from django.db import transaction

    f.user("clerk")
    scope = hashlib.sha256(b"anonymous").hexdigest()
    import json

    from govhall.core.idempotency import canonical_body

    body = canonical_body(json.dumps(BODY).encode(), "application/json")
    digest = hashlib.sha256(b"/api/v1/auth/token\0" + body).hexdigest()
    claim = IdempotencyRecord.objects.create(scope=scope, key="k-slow", request_hash=digest)
    IdempotencyRecord.objects.filter(pk=claim.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=5)
    )
    holding, answers = threading.Event(), []

    def slow_first_request():
        try:
            with transaction.atomic():
                IdempotencyRecord.objects.select_for_update().get(pk=claim.pk)
                holding.set()
                time.sleep(1.5)  # the live request still working
                IdempotencyRecord.objects.filter(pk=claim.pk).update(
                    status=201, content_type="application/json", body=b'{"first": true}'
                )
        finally:
            connections.close_all()

    def retry():
        try:
            holding.wait(10)
            answers.append(
                Client().post(
                    "/api/v1/auth/token",
                    BODY,
                    content_type="application/json",
                    headers={"Idempotency-Key": "k-slow"},
                )
            )
        finally:
            connections.close_all()

    pool = [threading.Thread(target=slow_first_request), threading.Thread(target=retry)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert ApiToken.objects.count() == 0  # the retry ran nothing
    (answer,) = answers
    assert answer.status_code == 201 and answer["Idempotent-Replayed"] == "true"
    assert answer.json() == {"first": True}
