"""More than one process, as production runs (docs/deploy.md): two gunicorn web
processes (WSGI), the event stream on gunicorn's uvicorn worker (ASGI) and the
huey worker, on one PostgreSQL database with Redis as the shared cache.

What one process counts or writes, the others see: a rate limit is hit at the
combined count, a ticket issued through one reaches a display board served by
the stream process, an idempotent retry sent to the other process replays the
first answer, a login lockout counts failures made on both, and a job queued by
a web process's code runs in the worker."""

from __future__ import annotations

import os
import re
import threading
import time
from collections import Counter

import pytest

from govhall.queueing.tests import processes as p

pytestmark = pytest.mark.postgres_only

# A Redis db this test may empty (it does, before and after): set
# GOVHALL_TEST_REDIS_URL where db 5 of the local Redis holds something else.
REDIS_URL = os.environ.get("GOVHALL_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
PUBLIC_RATE = 8  # anonymous requests per minute and address, across every process
FORM_RATE = 3  # public web form posts per hour and address (django-ratelimit)
STREAM_SECONDS = 30

SEED = """
from govhall.core.models import Role, TokenKind
from govhall.core.services import token_create
from govhall.core.tests import factories as f
from govhall.queueing.tests.factories import hall
h = hall("MP")
clerk = f.staff(Role.CLERK, center_=h["center"])
clerk.set_password("right-password-1")
clerk.save()
print(json.dumps({
    "center": h["center"].code, "item": h["licence"].code, "kiosk": h["kiosk_raw"],
    "display": token_create(kind=TokenKind.DISPLAY, center=h["center"])[1],
    "username": clerk.username,
}))
"""

JOB = """
import datetime as dt, time
from django.utils import timezone
from govhall.core.models import IdempotencyRecord
from govhall.core.tasks import purge_idempotency_records
old = IdempotencyRecord.objects.create(scope="job-test", key="old", request_hash="-", status=201)
IdempotencyRecord.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
purge_idempotency_records()  # queued: a periodic task keeps no result, so watch its effect
deadline = time.monotonic() + 60
while IdempotencyRecord.objects.filter(pk=old.pk).exists() and time.monotonic() < deadline:
    time.sleep(0.2)
print(json.dumps({"purged": not IdempotencyRecord.objects.filter(pk=old.pk).exists()}))
"""


def _redis():
    """The test's Redis db, emptied; a clean skip when no Redis answers."""
    redis = pytest.importorskip("redis", reason="the redis client is not installed")
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=5)
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        pytest.skip(f"no Redis at {REDIS_URL} ({exc}): nothing shared to show")
    client.flushdb()
    return client


@pytest.fixture(scope="module")
def deploy(tmp_path_factory):
    p.require_postgres()
    cache = _redis()
    logs = tmp_path_factory.mktemp("deploy")
    with p.scratch_database("multi") as url:
        seed = p.migrate_and_seed(url, SEED)
        env = p.server_env(
            url,
            CACHE_URL=REDIS_URL,
            HUEY_URL=url,
            HUEY_IMMEDIATE="false",
            GOVHALL_PUBLIC_RATE=f"{PUBLIC_RATE}/m",
            GOVHALL_WEB_FORM_RATE=f"{FORM_RATE}/h",
            GOVHALL_AUTH_RATE="100000/m",
            # testenv.py lifts the lockout for the suite; these servers keep the real one.
            GOVHALL_LOGIN_FAILURE_LIMIT="5",
        )
        a = p.gunicorn("web-a", env, logs, workers=1, threads=2)
        b = p.gunicorn("web-b", env, logs, workers=1, threads=2)
        sse = p.sse_server("sse", env, logs)
        huey = p.Server("huey", [p.PY, "-m", "govhall.cli", "run_huey", "-w", "1"], env, logs)
        huey.http = False
        try:
            with p.running(a, b, sse, huey):
                yield {"a": a, "b": b, "sse": sse, "seed": seed, "cache": cache, "env": env}
        finally:
            cache.flushdb()


def test_rate_limit_counts_requests_to_both_processes(deploy):
    deploy["cache"].flushdb()
    statuses = []
    for i in range(PUBLIC_RATE + 2):
        server = deploy["a"] if i % 2 == 0 else deploy["b"]
        statuses.append(p.request("GET", f"{server.url}/api/v1/centers")[0])
    # Four answers each would pass two per-process limits of 8: the ninth is refused.
    assert statuses == [200] * PUBLIC_RATE + [429, 429]
    # And a client cannot start a fresh count by naming another address.
    spoofed = p.request(
        "GET", f"{deploy['a'].url}/api/v1/centers", headers={"X-Forwarded-For": "203.0.113.9"}
    )
    assert spoofed[0] == 429
    print(f"\nrate: {statuses} over web-a/web-b alternately; X-Forwarded-For spoof: {spoofed[0]}")


def test_web_form_limit_counts_posts_to_both_processes(deploy):
    """django-ratelimit on the public complaint form, also on the shared cache."""
    deploy["cache"].flushdb()
    path = f"/feedback/center/{deploy['seed']['center']}/complain/"
    status, headers, page = p.request("GET", deploy["a"].url + path)
    assert status == 200
    cookie = headers["set-cookie"].split(";")[0]  # csrftoken=…, valid on every process
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    statuses = []
    for i in range(FORM_RATE + 2):
        server = deploy["a"] if i % 2 == 0 else deploy["b"]
        form = {"csrfmiddlewaretoken": token, "content": f"取号机屏幕反光，老人看不清（{i}）。"}
        statuses.append(
            p.request("POST", server.url + path, form=form, headers={"Cookie": cookie})[0]
        )
    assert statuses == [302] * FORM_RATE + [429, 429]
    print(f"\nweb form: {statuses} over web-a/web-b alternately")


def test_ticket_issued_through_one_reaches_board_on_the_stream_process(deploy):
    seed = deploy["seed"]
    center = seed["center"]
    stream_url = f"{deploy['sse'].url}/api/v1/centers/{center}/events?max_seconds={STREAM_SECONDS}"
    opened, events = threading.Event(), []

    def both_issues(got: list) -> bool:  # each issue writes ticket.issued and queue.changed
        kinds = Counter(kind for _t, kind, _d in got)
        return kinds["ticket.issued"] >= 2 and kinds["queue.changed"] >= 2

    reader = threading.Thread(
        target=p.read_events,
        args=(stream_url, seed["display"]),
        kwargs={"opened": opened, "into": events, "seconds": STREAM_SECONDS, "until": both_issues},
    )
    reader.start()
    try:
        assert opened.wait(60)

        def issue(server: p.Server, key: str):
            return p.request(
                "POST",
                f"{server.url}/api/v1/centers/{center}/tickets",
                token=seed["kiosk"],
                body={"item": seed["item"]},
                headers={"Idempotency-Key": key},
            )

        issued = {}
        for name in ("a", "b"):
            key, sent = p.new_key(), time.monotonic()
            status, _h, body = issue(deploy[name], key)
            assert status == 201, body
            issued[body["number"]] = (name, key, sent, body["id"])
        # The same key sent to the other process: the first answer, no second ticket.
        name, key, _sent, ticket_id = next(iter(issued.values()))
        status, headers, body = issue(deploy["b" if name == "a" else "a"], key)
        assert (status, body["id"], headers.get("idempotent-replayed")) == (201, ticket_id, "true")

        def seen() -> set:
            return {d.get("number") for _t, kind, d in events if kind == "ticket.issued"}

        reader.join(timeout=STREAM_SECONDS + 15)
        assert set(issued) <= seen(), events
        assert any(kind == "queue.changed" for _t, kind, _d in events)
        assert not [d for _t, _k, d in events if {"id_number", "phone", "applicant"} & set(d)]
    finally:
        reader.join(timeout=STREAM_SECONDS + 15)
    lags = {
        n: round(min(t for t, k, d in events if k == "ticket.issued" and d["number"] == n) - s, 3)
        for n, (_name, _key, s, _id) in issued.items()
    }
    print(f"\nstream: issued through {[v[0] for v in issued.values()]}, seen on sse after {lags} s")


def test_login_lockout_counts_failures_on_both_processes(deploy):
    """Needs django-axes (another helper's branch): until it is merged, the right
    password still works after five wrong ones and this test fails."""
    deploy["cache"].flushdb()
    seed = deploy["seed"]
    wrong = []
    for i in range(5):
        server = deploy["a"] if i % 2 == 0 else deploy["b"]
        wrong.append(
            p.request(
                "POST",
                f"{server.url}/api/v1/auth/token",
                body={"username": seed["username"], "password": f"wrong-{i}"},
            )[0]
        )
    assert all(s in (401, 403, 429) for s in wrong), wrong
    status, _h, body = p.request(
        "POST",
        f"{deploy['b'].url}/api/v1/auth/token",
        body={"username": seed["username"], "password": "right-password-1"},
    )
    code = (body or {}).get("error", {}).get("code", "a token")
    print(f"\nlockout: wrong passwords {wrong} over a/b, then the right one: {status} {code}")
    assert status in (403, 429) and code == "login_locked", (status, code)


def test_job_queued_in_postgres_runs_in_the_worker(deploy):
    """HUEY_URL=postgresql://…: PostgresHuey; the worker, a process of its own,
    picks the job up and its result comes back through the same tables."""
    script = "import django, json\ndjango.setup()\n" + JOB
    got = p.run_python("", "-c", script, env=deploy["env"])
    assert '"purged": true' in got, got
