"""The notification layer: once per key, sent by the job once, retried on a
gateway failure, and the number never in the log."""

import datetime as dt
import logging
import threading

import pytest
from django.db import connections
from django.utils import timezone

from govhall.core import notify
from govhall.core.models import Notification, NotificationStatus
from govhall.core.tests import factories as f

PHONE = "13912345678"


@pytest.fixture
def center(db):
    return f.center(f.district())


def test_a_key_is_queued_once(center):
    first = notify.notify(center=center, key="k1", channel="sms", recipient=PHONE, body="您好")
    again = notify.notify(center=center, key="k1", channel="sms", recipient=PHONE, body="您好")
    assert first is not None and again is None
    assert Notification.objects.count() == 1
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT recipient FROM core_notification")
        (raw,) = cursor.fetchone()
    assert PHONE not in raw  # encrypted at rest
    assert Notification.objects.get().recipient == PHONE


def test_the_job_sends_due_messages_once(center, settings, tmp_path):
    settings.GOVHALL_SMS_BACKEND = "govhall.core.notify.FileSms"
    settings.GOVHALL_OUTBOX_FILE = tmp_path / "outbox.jsonl"
    notify.notify(center=center, key="due", channel="sms", recipient=PHONE, body="明天请来办理")
    now = timezone.now()
    notify.notify(
        center=center,
        key="later",
        channel="sms",
        recipient=PHONE,
        body="一小时后",
        not_before=now + dt.timedelta(hours=2),
    )
    assert notify.notifications_send(now=now) == 1
    assert notify.notifications_send(now=now) == 0
    lines = (tmp_path / "outbox.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and "明天请来办理" in lines[0]
    assert PHONE not in lines[0] and "139****5678" in lines[0]
    assert Notification.objects.get(key="due").status == NotificationStatus.SENT
    assert Notification.objects.get(key="later").status == NotificationStatus.PENDING


class Flaky:
    calls = 0

    def send(self, recipient, subject, body):
        Flaky.calls += 1
        raise ConnectionError("gateway down")


def test_a_failing_gateway_is_retried_then_given_up(center, settings, caplog):
    settings.GOVHALL_SMS_BACKEND = f"{__name__}.Flaky"
    notify.notify(center=center, key="x", channel="sms", recipient=PHONE, body="b")
    now = timezone.now()
    with caplog.at_level(logging.INFO):
        for i in range(notify.MAX_ATTEMPTS):
            notify.notifications_send(now=now + dt.timedelta(hours=i * 2))
    row = Notification.objects.get()
    assert row.status == NotificationStatus.FAILED and row.attempts == notify.MAX_ATTEMPTS
    assert "gateway down" in row.last_error
    assert PHONE not in caplog.text


def test_console_gateway_masks_the_number(center, caplog):
    notify.notify(center=center, key="c", channel="sms", recipient=PHONE, body="您的预约")
    with caplog.at_level(logging.INFO, logger="govhall.core.notify"):
        notify.notifications_send()
    assert "139****5678" in caplog.text and PHONE not in caplog.text


def test_a_blank_recipient_queues_nothing(center):
    assert notify.notify(center=center, key="n", channel="sms", recipient="", body="b") is None


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_one_message_twice(settings):
    """Row locks with SKIP LOCKED on PostgreSQL; on SQLite the writer lock taken
    at BEGIN IMMEDIATE serialises the workers."""
    workers = 6 if connections["default"].vendor == "postgresql" else 3
    center = f.center(f.district())
    settings.GOVHALL_SMS_BACKEND = f"{__name__}.Counting"
    for i in range(60):
        notify.notify(center=center, key=f"m{i}", channel="sms", recipient=PHONE, body=str(i))
    Counting.seen = []
    totals = []

    def worker():
        try:
            totals.append(notify.notifications_send())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(totals) == 60
    assert sorted(Counting.seen) == sorted(str(i) for i in range(60))


class Counting:
    seen: list[str] = []
    lock = threading.Lock()

    def send(self, recipient, subject, body):
        with self.lock:
            Counting.seen.append(body)
