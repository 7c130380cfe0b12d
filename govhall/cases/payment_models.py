"""An online payment order (issue 13): the fee outstanding on a case, offered
to the applicant through one payment provider (cases/payments) under a
reference of ours; the provider's verified notification turns it into the
case's Payment, once. At most one order of a case is pending at a time."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govhall.core.models import User


class PaymentOrderStatus(models.TextChoices):
    PENDING = "pending", _("待支付")
    PAID = "paid", _("已支付")
    CANCELLED = "cancelled", _("已作废")
    EXPIRED = "expired", _("已过期")


class PaymentOrder(models.Model):
    case = models.ForeignKey(
        "cases.Case", models.PROTECT, related_name="payment_orders", verbose_name=_("办件")
    )
    amount = models.DecimalField(_("金额（元）"), max_digits=10, decimal_places=2)
    provider = models.CharField(_("支付渠道"), max_length=32)
    reference = models.CharField(_("缴费码"), max_length=40, unique=True)
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=PaymentOrderStatus.choices,
        default=PaymentOrderStatus.PENDING,
    )
    # What the provider gave for the applicant (a pay URL, a QR text): no personal data.
    instructions = models.JSONField(_("支付指引"), default=dict, blank=True)
    created_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("经办人")
    )
    created_at = models.DateTimeField(_("生成时间"))
    expires_at = models.DateTimeField(_("失效时间"))
    paid_at = models.DateTimeField(_("支付时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("作废或过期时间"), null=True, blank=True)
    provider_txn = models.CharField(_("渠道交易号"), max_length=64, blank=True)
    payment = models.OneToOneField(
        "cases.Payment",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="order",
        verbose_name=_("缴费记录"),
    )

    class Meta:
        verbose_name = _("线上缴费订单")
        verbose_name_plural = _("线上缴费订单")
        ordering = ["case", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="cases_order_positive"),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="pending"),
                name="cases_order_one_pending",
            ),
            models.UniqueConstraint(
                fields=["provider", "provider_txn"],
                condition=~Q(provider_txn=""),
                name="cases_order_txn_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount}"
