"""Reminders go out through the notification job, each exactly once."""

import datetime as dt

import pytest

from govhall.booking import services
from govhall.booking.tests.conftest import EVE
from govhall.booking.tests.factories import at, book, generate
from govhall.core import notify
from govhall.core.models import Notification

OCT8 = dt.date(2026, 10, 8)


@pytest.fixture
def outbox(settings, tmp_path):
    settings.GOVHALL_SMS_BACKEND = "govhall.core.notify.FileSms"
    settings.GOVHALL_OUTBOX_FILE = tmp_path / "outbox.jsonl"
    return tmp_path / "outbox.jsonl"


def sent(outbox) -> list[str]:
    return outbox.read_text(encoding="utf-8").splitlines() if outbox.exists() else []


def test_each_reminder_is_sent_once_even_when_the_job_runs_twice(bh, outbox):
    slot = next(s for s in generate(bh, EVE) if s.date == OCT8)
    booking = book(bh, slot, now=at(EVE, 10))
    for now in [at(EVE, 10, 1), at(EVE, 10, 1)]:
        notify.notifications_send(now=now)
    # The outbox shows what went out, masked like the log (issue 10 finding 8).
    assert len(sent(outbox)) == 1 and booking.code not in sent(outbox)[0]
    assert f"{booking.code[0]}***" in sent(outbox)[0]
    for now in [at(dt.date(2026, 10, 7), 9), at(dt.date(2026, 10, 7), 9, 1)]:
        notify.notifications_send(now=now)
    assert len(sent(outbox)) == 2 and "明天" in sent(outbox)[1]
    for now in [at(OCT8, 8), at(OCT8, 8, 1), at(OCT8, 8, 2)]:
        notify.notifications_send(now=now)
    assert len(sent(outbox)) == 3
    assert "13912345678" not in "".join(sent(outbox))
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_a_cancelled_booking_gets_no_reminder(bh, outbox):
    slot = next(s for s in generate(bh, EVE) if s.date == OCT8)
    booking = book(bh, slot, now=at(EVE, 10))
    notify.notifications_send(now=at(EVE, 10, 1))  # the confirmation
    services.booking_cancel(code=booking.code, phone="13912345678", now=at(EVE, 11))
    notify.notifications_send(now=at(OCT8, 9))
    assert len(sent(outbox)) == 1 and "预约码" in sent(outbox)[0]
    assert Notification.objects.filter(status="cancelled").count() == 2
