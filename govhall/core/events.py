"""Writing to the event table (transactional outbox) and the audit log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models, transaction

from .identity import IdNumber
from .models import AuditLog, Center, Event

# Keys that would carry personal data or a secret that opens something (a
# booking code checks a person in at a kiosk; a check code or a token reads a
# case, a ticket or a rating). Events feed display boards and streams, so these
# are refused outright rather than filtered; refer to the object by its id
# (the event's aggregate) instead.
_PERSONAL_KEYS = {
    "id_number",
    "phone",
    "mobile",
    "applicant_name",
    "citizen_name",
    "complainant_name",
    "complainant_phone",
    "contact_phone",
    "address",
}
_SECRET_KEYS = {"code", "booking_code", "check_code", "track_token", "token", "receipt_token"}


def _check_no_personal_data(value: Any, path: str = "payload", *, secrets: bool = True) -> None:
    """`secrets`: also refuse the keys of secrets (events; an audit detail may
    name the code of an item it created)."""
    if isinstance(value, IdNumber):
        raise ValueError(f"{path} holds an ID number")
    if isinstance(value, dict):
        for key, item in value.items():
            if key in _PERSONAL_KEYS:
                raise ValueError(f"{path}.{key} is personal data")
            if secrets and key in _SECRET_KEYS:
                raise ValueError(f"{path}.{key} is a secret")
            _check_no_personal_data(item, f"{path}.{key}", secrets=secrets)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _check_no_personal_data(item, f"{path}[{i}]", secrets=secrets)


# kind -> handlers, registered by the apps above in AppConfig.ready(): a lower app
# writes its event and never imports the app that acts on it (DESIGN.md floors).
# Handlers run inside emit(), in the emitting transaction, so what they write
# exists if and only if the change does; a handler that raises undoes the change.
_handlers: dict[str, list[Callable[..., Any]]] = {}


def subscribe(kind: str, handler: Callable[..., Any]) -> None:
    """Call `handler(event=..., obj=...)` whenever `kind` is emitted, inside the
    emitting transaction (so its writes stand or fall with the change). Subscribing
    the same handler twice is a no-op: ready() may run more than once in tests."""
    handlers = _handlers.setdefault(kind, [])
    if handler not in handlers:
        handlers.append(handler)


def emit(
    kind: str,
    *,
    center: Center | None,
    aggregate: models.Model | None = None,
    payload: dict | None = None,
) -> Event:
    """Record that something happened. Must run inside the transaction of the
    change itself, so the event exists if and only if the change does."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("emit() must run inside the transaction of the change")
    payload = payload or {}
    _check_no_personal_data(payload)
    event = Event.objects.create(
        kind=kind,
        center=center,
        aggregate_type=aggregate._meta.label_lower if aggregate is not None else "",
        aggregate_id=str(aggregate.pk) if aggregate is not None else "",
        payload=payload,
    )
    for handler in _handlers.get(kind, ()):
        handler(event=event, obj=aggregate)
    return event


def audit(
    action: str,
    *,
    actor=None,
    center: Center | None = None,
    obj: models.Model | None = None,
    detail: dict | None = None,
) -> AuditLog:
    """`actor` is an Actor, a User or None (the system)."""
    user = getattr(actor, "user", actor)
    label = str(actor) if actor is not None else "system"
    detail = detail or {}
    _check_no_personal_data(detail, "detail", secrets=False)
    return AuditLog.objects.create(
        action=action,
        actor=user if getattr(user, "pk", None) else None,
        actor_label=label[:100],
        center=center,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail,
    )
