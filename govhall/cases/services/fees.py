"""The fee of a case (000 第六条; 002 二(七); 001 A.1.6): the clerk assesses it from
the item's standard and issues the 收款单 the bank window in the hall collects
with; a payment is recorded as told (cash, card, the bank window, online), by
the applicant, the proxy or an assistant for a special-group applicant; a refund
is written on the payment it returns. Free items take no payment, and no result
leaves the window while a fee is outstanding."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.errors import Conflict, InvalidTransition, ValidationFailed
from govhall.core.events import audit
from govhall.hall import selectors as hall_selectors
from govhall.hall.models import Window

from ..models import (
    Case,
    CaseStatus,
    DocumentKind,
    Payer,
    Payment,
    PaymentMethod,
    PaymentOrder,
    PaymentOrderStatus,
    Step,
)
from .base import (
    MAX_TEXT,
    _acting_user,
    _emit,
    _issue,
    _lock,
    _now,
    _precheck,
    _require_clerk,
    _require_status,
    _step,
)
from .intake import _clean_text

CENTS = Decimal("0.01")

# A fee is assessed and paid while the case is open and before its result leaves.
PAYABLE = (
    CaseStatus.SUPPLEMENT,
    CaseStatus.ACCEPTED,
    CaseStatus.SUSPENDED,
    CaseStatus.COMMITTED,
    CaseStatus.DECIDED,
)


def standard_amounts(case: Case) -> list[Decimal]:
    return [Decimal(entry["amount"]) for entry in case.version.fee_amounts]


def paid_total(case: Case) -> Decimal:
    total = case.payments.filter(refunded_at__isnull=True).aggregate(s=Sum("amount"))["s"]
    # SQLite's SUM comes back unscaled (Decimal("80")): money keeps its two places.
    return (total or Decimal(0)).quantize(CENTS)


def outstanding(case: Case) -> Decimal:
    """What is still to pay: nothing for a free item or before the assessment."""
    if case.fee_due is None:
        return Decimal(0).quantize(CENTS)
    return max(case.fee_due - paid_total(case), Decimal(0)).quantize(CENTS)


def _amount(raw) -> Decimal:
    try:
        amount = Decimal(str(raw)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        amount = Decimal("-1")
    if not Decimal("0.01") <= amount <= 100_000:
        raise ValidationFailed(_("金额应为 0.01 至 100000 元"), fields={"amount": _("取值无效")})
    return amount


def _require_fee(case: Case) -> list[Decimal]:
    amounts = standard_amounts(case)
    if not amounts:
        raise Conflict(_("该事项不收费，无需缴费"), code="no_fee")
    return amounts


def _window(actor: Actor, case: Case) -> Window | None:
    if actor.window_id:
        return Window.objects.filter(pk=actor.window_id).first()
    if actor.user is not None:
        posted = hall_selectors.windows_posted(actor.user, case.center)
        if posted:
            return posted[0]
    return case.window


@transaction.atomic
def case_fee_assess(*, actor: Actor, case: Case, amount, now: dt.datetime | None = None) -> Case:
    """The clerk records the fee due, one of the amounts the standard allows, and
    issues the 收款单. Assessed once: a wrong assessment is corrected by refund."""
    _require_clerk(actor, case.center)
    _precheck(case, *PAYABLE)
    amounts = _require_fee(case)
    amount = _amount(amount)
    if amount not in amounts:
        raise ValidationFailed(
            _("金额不在该事项的收费标准内：%(allowed)s")
            % {"allowed": "、".join(f"{a}元" for a in amounts)},
            code="amount_not_in_standard",
            fields={"amount": _("取值无效")},
        )
    now = _now(now)
    case = _lock(case)
    _require_status(case, *PAYABLE)
    if case.fee_due is not None:
        raise InvalidTransition(_("该办件已核定收费"), code="fee_already_assessed")
    case.fee_due = amount
    case.save(update_fields=["fee_due"])
    _step(case, Step.FEE_ASSESSED, at=now, actor=actor)
    _issue(case, DocumentKind.PAYMENT_SLIP, at=now)
    _emit("case.fee_assessed", case, amount=str(amount))
    return case


@transaction.atomic
def case_payment_record(
    *,
    actor: Actor,
    case: Case,
    amount,
    method: str,
    payer: str = Payer.APPLICANT,
    now: dt.datetime | None = None,
) -> Payment:
    """Record a payment as the clerk or the provider reports it. The amount is
    what is still due: a case not yet assessed is assessed with it (it must be
    one of the standard's amounts); cash is always accepted. Paid at the window,
    the case's pending online order is void (no second payment on its code)."""
    _require_clerk(actor, case.center)
    payment = _payment_record(
        actor=actor, case=case, amount=amount, method=method, payer=payer, now=now
    )
    _orders_void(payment.case, now=payment.paid_at)
    return payment


def _payment_record(
    *, actor: Actor | None, case: Case, amount, method: str, payer: str, now: dt.datetime | None
) -> Payment:
    """The one path of every payment, from the window (actor: the clerk) or from
    a provider's verified notification (actor None: no window, no receiver)."""
    _precheck(case, *PAYABLE)
    amounts = _require_fee(case)
    amount = _amount(amount)
    if method not in PaymentMethod.values:
        raise ValidationFailed(_("缴费方式无效"), fields={"method": _("取值无效")})
    if payer not in Payer.values:
        raise ValidationFailed(_("缴费人无效"), fields={"payer": _("取值无效")})
    now = _now(now)
    case = _lock(case)
    _require_status(case, *PAYABLE)
    if case.fee_due is None:
        if amount not in amounts:
            raise ValidationFailed(
                _("金额不在该事项的收费标准内"),
                code="amount_not_in_standard",
                fields={"amount": _("取值无效")},
            )
        case.fee_due = amount
        case.save(update_fields=["fee_due"])
        _step(case, Step.FEE_ASSESSED, at=now, actor=actor)
    due = outstanding(case)
    if due == 0:
        raise Conflict(_("该办件费用已缴清"), code="already_paid")
    if amount != due:
        raise ValidationFailed(
            _("缴费金额应为应缴余额 %(due)s 元") % {"due": due},
            code="amount_mismatch",
            fields={"amount": _("与应缴金额不符")},
        )
    payment = Payment.objects.create(
        case=case,
        amount=amount,
        method=method,
        payer=payer,
        window=_window(actor, case) if actor is not None else None,
        received_by=_acting_user(actor) if actor is not None else None,
        paid_at=now,
    )
    _step(case, Step.PAID, at=now, actor=actor)
    _emit("case.paid", case, payment=payment.pk, amount=str(amount), method=method)
    return payment


@transaction.atomic
def case_payment_refund(
    *, actor: Actor, payment: Payment, reason: str, now: dt.datetime | None = None
) -> Payment:
    """退费: written on the payment, with the reason, audited; the fee is due
    again unless the assessment itself was wrong (then the case is reassessed)."""
    case = payment.case
    _require_clerk(actor, case.center)
    reason = _clean_text(reason, "reason", limit=MAX_TEXT)
    now = _now(now)
    case = _lock(case)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.refunded_at is not None:
        raise InvalidTransition(_("该笔费用已退还"), code="already_refunded")
    payment.refunded_at, payment.refunded_by = now, _acting_user(actor)
    payment.refund_reason = reason
    payment.save(update_fields=["refunded_at", "refunded_by", "refund_reason"])
    if not case.is_closed and case.status in PAYABLE:
        case.fee_due = None  # assessed again, from the standard, when it is paid again
        case.save(update_fields=["fee_due"])
    _step(case, Step.REFUNDED, at=now, actor=actor, note=reason)
    _emit("case.refunded", case, payment=payment.pk, amount=str(payment.amount))
    audit(
        "case.refund", actor=actor, center=case.center, obj=payment, detail={"number": case.number}
    )
    return payment


def _orders_void(case: Case, *, now: dt.datetime) -> None:
    for order in PaymentOrder.objects.filter(case=case, status=PaymentOrderStatus.PENDING):
        order.status, order.closed_at = PaymentOrderStatus.CANCELLED, now
        order.save(update_fields=["status", "closed_at"])
        _emit("case.payment_order_cancelled", case, reference=order.reference, why="paid")


def require_paid(case: Case) -> None:
    """No result leaves the window while an assessed fee is outstanding (an item
    whose standard exempts some applicants is not assessed for them)."""
    if outstanding(case) > 0:
        raise Conflict(_("该办件尚有费用未缴清，不能出件"), code="fee_unpaid")
