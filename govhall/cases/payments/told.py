"""The demo's provider, "told": it records the payments it is told of. Whoever
collects the fee (a bank's counter system, a pilot's gateway, the demo) posts

    POST /api/v1/payments/told/notify
    {"reference": "GP…", "amount": "80.00", "paid_at": "2026-12-01T10:00:00+08:00",
     "txn": "their transaction number"}

signed with GOVHALL_PAYMENT_TOLD_SECRET as every message between GovHall and
another platform is (core/outbox_sign.py: X-GovHall-Timestamp within five
minutes, X-GovHall-Signature over "<timestamp>.<raw body>")."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import pydantic
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pydantic import Field

from govhall.core.outbox_sign import SIGNATURE_HEADER, TIMESTAMP_HEADER, check, sign_headers

from .base import BadNotification, Instructions, Notification, Provider, SignatureRefused

REFUSALS = {
    "signature_missing": _("缺少签名或时间戳"),
    "timestamp_stale": _("请求时间戳已过期或无效"),
    "signature_invalid": _("签名校验失败"),
}


class ToldNotice(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    reference: str = Field(min_length=1, max_length=40)
    amount: Decimal = Field(gt=0, le=100_000, decimal_places=2)
    paid_at: dt.datetime
    txn: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")


def _secret() -> str:
    return settings.GOVHALL_PAYMENT_TOLD_SECRET


class ToldProvider(Provider):
    code = "told"
    label = _("线上支付（按通知记录）")

    def create_order(self, order) -> Instructions:
        expires = timezone.localtime(order.expires_at).strftime("%H:%M")
        return Instructions(
            qr_text=f"govhall-pay:{self.code}:{order.reference}?amount={order.amount}",
            text=str(
                _("请凭缴费码 %(reference)s 线上缴纳 %(amount)s 元，%(expires)s 前有效。")
                % {"reference": order.reference, "amount": order.amount, "expires": expires}
            ),
        )

    def verify_notification(self, body: bytes, headers) -> Notification:
        timestamp, sig = headers.get(TIMESTAMP_HEADER), headers.get(SIGNATURE_HEADER)
        # check() takes "²" for a digit and compares only ASCII: anything else is no signature.
        if not (timestamp or "").isascii() or not (sig or "").isascii():
            raise SignatureRefused(REFUSALS["signature_invalid"], code="signature_invalid")
        why = check(_secret(), timestamp, sig, body, time.time())
        if why:
            raise SignatureRefused(REFUSALS[why], code=why)
        try:
            notice = ToldNotice.model_validate_json(body or b"{}")
        except pydantic.ValidationError as exc:
            fields = {
                ".".join(str(p) for p in e["loc"]) or "body": _("取值无效") for e in exc.errors()
            }
            raise BadNotification(_("支付通知内容有误"), fields=fields) from None
        if timezone.is_naive(notice.paid_at):
            raise BadNotification(_("支付通知内容有误"), fields={"paid_at": _("须带时区")})
        return Notification(
            reference=notice.reference,
            amount=notice.amount.quantize(Decimal("0.01")),
            paid_at=notice.paid_at,
            provider_txn=notice.txn,
        )

    @staticmethod
    def sign(body: bytes, now: float | None = None) -> dict[str, str]:
        """The headers that sign `body` (the demo and the tests tell with them)."""
        return sign_headers(_secret(), body, time.time() if now is None else now)
