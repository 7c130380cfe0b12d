"""exchange: the unified booking platform delivers the bookings it made.

POST /api/v1/centers/{center}/platform-bookings: an integration token of the
centre holding booking.inbound, AND the body signed with the shared secret of
the centre's booking-platform receiver (core/outbox_sign.py: X-GovHall-Timestamp
within 5 minutes, X-GovHall-Signature), AND an Idempotency-Key (a retried
delivery gets the first answer). The signature is checked over the raw bytes
before the body is read."""

from __future__ import annotations

import datetime as dt
import time

import pydantic
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from ninja.errors import ValidationError
from pydantic import Field

from govhall.core.auth import Needs
from govhall.core.errors import DomainError, NotFound, ValidationFailed
from govhall.core.models import Destination
from govhall.core.outbox import receiver_for
from govhall.core.outbox_sign import SIGNATURE_HEADER, TIMESTAMP_HEADER, check
from govhall.core.selectors import center_by_code

from . import services

router = Router(tags=["exchange"])


class PlatformBookingIn(pydantic.BaseModel):
    # Strict: a number is not a time of day, nor a date (JSON strings still parse).
    model_config = pydantic.ConfigDict(extra="forbid", strict=True)

    platform_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    item: str = Field(min_length=1, max_length=40)
    date: dt.date
    time: dt.time
    name: str = Field(min_length=1, max_length=40)
    id_number: str = Field(min_length=1, max_length=40)
    phone: str = Field(min_length=1, max_length=20)


class PlatformBookingOut(Schema):
    platform_id: str
    code: str  # our booking code: the citizen checks in with it
    center: str
    item: str
    start: dt.datetime
    end: dt.datetime
    status: str


class SignatureRefused(DomainError):
    status = 401


_REFUSALS = {
    "signature_missing": _("缺少签名或时间戳"),
    "timestamp_stale": _("请求时间戳已过期或无效"),
    "signature_invalid": _("签名校验失败"),
}


def _center(request, code: str):
    if not code or len(code) > 32 or "\x00" in code:
        raise NotFound(_("中心不存在"), code="center_not_found")
    found = center_by_code(code)
    # Another centre's token: the centre is not theirs to know of.
    if not request.auth.can(found, "booking.inbound"):
        raise NotFound(_("中心不存在"), code="center_not_found")
    return found


def _verify(request, center) -> None:
    receiver = receiver_for(center, Destination.BOOKING_PLATFORM)
    if receiver is None or not receiver.enabled:
        raise DomainError(
            _("本中心未启用统一预约平台对接"), code="exchange_not_configured", status=403
        )
    why = check(
        receiver.secret,
        request.headers.get(TIMESTAMP_HEADER),
        request.headers.get(SIGNATURE_HEADER),
        request.body,
        time.time(),
    )
    if why:
        raise SignatureRefused(_REFUSALS[why], code=why)


def _parse(body: bytes) -> PlatformBookingIn:
    try:
        return PlatformBookingIn.model_validate_json(body or b"{}")
    except pydantic.ValidationError as exc:
        raise ValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None


@router.post(
    "/centers/{center}/platform-bookings",
    response={201: PlatformBookingOut},
    auth=Needs("booking.inbound"),
    summary="统一预约平台推送预约（签名 + Idempotency-Key）",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": PlatformBookingIn.model_json_schema()}},
        },
        "parameters": [
            {"in": "header", "name": h, "required": True, "schema": {"type": "string"}}
            for h in (TIMESTAMP_HEADER, SIGNATURE_HEADER, "Idempotency-Key")
        ],
    },
)
def platform_booking(request, center: str):
    found = _center(request, center)
    _verify(request, found)
    if not request.headers.get("Idempotency-Key"):
        raise ValidationFailed(
            _("平台推送须带 Idempotency-Key"),
            code="idempotency_key_required",
            fields={"Idempotency-Key": _("必填")},
        )
    data = _parse(request.body)
    link = services.platform_booking_receive(
        actor=request.auth,
        center=found,
        platform_id=data.platform_id,
        item_code=data.item,
        day=data.date,
        start=data.time,
        name=data.name,
        id_number=data.id_number,
        phone=data.phone,
    )
    booking = link.booking
    return Status(
        201,
        {
            "platform_id": link.platform_id,
            "code": booking.code,
            "center": found.code,
            "item": booking.item.code,
            "start": booking.slot.start,
            "end": booking.slot.end,
            "status": booking.status,
        },
    )
