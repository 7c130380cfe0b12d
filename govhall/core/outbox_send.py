"""Sending the outbox (the job of core/tasks.py, every minute).

Three short steps per message, so no row lock is held across the network:
1. claim: in one transaction, the due rows (pending and due, or sending with an
   expired lease: their worker died) are taken with SELECT … FOR UPDATE SKIP
   LOCKED (PostgreSQL; SQLite's BEGIN IMMEDIATE serialises the claim) and marked
   `sending` with a lease and a token of this worker;
2. post: the signed JSON goes to the receiver, outside any transaction;
3. record: the outcome is written only if the lease is still this worker's.

A receiver that answers 2xx received it. 4xx (but 408 and 429) is permanent:
failed, the error kept. 5xx, 408, 429, a timeout or a refused connection is tried
again with exponential backoff and jitter, until the last attempt fails it. A
message whose centre has no receiver (or a disabled one) waits, pending, with a
note. The Idempotency-Key (the message key) makes a resent message harmless."""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
import secrets
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from .models import OutboxAttempt, OutboxMessage, OutboxReceiver, OutboxState
from .notify import mask_message
from .outbox import receiver_for
from .outbox_sign import sign_headers

log = logging.getLogger(__name__)
LEASE = dt.timedelta(seconds=120)  # a batch of BATCH posts of at most 5 s each, with room
BATCH = 10
WAIT_NO_RECEIVER = dt.timedelta(minutes=10)  # re-checked then, or at a receiver's save
RETRYABLE = {408, 429}


def _setting(name: str, default):
    return getattr(settings, name, default)


def backoff(attempt: int, *, rng=random) -> dt.timedelta:
    """1, 2, 4 … minutes after the 1st, 2nd, 3rd failed attempt, capped at an
    hour, each shortened by up to a fifth at random so that messages failed
    together do not all come back in the same second."""
    base = _setting("GOVHALL_OUTBOX_BACKOFF_SECONDS", 60)
    cap = _setting("GOVHALL_OUTBOX_BACKOFF_CAP_SECONDS", 3600)
    seconds = min(cap, base * 2 ** max(0, attempt - 1))
    return dt.timedelta(seconds=seconds * (1 - 0.2 * rng.random()))


def body_of(message: OutboxMessage) -> bytes:
    """The same bytes on every attempt (the receiver may compare them)."""
    envelope = {
        "key": message.key,
        "destination": message.destination,
        "kind": message.kind,
        "center": message.center.code,
        "created_at": timezone.localtime(message.created_at).isoformat(),
        "payload": message.payload,
    }
    return json.dumps(envelope, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


@dataclass
class Outcome:
    status: int | None  # HTTP status, None when no answer came
    error: str  # "" when delivered
    retry_after: int | None = None


def post(receiver: OutboxReceiver, message: OutboxMessage, *, now: float) -> Outcome:
    body = body_of(message)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "GovHall-Outbox/1",
        "Idempotency-Key": message.key,
        "X-GovHall-Kind": message.kind,
        **sign_headers(receiver.secret, body, now),
    }
    request = urllib.request.Request(receiver.url, data=body, headers=headers, method="POST")
    timeout = _setting("GOVHALL_OUTBOX_TIMEOUT_SECONDS", 5)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Outcome(response.status, "")
    except urllib.error.HTTPError as exc:
        # The receiver's answer may quote what it got: kept short and masked.
        text = exc.read(200).decode("utf-8", "replace") if exc.fp else ""
        retry_after = exc.headers.get("Retry-After", "") if exc.headers else ""
        return Outcome(
            exc.code,
            f"HTTP {exc.code}: {mask_message(text)}".strip(),
            int(retry_after) if retry_after.isdigit() else None,
        )
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Outcome(None, f"{type(reason).__name__}: {mask_message(str(reason))}")


# --- the three steps -----------------------------------------------------------------


def _due(now: dt.datetime):
    return OutboxMessage.objects.filter(
        Q(state=OutboxState.PENDING, next_attempt_at__lte=now)
        | Q(state=OutboxState.SENDING, lease_until__lt=now)
    )


def claim(*, now: dt.datetime, limit: int) -> list[tuple[OutboxMessage, str]]:
    """Lease up to `limit` due messages to this worker (one short transaction)."""
    token = secrets.token_hex(8)
    with transaction.atomic():
        rows = _due(now).order_by("next_attempt_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        ids = list(rows.values_list("pk", flat=True)[:limit])
        # The state in the filter again: on SQLite, another worker's claim
        # committed before ours began cannot be taken twice either.
        _due(now).filter(pk__in=ids).update(
            state=OutboxState.SENDING, lease_until=now + LEASE, lease_token=token
        )
    mine = OutboxMessage.objects.filter(pk__in=ids, lease_token=token, state=OutboxState.SENDING)
    return [(m, token) for m in mine.select_related("center").order_by("next_attempt_at", "pk")]


def _record(message: OutboxMessage, token: str, **fields) -> bool:
    """Write the outcome if the lease is still ours (a worker that overran its
    lease must not overwrite the one that took the message over)."""
    fields.update(lease_until=None, lease_token="")
    with transaction.atomic():
        return bool(
            OutboxMessage.objects.filter(
                pk=message.pk, state=OutboxState.SENDING, lease_token=token
            ).update(**fields)
        )


def send_one(message: OutboxMessage, token: str, *, now: dt.datetime) -> str:
    """Send one leased message; the state it ends in."""
    receiver = receiver_for(message.center, message.destination)
    if receiver is None or not receiver.enabled:
        note = gettext("未配置接收端") if receiver is None else gettext("接收端已停用")
        _record(
            message,
            token,
            state=OutboxState.PENDING,
            note=note,
            next_attempt_at=now + WAIT_NO_RECEIVER,
        )
        return OutboxState.PENDING
    number = message.attempts + 1
    started = time.monotonic()
    outcome = post(receiver, message, now=now.timestamp())
    took = int((time.monotonic() - started) * 1000)
    status = outcome.status
    if status is not None and 200 <= status < 300:
        state = OutboxState.SENT
    elif status is not None and 400 <= status < 500 and status not in RETRYABLE:
        state = OutboxState.FAILED  # the receiver refuses it: trying again changes nothing
    elif number >= _setting("GOVHALL_OUTBOX_MAX_ATTEMPTS", 10):
        state = OutboxState.FAILED
    else:
        state = OutboxState.PENDING
    fields = {
        "state": state,
        "attempts": number,
        "receiver": receiver,
        "note": "",
        "last_error": outcome.error[:300] if state != OutboxState.SENT else "",
    }
    if state == OutboxState.SENT:
        fields.update(sent_at=now, next_attempt_at=None)
    elif state == OutboxState.PENDING:
        wait = backoff(number)
        if outcome.retry_after:
            wait = max(wait, dt.timedelta(seconds=min(outcome.retry_after, 3600)))
        fields["next_attempt_at"] = now + wait
    else:
        fields["next_attempt_at"] = None
    if _record(message, token, **fields):
        OutboxAttempt.objects.create(
            message=message,
            number=number,
            at=now,
            url=receiver.url[:300],
            http_status=status,
            outcome=state,
            error=fields["last_error"],
            duration_ms=took,
        )
    if state != OutboxState.SENT:
        # Which message and what failed; never its payload.
        log.warning(
            "outbox %s (%s) attempt %d: %s", message.pk, message.kind, number, status or "no answer"
        )
    return state


def outbox_send_due(*, now: dt.datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Send what is due, a small batch per lease (so a lease never runs out while
    its batch is still being posted); the count of each state they ended in."""
    counts: dict[str, int] = {}
    done = 0
    while done < limit:
        at = now or timezone.now()
        batch = claim(now=at, limit=min(BATCH, limit - done))
        if not batch:
            break
        for message, token in batch:
            state = send_one(message, token, now=at)
            counts[state] = counts.get(state, 0) + 1
        done += len(batch)
    return counts
