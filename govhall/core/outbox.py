"""The outbox for other systems (DESIGN.md "Figures, exports and exchange"):
any app queues a message in the transaction of its change; a job sends it.

Only queueing exists here. The sender (signing, retries with backoff, the
receivers configured per centre or district) is the reports and exchange
issue's work; until it lands, messages stay `pending` and the admin shows them."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .events import _check_no_personal_data
from .models import Center, OutboxMessage


def enqueue(
    *, center: Center, destination: str, kind: str, payload: dict, key: str
) -> OutboxMessage:
    """Queue `payload` for `destination`, once per `key`: queueing the same key
    again returns the first message unchanged (the receiver must see one). Must
    run inside the caller's transaction, so the message exists if and only if
    the change does. The payload is checked like an event's for personal keys
    (a receiver that needs a phone must say so here first)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("enqueue() must run inside the transaction of the change")
    if not key or len(key) > 160:
        raise ValueError("an outbox key is 1-160 characters")
    _check_no_personal_data(payload, secrets=False)
    message, _created = OutboxMessage.objects.get_or_create(
        key=key,
        defaults={
            "center": center,
            "destination": destination,
            "kind": kind,
            "payload": payload,
            "next_attempt_at": timezone.now(),
        },
    )
    return message
