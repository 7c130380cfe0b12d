"""The notification layer: services queue messages (`notify`), a job sends
them (`notifications_send`) through a pluggable backend per channel.

Backends are dotted paths in settings (GOVHALL_SMS_BACKEND, GOVHALL_EMAIL_BACKEND).
An SMS gateway is a class with `send(recipient, subject, body)` that raises on
failure; e-mail goes through Django's mail (EMAIL_BACKEND, EMAIL_HOST, …)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from .fields import mask_phone
from .models import Center, Notification, NotificationChannel, NotificationStatus

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def notify(
    *,
    center: Center,
    key: str,
    channel: str,
    recipient: str,
    body: str,
    subject: str = "",
    not_before: dt.datetime | None = None,
) -> Notification | None:
    """Queue a message once per `key`; None when that key was queued before."""
    if not recipient:
        return None
    try:
        with transaction.atomic():
            return Notification.objects.create(
                center=center,
                key=key[:120],
                channel=channel,
                recipient=recipient,
                subject=subject[:120],
                body=body,
                not_before=not_before or timezone.now(),
            )
    except IntegrityError:
        return None


def notifications_cancel(*, prefix: str) -> int:
    """Withdraw what has not gone out yet under keys starting with `prefix` (the
    reminders of a booking that was cancelled)."""
    return Notification.objects.filter(
        key__startswith=prefix, status=NotificationStatus.PENDING
    ).update(status=NotificationStatus.CANCELLED)


def _mask(recipient: str) -> str:
    if "@" in recipient:
        name, _at, domain = recipient.partition("@")
        return f"{name[:1]}***@{domain}"
    return mask_phone(recipient)


# A link keeps its host and loses its path (a tracking or rating token); any
# other run of five or more letters, digits, "-" and "_" that is not a plain
# word (a booking code, a check code, a phone or ID number, a case number)
# keeps its first character. The Chinese text stays, so a log still says which
# message went out.
_SECRETS = re.compile(
    r"(?P<link>[A-Za-z][A-Za-z0-9+.-]*://[^/\s，。；）)]+)[^\s，。；）)]*"
    r"|(?<![A-Za-z0-9_-])(?P<run>[A-Za-z0-9_-]{5,})(?![A-Za-z0-9_-])"
)
_WORD = re.compile(r"[A-Za-z][a-z]+")


def _masked(match: re.Match) -> str:
    if match.group("link"):
        return match.group("link") + "/…"
    run = match.group("run")
    return run if _WORD.fullmatch(run) else run[0] + "***"


def mask_message(text: str) -> str:
    """A message as it may appear in a log or an outbox file: no codes, no
    links with tokens, no phone or ID numbers."""
    return _SECRETS.sub(_masked, text)


class ConsoleSms:
    """The demo's SMS gateway: logs the message masked (number, codes, links)."""

    def send(self, recipient: str, subject: str, body: str) -> None:
        log.info("SMS to %s (%d chars): %s", _mask(recipient), len(body), mask_message(body))


class FileSms:
    """Appends each message as a JSON line to GOVHALL_OUTBOX_FILE, masked like
    the log (number, codes, links), so a demo or an acceptance test can see what
    went out without the file becoming a store of booking codes."""

    def send(self, recipient: str, subject: str, body: str) -> None:
        path = Path(settings.GOVHALL_OUTBOX_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        line = {
            "to": _mask(recipient),
            "subject": mask_message(subject),
            "body": mask_message(body),
            "length": len(body),
        }
        with path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")


class DjangoEmail:
    def send(self, recipient: str, subject: str, body: str) -> None:
        send_mail(subject or body[:40], body, None, [recipient])


def backend_for(channel: str):
    path = (
        settings.GOVHALL_SMS_BACKEND
        if channel == NotificationChannel.SMS
        else settings.GOVHALL_EMAIL_BACKEND
    )
    return import_string(path)()


def notifications_send(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Send what is due. Each row is locked while it is sent and marked in the
    same transaction, so two workers never send the same message."""
    now = now or timezone.now()
    sent = 0
    for _ in range(limit):
        with transaction.atomic():
            row = (
                Notification.objects.select_for_update(skip_locked=True)
                .filter(status=NotificationStatus.PENDING, not_before__lte=now)
                .order_by("not_before", "id")
                .first()
            )
            if row is None:
                break
            row.attempts += 1
            try:
                backend_for(row.channel).send(row.recipient, row.subject, row.body)
            except Exception as exc:  # a gateway error: keep it, retry later
                # A gateway's error may quote the message: kept masked.
                row.last_error = f"{type(exc).__name__}: {mask_message(str(exc))}"[:300]
                if row.attempts >= MAX_ATTEMPTS:
                    row.status = NotificationStatus.FAILED
                else:
                    row.not_before = now + dt.timedelta(minutes=2**row.attempts)
                log.warning("notification %s failed: %s", row.pk, type(exc).__name__)
            else:
                row.status, row.sent_at = NotificationStatus.SENT, now
                sent += 1
            row.save(update_fields=["attempts", "last_error", "status", "not_before", "sent_at"])
    return sent


def official(template, **params) -> str:
    """Text for the citizen or the record (SMS, stored opinions, credit entries):
    always in Chinese, whatever the language of the staff member's request."""
    with translation.override("zh-hans"):
        return str(template) % params if params else str(template)
