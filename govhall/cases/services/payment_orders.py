"""Online payment orders (issue 13): the clerk offers the fee outstanding on a
case through a payment provider (cases/payments); the provider's verified
notification records the case's Payment through the one path every payment
takes (fees._payment_record: method online, payer the applicant), so the case's
steps and events are the window's.

Choices made here:
- One pending order per case. A second is refused (409 payment_order_pending),
  not silently replacing the first: the applicant may be paying on the first
  code at that moment, and a void code's payment would be refused. The clerk
  voids the first one (`payment_order_cancel`) and makes another.
- A payment at the window voids the pending order (fees.case_payment_record).
- A notification is idempotent by reference: told twice, one Payment. The same
  reference paid under another provider transaction is a 409 (a double charge
  for the provider to return), never a second Payment.
- A notification for a cancelled or expired order, or a pending one past its
  expiry (the sweep has not run yet), is refused with a 409 and recorded
  nowhere; a pending order past its time becomes expired in
  `payment_orders_expire` (tasks.py, every five minutes)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
from govhall.core.services import sweep_each

from ..models import Case, Payer, PaymentMethod, PaymentOrder, PaymentOrderStatus
from ..payments import Notification
from ..payments import provider as provider_for
from .base import (
    _acting_user,
    _emit,
    _lock,
    _now,
    _precheck,
    _require_clerk,
    _require_status,
)
from .fees import PAYABLE, _payment_record, _require_fee, outstanding

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # read aloud without 0/O, 1/I


def _reference(now: dt.datetime) -> str:
    tail = "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(10))
    return f"GP{timezone.localtime(now):%y%m%d}{tail}"


def _expiry_minutes() -> int:
    return max(1, int(settings.GOVHALL_PAYMENT_ORDER_MINUTES))


@transaction.atomic
def payment_order_create(
    *, actor: Actor, case: Case, provider: str = "told", now: dt.datetime | None = None
) -> PaymentOrder:
    """The clerk offers the assessed, outstanding fee online: an order under a
    fresh reference, with the provider's instructions for the applicant."""
    _require_clerk(actor, case.center)
    _precheck(case, *PAYABLE)
    _require_fee(case)
    try:
        adapter = provider_for(provider)
    except NotFound:
        raise ValidationFailed(
            _("支付渠道不存在"), code="provider_not_found", fields={"provider": _("取值无效")}
        ) from None
    if PaymentMethod.ONLINE not in adapter.methods:
        raise ValidationFailed(_("该支付渠道不受理线上缴费"), fields={"provider": _("取值无效")})
    now = _now(now)
    case = _lock(case)
    _require_status(case, *PAYABLE)
    if case.fee_due is None:
        raise Conflict(_("请先核定收费再生成缴费码"), code="fee_not_assessed")
    due = outstanding(case)
    if due == 0:
        raise Conflict(_("该办件费用已缴清"), code="already_paid")
    if PaymentOrder.objects.filter(case=case, status=PaymentOrderStatus.PENDING).exists():
        raise Conflict(_("该办件已有待支付的缴费码，请先作废"), code="payment_order_pending")
    order = PaymentOrder(
        case=case,
        amount=due,
        provider=adapter.code,
        reference=_reference(now),
        created_by=_acting_user(actor),
        created_at=now,
        expires_at=now + dt.timedelta(minutes=_expiry_minutes()),
    )
    order.instructions = adapter.create_order(order).as_dict()
    order.save()
    _emit(
        "case.payment_order_created",
        case,
        reference=order.reference,
        provider=order.provider,
        amount=str(order.amount),
    )
    return order


def _locked_order(**lookup) -> PaymentOrder:
    """The order, locked after its case (the order every payment locks in)."""
    found = PaymentOrder.objects.filter(**lookup).only("pk", "case").first()
    if found is None:
        raise NotFound(_("缴费订单不存在"), code="payment_order_not_found")
    case = _lock(found.case)
    order = PaymentOrder.objects.select_for_update().get(pk=found.pk)
    order.case = case
    return order


def _refuse_closed(order: PaymentOrder, now: dt.datetime) -> None:
    if order.status == PaymentOrderStatus.CANCELLED:
        raise InvalidTransition(_("该缴费码已作废"), code="payment_order_cancelled")
    if order.status == PaymentOrderStatus.EXPIRED or order.expires_at <= now:
        raise InvalidTransition(_("该缴费码已过期"), code="payment_order_expired")


@transaction.atomic
def payment_order_confirm(
    *, provider: str, notification: Notification, now: dt.datetime | None = None
) -> PaymentOrder:
    """A provider's verified notification: the order is paid and the case's
    Payment recorded, once (the same reference again returns the paid order)."""
    now = _now(now)
    order = _locked_order(reference=notification.reference, provider=provider)
    if order.status == PaymentOrderStatus.PAID:
        if order.provider_txn == notification.provider_txn:
            return order  # told again: nothing new
        raise Conflict(_("该缴费码已支付"), code="payment_order_paid")
    _refuse_closed(order, now)
    if notification.amount != order.amount:
        raise ValidationFailed(
            _("支付金额应为 %(amount)s 元") % {"amount": order.amount},
            code="amount_mismatch",
            fields={"amount": _("与应缴金额不符")},
        )
    if (
        PaymentOrder.objects.filter(provider=provider, provider_txn=notification.provider_txn)
        .exclude(pk=order.pk)
        .exists()
    ):
        raise Conflict(_("该渠道交易号已用于另一缴费码"), code="provider_txn_used")
    # The provider's time, within the order's life (the day's receipts count by it).
    paid_at = min(max(notification.paid_at, order.created_at), now)
    payment = _payment_record(
        actor=None,
        case=order.case,
        amount=order.amount,
        method=PaymentMethod.ONLINE,
        payer=Payer.APPLICANT,
        now=paid_at,
    )
    order.status, order.paid_at = PaymentOrderStatus.PAID, paid_at
    order.provider_txn, order.payment = notification.provider_txn, payment
    order.save(update_fields=["status", "paid_at", "provider_txn", "payment"])
    return order


def _close(order: PaymentOrder, status: str, now: dt.datetime, why: str) -> PaymentOrder:
    order.status, order.closed_at = status, now
    order.save(update_fields=["status", "closed_at"])
    case = order.case
    kind = "expired" if status == PaymentOrderStatus.EXPIRED else "cancelled"
    _emit(f"case.payment_order_{kind}", case, reference=order.reference, why=why)
    return order


@transaction.atomic
def payment_order_cancel(
    *, actor: Actor, order: PaymentOrder, now: dt.datetime | None = None
) -> PaymentOrder:
    """The clerk voids a pending code (the applicant will pay another way, or
    takes a new one); a payment told for it afterwards is refused."""
    _require_clerk(actor, order.case.center)
    now = _now(now)
    order = _locked_order(pk=order.pk)
    if order.status != PaymentOrderStatus.PENDING:
        raise InvalidTransition(
            _("缴费码当前状态为“%(status)s”，不能作废") % {"status": order.get_status_display()},
            code="payment_order_closed",
        )
    return _close(order, PaymentOrderStatus.CANCELLED, now, "clerk")


@transaction.atomic
def payment_order_expire(*, order: PaymentOrder, now: dt.datetime) -> bool:
    order = _locked_order(pk=order.pk)
    if order.status != PaymentOrderStatus.PENDING or order.expires_at > now:
        return False  # paid, voided or extended meanwhile: safe to run twice
    _close(order, PaymentOrderStatus.EXPIRED, now, "timeout")
    return True


def payment_orders_expire(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Pending orders past their time become expired, each in its own short
    transaction (tasks.py runs it every five minutes)."""
    now = _now(now)
    counts = {"expired": 0, "errors": 0}
    due = PaymentOrder.objects.filter(status=PaymentOrderStatus.PENDING, expires_at__lte=now)
    for expired in sweep_each(
        due, lambda o: payment_order_expire(order=o, now=now), counts, "payment order expiry"
    ):
        counts["expired"] += bool(expired)
    return counts
