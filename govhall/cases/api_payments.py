"""Online payment of a case's fee (issue 13): the clerk's order, and the
provider's signed notification.

POST /api/v1/cases/{number}/payment-orders: a clerk (or window) token, as for
recording a payment; the order with the provider's instructions for the
applicant. POST /api/v1/payments/{provider}/notify: no token, the provider's
signature over the raw body instead (checked before the body is read): 401 on
a bad signature, 404 an unknown provider or reference, 409 an order no longer
payable, 422 a bad body or a wrong amount. Thin: every change is a service call."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Router, Schema, Status
from pydantic import Field

from govhall.core.auth import Needs
from govhall.core.outbox_sign import SIGNATURE_HEADER, TIMESTAMP_HEADER

from . import payments, selectors, services
from .payment_models import PaymentOrder

router = Router(tags=["cases"])


class PaymentOrderIn(Schema):
    provider: str = Field("told", min_length=1, max_length=32)


class PaymentInstructionsOut(Schema):
    pay_url: str = ""
    qr_text: str = ""
    text: str = ""


class PaymentOrderOut(Schema):
    reference: str
    number: str
    provider: str
    amount: Decimal
    status: str
    created_at: dt.datetime
    expires_at: dt.datetime
    paid_at: dt.datetime | None
    instructions: PaymentInstructionsOut


def order_out(order: PaymentOrder) -> dict:
    return {
        "reference": order.reference,
        "number": order.case.number,
        "provider": order.provider,
        "amount": order.amount,
        "status": order.status,
        "created_at": order.created_at,
        "expires_at": order.expires_at,
        "paid_at": order.paid_at,
        "instructions": order.instructions or {},
    }


@router.post(
    "/cases/{number}/payment-orders",
    response={201: PaymentOrderOut},
    auth=Needs("case.intake"),
    summary="生成线上缴费码（应缴余额，经支付渠道）",
)
def payment_order(request, number: str, payload: PaymentOrderIn):
    case = selectors.case_for_actor(request.auth, number)
    order = services.payment_order_create(actor=request.auth, case=case, provider=payload.provider)
    return Status(201, order_out(order))


class PaymentNotifyOut(Schema):
    reference: str
    status: str
    paid_at: dt.datetime | None


@router.post(
    "/payments/{provider}/notify",
    response={200: PaymentNotifyOut},
    summary="支付渠道回调：支付结果通知（签名，无令牌；同一缴费码重复通知只记一笔）",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object"}}},
        },
        "parameters": [
            {"in": "header", "name": h, "required": True, "schema": {"type": "string"}}
            for h in (TIMESTAMP_HEADER, SIGNATURE_HEADER)
        ],
    },
)
def payment_notify(request, provider: str):
    adapter = payments.provider(provider[:32])
    notification = adapter.verify_notification(request.body, request.headers)
    order = services.payment_order_confirm(provider=adapter.code, notification=notification)
    return {"reference": order.reference, "status": order.status, "paid_at": order.paid_at}
