"""Free express delivery (免费快递寄送, 000 第二十一-二十六条).

A case whose result goes by post becomes a parcel when its output is handed
over (cases' `case.completed` / `case.delivered`). The 发证综合窗口 checks the
address against the delivery area (第二十六条), compiles the day's manifest and
sends it to the postal partner before the pick-up time (第二十三、二十四条); the
courier picks each parcel up, adds the tracking number and reports it delivered
or returned; at month end the partner's statement is reconciled (第二十四条).

    hold ─ address fixed ─► pending ─ compile ─► listed ─ send ─► sent ─ scan ─► picked_up
      └──── collect at the window instead ─► window        (unlist ◄┘)        │
                                            delivered ◄──────────────────────┤
                 collected ◄─ handed out at the window ─ returned ◄──────────┘
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govhall.core.fields import EncryptedCharField
from govhall.core.models import Center, User


class ParcelStatus(models.TextChoices):
    HOLD = "hold", _("地址待核")
    PENDING = "pending", _("待编单")
    LISTED = "listed", _("已编入清单")
    SENT = "sent", _("待揽收")
    PICKED_UP = "picked_up", _("已揽收")
    DELIVERED = "delivered", _("已妥投")
    RETURNED = "returned", _("已退回窗口")
    COLLECTED = "collected", _("退件已窗口领取")
    WINDOW = "window", _("改为窗口领取")


# Still the output window's to act on, and what may still change its address.
AT_WINDOW = (ParcelStatus.HOLD, ParcelStatus.PENDING, ParcelStatus.LISTED, ParcelStatus.RETURNED)
ADDRESS_EDITABLE = (ParcelStatus.HOLD, ParcelStatus.PENDING, ParcelStatus.LISTED)
# With the postal partner: what they bill for (picked up at the centre).
TAKEN = (
    ParcelStatus.PICKED_UP,
    ParcelStatus.DELIVERED,
    ParcelStatus.RETURNED,
    ParcelStatus.COLLECTED,
)


class ManifestStatus(models.TextChoices):
    OPEN = "open", _("编制中")
    SENT = "sent", _("已发送邮政")


class Manifest(models.Model):
    """The day's list of parcels for the postal partner's pick-up (第二十三条)."""

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="delivery_manifests", verbose_name=_("中心")
    )
    day = models.DateField(_("揽收日期"))
    number = models.CharField(_("清单编号"), max_length=40, unique=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=ManifestStatus.choices, default=ManifestStatus.OPEN
    )
    compiled_at = models.DateTimeField(_("编制时间"))
    compiled_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("编制人")
    )
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    sent_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("发送人")
    )
    parcel_count = models.PositiveIntegerField(_("件数"), default=0)

    class Meta:
        verbose_name = _("寄送清单")
        verbose_name_plural = _("寄送清单")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["center", "day"], name="delivery_manifest_per_day"),
            models.CheckConstraint(
                condition=Q(status="open") | Q(sent_at__isnull=False),
                name="delivery_manifest_sent_at",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Parcel(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="parcels", verbose_name=_("中心")
    )
    number = models.CharField(_("寄件编号"), max_length=40, unique=True)
    case = models.OneToOneField(
        "cases.Case", models.PROTECT, related_name="parcel", verbose_name=_("办件")
    )
    case_number = models.CharField(_("办件编号"), max_length=48)
    item_name = models.CharField(_("事项"), max_length=120)
    recipient_name = EncryptedCharField(_("收件人"))
    recipient_phone = EncryptedCharField(_("收件人电话"))
    address = EncryptedCharField(_("寄达地址"), blank=True, default="")
    # Parsed from the address: not personal, shown on lists and the manifest.
    province = models.CharField(_("省（市）"), max_length=20, blank=True)
    city = models.CharField(_("寄达城市"), max_length=20, blank=True)
    district = models.CharField(_("区（县）"), max_length=20, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ParcelStatus.choices)
    hold_reason = models.CharField(_("待核原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("登记时间"))
    manifest = models.ForeignKey(
        Manifest,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="parcels",
        verbose_name=_("寄送清单"),
    )
    fee_fen = models.PositiveIntegerField(_("寄送费（分）"), default=0)
    tracking_number = models.CharField(_("邮件号"), max_length=30, blank=True, db_index=True)
    picked_up_at = models.DateTimeField(_("揽收时间"), null=True, blank=True)
    picked_up_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("揽收人")
    )
    delivered_at = models.DateTimeField(_("妥投时间"), null=True, blank=True)
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    return_reason = models.CharField(_("退回原因"), max_length=200, blank=True)
    closed_at = models.DateTimeField(_("窗口办结时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("经办人")
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    sends = models.PositiveSmallIntegerField(_("寄出次数"), default=0)

    class Meta:
        verbose_name = _("免费寄送件")
        verbose_name_plural = _("免费寄送件")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["center", "status"], name="delivery_parcel_status")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["listed", "sent"]) | Q(manifest__isnull=False),
                name="delivery_parcel_listed_on_manifest",
            ),
            models.CheckConstraint(
                condition=~Q(status="delivered") | ~Q(tracking_number=""),
                name="delivery_parcel_delivered_tracked",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Reconciliation(models.Model):
    """A month's statement from the postal partner checked against our parcels."""

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="delivery_reconciliations", verbose_name=_("中心")
    )
    month = models.DateField(_("对账月份"))
    filename = models.CharField(_("对账单文件"), max_length=120)
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"))
    uploaded_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("上传人")
    )
    our_count = models.PositiveIntegerField(_("我方件数"))
    our_amount_fen = models.PositiveIntegerField(_("我方金额（分）"))
    their_count = models.PositiveIntegerField(_("邮政件数"))
    their_amount_fen = models.PositiveIntegerField(_("邮政金额（分）"))
    matched = models.PositiveIntegerField(_("一致件数"))
    # [{kind, parcel, tracking_number, ours, theirs}]: every difference, listed.
    differences = models.JSONField(_("差异"), default=list)

    class Meta:
        verbose_name = _("寄送对账")
        verbose_name_plural = _("寄送对账")
        ordering = ["-month", "-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.center} {self.month:%Y-%m}"

    @property
    def balanced(self) -> bool:
        return not self.differences
