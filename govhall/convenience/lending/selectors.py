"""lending: reads, scoped to what the actor may see."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from govhall.core.errors import NotFound
from govhall.core.models import Center
from govhall.core.opening import intervals_on

from .models import LendingItem, Loan


def items(center: Center):
    return LendingItem.objects.filter(center=center, active=True).order_by("kind", "label")


def open_loans(center: Center):
    return (
        Loan.objects.filter(center=center, returned_at__isnull=True)
        .select_related("item", "lent_by")
        .order_by("lent_at")
    )


def returned_on(center: Center, day: dt.date):
    return (
        Loan.objects.filter(center=center, returned_at__date=day)
        .select_related("item", "returned_to")
        .order_by("-returned_at")
    )


def closing_time(center: Center, day: dt.date) -> dt.datetime | None:
    """When the hall closes on `day` (its last opening interval), None on a closed day."""
    intervals = intervals_on(center, day)
    if not intervals:
        return None
    return timezone.make_aware(dt.datetime.combine(day, intervals[-1][1]))


def out_at_closing(center: Center, now: dt.datetime | None = None):
    """Loans still out when the hall closed (today's closing passed, or an earlier day's)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    closing = closing_time(center, today)
    cutoff = (
        closing
        if closing and now >= closing
        else timezone.make_aware(dt.datetime.combine(today, dt.time(0)))
    )
    return open_loans(center).filter(lent_at__lt=cutoff)


def item_at(center: Center, pk) -> LendingItem:
    item = LendingItem.objects.filter(center=center, pk=pk).first()
    if item is None:
        raise NotFound(_item_missing())
    return item


def loan_at(center: Center, pk) -> Loan:
    loan = Loan.objects.filter(center=center, pk=pk).select_related("item", "center").first()
    if loan is None:
        raise NotFound(_item_missing())
    return loan


def _item_missing():
    from django.utils.translation import gettext_lazy as _

    return _("没有该借用记录或物品")
