"""exchange: reads for the admin page. Every query is of one centre."""

from __future__ import annotations

from django.db.models import Count

from govhall.core.models import Destination, OutboxMessage, OutboxReceiver, OutboxState
from govhall.core.outbox import receiver_for

PAGE = 100


def counts(center) -> dict[str, int]:
    """Messages per state (every state present, zero when none)."""
    rows = OutboxMessage.objects.filter(center=center).values("state").annotate(n=Count("pk"))
    found = {r["state"]: r["n"] for r in rows}
    return {state: found.get(state, 0) for state in OutboxState.values}


def failed_count(center) -> int:
    return OutboxMessage.objects.filter(center=center, state=OutboxState.FAILED).count()


def kinds(center) -> list[str]:
    rows = OutboxMessage.objects.filter(center=center).values_list("kind", flat=True)
    return sorted(set(rows.distinct()))


def messages(center, *, state: str = "", destination: str = "", kind: str = ""):
    rows = OutboxMessage.objects.filter(center=center)
    if state in OutboxState.values:
        rows = rows.filter(state=state)
    if destination in Destination.values:
        rows = rows.filter(destination=destination)
    if kind:
        rows = rows.filter(kind=kind[:60])
    return rows.order_by("-created_at", "-pk")


def message(center, pk: int) -> OutboxMessage | None:
    return OutboxMessage.objects.filter(center=center, pk=pk).first()


def attempts(message: OutboxMessage):
    return message.attempt_log.order_by("-number")


def receivers(center) -> list[dict]:
    """Each destination: the centre's own receiver (editable), or the district's
    it inherits (read-only here), or none."""
    own = {r.destination: r for r in OutboxReceiver.objects.filter(center=center)}
    rows = []
    for value, label in Destination.choices:
        used = receiver_for(center, value)
        rows.append(
            {
                "destination": value,
                "label": label,
                "own": own.get(value),
                "used": used,
                "inherited": used is not None and used.center_id is None,
            }
        )
    return rows
