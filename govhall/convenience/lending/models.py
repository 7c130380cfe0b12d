"""Lending (002 二(四): 爱心轮椅、老花镜、雨伞、手机加油站; 000 第七条): the centre's
things to lend, and each loan: to whom (masked on the pages), when lent, when
returned; what is still out at closing is the desk's list at the end of the day."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govhall.core.fields import EncryptedCharField
from govhall.core.models import Center, User


class LendKind(models.TextChoices):
    WHEELCHAIR = "wheelchair", _("爱心轮椅")
    UMBRELLA = "umbrella", _("雨伞")
    GLASSES = "glasses", _("老花镜")
    CHARGER = "charger", _("充电器、充电宝")
    MAGNIFIER = "magnifier", _("助视器")
    OTHER = "other", _("其他")


class LendingItem(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="lending_items", verbose_name=_("中心")
    )
    kind = models.CharField(_("类别"), max_length=12, choices=LendKind.choices)
    label = models.CharField(_("编号或名称"), max_length=40)
    place = models.CharField(_("存放位置"), max_length=60, blank=True)
    active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("便民借用物品")
        verbose_name_plural = _("便民借用物品")
        ordering = ("kind", "label")
        constraints = [
            models.UniqueConstraint(fields=["center", "label"], name="lending_label_once")
        ]

    def __str__(self) -> str:
        return self.label


class Loan(models.Model):
    center = models.ForeignKey(Center, models.CASCADE, related_name="loans", verbose_name=_("中心"))
    item = models.ForeignKey(
        LendingItem, models.PROTECT, related_name="loans", verbose_name=_("物品")
    )
    borrower_name = EncryptedCharField(_("借用人"))
    borrower_phone = EncryptedCharField(_("联系电话"), blank=True)
    note = models.CharField(_("备注"), max_length=100, blank=True)
    lent_at = models.DateTimeField(_("借出时间"))
    lent_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("经办人")
    )
    returned_at = models.DateTimeField(_("归还时间"), null=True, blank=True)
    returned_to = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("接收人")
    )

    class Meta:
        verbose_name = _("借用登记")
        verbose_name_plural = _("借用登记")
        ordering = ("-lent_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=Q(returned_at__isnull=True), name="one_open_loan"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.lent_at:%m-%d %H:%M}"
