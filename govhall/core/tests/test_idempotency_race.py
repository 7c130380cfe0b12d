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
def test_a_slow_live_request_is_not_run_twice_by_a_retry(monkeypatch, settings):
    """A request still running past the stale time holds its claim: the retry
    waits for it and replays its answer instead of running it again."""
    import time

    from govhall.core import services

    settings.GOVHALL_IDEMPOTENCY_STALE_SECONDS = 0  # every claim looks stale at once
    f.user("clerk")
    inside, answers = threading.Event(), []
    real_issue = services.auth_token_issue

    def slow_issue(**kwargs):
        inside.set()
        time.sleep(1.5)  # the live first request, still working
        return real_issue(**kwargs)

    monkeypatch.setattr(services, "auth_token_issue", slow_issue)

    def post(wait=None):
        try:
            if wait is not None:
                wait.wait(10)
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

    pool = [threading.Thread(target=post), threading.Thread(target=post, args=(inside,))]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert ApiToken.objects.count() == 1  # run once
    assert sorted(a.status_code for a in answers) == [201, 201]
    assert sum(a.get("Idempotent-Replayed") == "true" for a in answers) == 1
