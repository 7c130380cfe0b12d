"""The day's closing count (日结对账, 002 二(七)): the centre admin enters what
each window's drawer holds (cash, card slips) and what the bank window's and
the online provider's statements say, and the count is compared with the
payments the cases recorded (selectors.closing_comparison). A recount of the
same window, day and method replaces the first, and both are audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.errors import ValidationFailed
from govhall.core.events import audit
from govhall.core.models import Center
from govhall.hall.models import Window

from ..closing_models import ClosingCount
from ..models import PaymentMethod
from .intake import _clean_text

# Counted per window: what the clerk's drawer holds. Per centre: a statement.
PER_WINDOW = (PaymentMethod.CASH, PaymentMethod.CARD)
PER_CENTER = (PaymentMethod.BANK_SLIP, PaymentMethod.ONLINE)
MAX_COUNT = Decimal("1000000")


def _amount(raw) -> Decimal:
    try:
        amount = Decimal(str(raw).strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        amount = None
    if amount is None or not amount.is_finite() or not 0 <= amount < MAX_COUNT:
        raise ValidationFailed(
            _("清点金额不正确"), fields={"counted": _("应为 0 至 1000000 元的金额")}
        )
    return amount


def closing_count_record(
    *,
    actor: Actor,
    center: Center,
    day: dt.date,
    method: str,
    counted,
    window: Window | None = None,
    note: str = "",
) -> ClosingCount:
    actor.require(center, "case.oversee")
    errors = {}
    if method not in PaymentMethod.values:
        errors["method"] = _("未知的缴费方式")
    elif method in PER_WINDOW and window is None:
        errors["window"] = _("现金和银行卡按窗口清点")
    elif method in PER_CENTER and window is not None:
        errors["window"] = _("银行窗口和线上支付按对账单全中心核对，不选窗口")
    if window is not None and window.center_id != center.pk:
        errors["window"] = _("窗口不属于本中心")
    if day > timezone.localdate():
        errors["day"] = _("不能清点未来的日期")
    if errors:
        raise ValidationFailed(_("清点记录有误"), fields=errors)
    amount = _amount(counted)
    note = _clean_text(note, "note", limit=300, required=False)
    with transaction.atomic():
        count, created = ClosingCount.objects.update_or_create(
            center=center,
            day=day,
            window=window,
            method=method,
            defaults={
                "counted": amount,
                "note": note,
                "counted_by": actor.user,
                "counted_at": timezone.now(),
            },
        )
        audit(
            "cases.closing_counted" if created else "cases.closing_recounted",
            actor=actor,
            center=center,
            obj=count,
            detail={"day": day.isoformat(), "method": method, "counted": str(amount)},
        )
    return count
