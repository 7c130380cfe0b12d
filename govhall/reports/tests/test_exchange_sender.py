"""The outbox sender against a real HTTP receiver on 127.0.0.1: delivered and
signed; the receiver down (port closed, then 503) is retried with backoff and
delivered exactly once when it is up; a 400 fails for good and the resend
service brings it back; a centre without a receiver waits; two senders at once
on PostgreSQL never send one message twice."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connections, transaction
from django.utils import timezone

from govhall.core import outbox
from govhall.core.errors import InvalidTransition, PermissionDenied
from govhall.core.models import OutboxMessage, OutboxReceiver, OutboxState, Role
from govhall.core.outbox_send import backoff, outbox_send_due
from govhall.core.tests import factories as f

from .exchange_receiver import SECRET, Receiver, closed_port

pytestmark = pytest.mark.django_db


def queue(center, n: int = 1, destination: str = "booking_platform") -> list[OutboxMessage]:
    with transaction.atomic():
        return [
            outbox.enqueue(
                center=center,
                destination=destination,
                kind="ticket.issued",
                key=f"{destination}:{center.code}:{i}",
                payload={"number": f"A{i:03d}", "center": center.code},
            )
            for i in range(n)
        ]


def receiver_at(center, url: str, **kw) -> OutboxReceiver:
    return OutboxReceiver.objects.create(
        center=center, destination="booking_platform", url=url, secret=SECRET, **kw
    )


@pytest.fixture
def live():
    r = Receiver().start()
    yield r
    r.stop()


def test_delivered_signed_with_its_key_and_recorded(live):
    center = f.center()
    receiver_at(center, live.url)
    [message] = queue(center)
    assert outbox_send_due() == {"sent": 1}
    [got] = live.requests
    assert got["signed"] and got["key"] == message.key
    assert got["body"]["payload"] == {"number": "A000", "center": center.code}
    assert got["body"]["center"] == center.code and got["body"]["kind"] == "ticket.issued"
    message.refresh_from_db()
    assert message.state == OutboxState.SENT and message.attempts == 1 and message.sent_at
    assert message.attempt_log.get().http_status == 200
    assert outbox_send_due() == {}  # nothing due: sent once


def test_receiver_down_then_up_is_delivered_exactly_once():
    center = f.center()
    port = closed_port()
    receiver_at(center, f"http://127.0.0.1:{port}/inbox")
    [message] = queue(center)
    t0 = timezone.now()
    assert outbox_send_due(now=t0) == {"pending": 1}  # connection refused
    message.refresh_from_db()
    assert message.state == OutboxState.PENDING and message.attempts == 1
    assert "Connection" in message.last_error or "Errno" in message.last_error
    first_wait = message.next_attempt_at - t0
    assert dt.timedelta(seconds=47) <= first_wait <= dt.timedelta(seconds=60)
    assert outbox_send_due(now=t0 + dt.timedelta(seconds=30)) == {}  # not due yet

    live = Receiver(port).start()  # up, but overloaded
    try:
        live.status = 503
        t1 = message.next_attempt_at
        assert outbox_send_due(now=t1) == {"pending": 1}
        message.refresh_from_db()
        second_wait = message.next_attempt_at - t1
        assert dt.timedelta(seconds=95) <= second_wait <= dt.timedelta(seconds=120)
        assert message.last_error.startswith("HTTP 503")

        live.status = 200
        assert outbox_send_due(now=message.next_attempt_at) == {"sent": 1}
        assert outbox_send_due(now=message.next_attempt_at + dt.timedelta(hours=2)) == {}
    finally:
        live.stop()
    assert live.keys() == [message.key]  # received once
    message.refresh_from_db()
    log = list(message.attempt_log.values_list("http_status", "outcome"))
    assert log == [(None, "pending"), (503, "pending"), (200, "sent")]
    assert message.state == OutboxState.SENT and message.last_error == ""


def test_a_permanent_refusal_fails_and_resend_brings_it_back(live):
    center = f.center()
    receiver_at(center, live.url)
    [message] = queue(center)
    live.status = 400
    assert outbox_send_due() == {"failed": 1}
    message.refresh_from_db()
    assert message.state == OutboxState.FAILED and message.last_error.startswith("HTTP 400")

    admin = f.actor(f.staff(Role.CENTER_ADMIN, center_=center))
    other = f.actor(f.staff(Role.CENTER_ADMIN, center_=f.center()))
    with pytest.raises(PermissionDenied):
        outbox.outbox_resend(actor=other, center=center, message_id=message.pk)
    live.status = 200
    outbox.outbox_resend(actor=admin, center=center, message_id=message.pk)
    message.refresh_from_db()
    assert message.state == OutboxState.PENDING and message.attempts == 0
    assert outbox_send_due() == {"sent": 1}
    with pytest.raises(InvalidTransition):  # a sent one is not resent
        outbox.outbox_resend(actor=admin, center=center, message_id=message.pk)
    assert [r["status"] for r in live.requests] == [400, 200]
    assert message.attempt_log.count() == 2


def test_timeouts_and_429_retry_until_the_last_attempt_fails(live, settings):
    settings.GOVHALL_OUTBOX_TIMEOUT_SECONDS = 0.2
    settings.GOVHALL_OUTBOX_MAX_ATTEMPTS = 3
    center = f.center()
    receiver_at(center, live.url)
    [message] = queue(center)
    live.delay = 0.5  # longer than the timeout
    now = timezone.now()
    assert outbox_send_due(now=now) == {"pending": 1}
    message.refresh_from_db()
    assert "timed out" in message.last_error.lower() or "Timeout" in message.last_error
    live.delay, live.status = 0, 429
    now = message.next_attempt_at
    assert outbox_send_due(now=now) == {"pending": 1}
    message.refresh_from_db()
    assert outbox_send_due(now=message.next_attempt_at) == {"failed": 1}
    message.refresh_from_db()
    assert message.state == OutboxState.FAILED and message.attempts == 3


def test_backoff_doubles_to_an_hour_with_jitter():
    import random

    rng = random.Random(7)
    waits = [backoff(n, rng=rng).total_seconds() for n in range(1, 10)]
    for n, wait in enumerate(waits, start=1):
        full = min(3600, 60 * 2 ** (n - 1))
        assert 0.8 * full <= wait <= full
    assert waits[-1] <= 3600


def test_without_a_receiver_the_message_waits_with_a_note_then_goes(live):
    center = f.center()
    [message] = queue(center)
    assert outbox_send_due() == {"pending": 1}
    message.refresh_from_db()
    assert message.state == OutboxState.PENDING and message.note and message.attempts == 0
    assert not live.requests
    # A disabled receiver: still waiting, saying so.
    admin = f.actor(f.staff(Role.CENTER_ADMIN, center_=center))
    outbox.receiver_save(
        actor=admin,
        center=center,
        destination="booking_platform",
        url=live.url,
        secret=SECRET,
        enabled=False,
    )
    assert outbox_send_due() == {"pending": 1}
    message.refresh_from_db()
    assert message.note == "接收端已停用"
    # Enabled: the save makes the waiting message due at once.
    outbox.receiver_save(
        actor=admin, center=center, destination="booking_platform", url=live.url, enabled=True
    )
    assert outbox_send_due() == {"sent": 1}
    assert live.keys() == [message.key] and live.requests[0]["signed"]


def test_a_district_receiver_serves_its_centres_and_a_centres_own_wins(live):
    d = f.district()
    a, b = f.center(d), f.center(d)
    OutboxReceiver.objects.create(
        district=d, destination="booking_platform", url=live.url, secret=SECRET
    )
    elsewhere = Receiver().start()
    try:
        receiver_at(b, elsewhere.url)
        [ma] = queue(a)
        [mb] = queue(b)
        assert outbox_send_due() == {"sent": 2}
        assert live.keys() == [ma.key] and elsewhere.keys() == [mb.key]
    finally:
        elsewhere.stop()


def test_receiver_save_refuses_bad_input():
    center = f.center()
    admin = f.actor(f.staff(Role.CENTER_ADMIN, center_=center))
    clerk = f.actor(f.staff(Role.CLERK, center_=center))
    from govhall.core.errors import ValidationFailed

    ok = {"destination": "booking_platform", "url": "https://p.example/in", "enabled": True}
    with pytest.raises(PermissionDenied):
        outbox.receiver_save(actor=clerk, center=center, secret=SECRET, **ok)
    for bad in (
        {"url": "ftp://x/"},
        {"url": "not a url"},
        {"url": "https://" + "a" * 300},
        {"destination": "nowhere"},
        {"secret": "short"},
        {"secret": ""},  # a new receiver needs one
    ):
        with pytest.raises(ValidationFailed):
            outbox.receiver_save(actor=admin, center=center, **({"secret": SECRET} | ok | bad))
    assert not OutboxReceiver.objects.exists()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_never_send_a_message_twice(live):
    center = f.center()
    receiver_at(center, live.url)
    messages = queue(center, 30)
    live.delay = 0.01  # the posts overlap
    barrier, errors, results = threading.Barrier(3), [], []

    def run():
        try:
            barrier.wait()
            results.append(outbox_send_due())
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    keys = live.keys()
    assert sorted(keys) == sorted(m.key for m in messages)  # each once
    assert sum(r.get("sent", 0) for r in results) == 30
    assert OutboxMessage.objects.filter(state=OutboxState.SENT).count() == 30
