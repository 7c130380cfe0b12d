"""The outbox for other systems (DESIGN.md "Figures, exports and exchange"):
any app queues a message in the transaction of its change (`enqueue`); the job
of core/outbox_send.py sends it to the receiver configured for its centre (or
its district). Here: queueing, the receivers, and resending a failed message."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import InvalidTransition, NotFound, ValidationFailed
from .events import _check_no_personal_data, audit, emit
from .models import Center, Destination, OutboxMessage, OutboxReceiver, OutboxState

SECRET_MIN, SECRET_MAX = 16, 200


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


# --- receivers ---------------------------------------------------------------------


def receiver_for(center: Center, destination: str) -> OutboxReceiver | None:
    """The centre's own receiver for `destination`, else its district's."""
    rows = OutboxReceiver.objects.filter(
        Q(center=center) | Q(center__isnull=True, district_id=center.district_id),
        destination=destination,
    )
    return min(rows, key=lambda r: r.center_id is None, default=None)


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    if len(url) > 300 or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationFailed(
            _("接收地址有误"), fields={"url": _("请填写 http:// 或 https:// 开头的地址")}
        )
    return url


def receiver_save(
    *, actor, center: Center, destination: str, url: str, secret: str = "", enabled: bool
) -> OutboxReceiver:
    """Set the centre's receiver for `destination` (the centre admin). A blank
    secret keeps the one stored; a new receiver needs one. Messages waiting for
    want of a receiver are due again at once."""
    actor.require(center, "exchange.manage")
    if destination not in Destination.values:
        raise ValidationFailed(_("接收系统不存在"), fields={"destination": _("取值无效")})
    url = _clean_url(url)
    secret = (secret or "").strip()
    if secret and not SECRET_MIN <= len(secret) <= SECRET_MAX:
        raise ValidationFailed(
            _("共享密钥长度不符"),
            fields={"secret": _("共享密钥须为 16 到 200 个字符")},
        )
    with transaction.atomic():
        receiver = (
            OutboxReceiver.objects.select_for_update()
            .filter(center=center, destination=destination)
            .first()
        )
        if receiver is None:
            if not secret:
                raise ValidationFailed(_("请填写共享密钥"), fields={"secret": _("必填")})
            receiver = OutboxReceiver(center=center, destination=destination)
        receiver.url, receiver.enabled = url, enabled
        if secret:
            receiver.secret = secret
        receiver.save()
        receivers_changed(center=center, destination=destination)
        # The secret itself never goes into the audit log or the event.
        detail = {"destination": destination, "enabled": enabled, "secret_changed": bool(secret)}
        audit("outbox.receiver_saved", actor=actor, center=center, obj=receiver, detail=detail)
        emit("outbox.receiver_saved", center=center, aggregate=receiver, payload=detail)
    return receiver


def receivers_changed(*, center: Center | None = None, district=None, destination: str) -> int:
    """Messages that were waiting for a receiver are due again (after a save)."""
    waiting = OutboxMessage.objects.filter(state=OutboxState.PENDING, destination=destination)
    waiting = waiting.filter(center=center) if center else waiting.filter(center__district=district)
    return waiting.exclude(note="").update(next_attempt_at=timezone.now())


# --- resending ---------------------------------------------------------------------


def outbox_resend(*, actor, center: Center, message_id: int) -> OutboxMessage:
    """A failed message goes out again from its first attempt (the admin fixed
    the receiver, or the platform fixed its side). Only a failed one: a pending
    or sending one is on its way, a sent one was received."""
    actor.require(center, "exchange.manage")
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update().filter(center=center, pk=message_id).first()
        )
        if message is None:
            raise NotFound(_("消息不存在"), code="outbox_message_not_found")
        if message.state != OutboxState.FAILED:
            raise InvalidTransition(_("只有发送失败的消息可以重新发送"), code="outbox_not_failed")
        message.state = OutboxState.PENDING
        message.attempts = 0
        message.next_attempt_at = timezone.now()
        message.note = ""
        message.save(update_fields=["state", "attempts", "next_attempt_at", "note"])
        detail = {"destination": message.destination, "kind": message.kind}
        audit("outbox.resend", actor=actor, center=center, obj=message, detail=detail)
        emit("outbox.resent", center=center, aggregate=message, payload=detail)
    return message
