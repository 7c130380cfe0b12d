"""一件事 bundles (several items taken in as one, 001 专窗 "一件事") and transfers
of a case to another department's back office (首问负责, 001 B.1).

Imported at the end of models.py: the bundle is cases-level because a member is
a Case; its definition is managed by the centre's catalog.manage holders."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import ServiceItem
from govhall.core.fields import EncryptedCharField
from govhall.core.models import Center, Department, User


class Bundle(models.Model):
    """A 一件事 as the centre offers it: a name and its items, in order."""

    center = models.ForeignKey(
        Center, models.PROTECT, related_name="bundles", verbose_name=_("中心")
    )
    name = models.CharField(_("一件事名称"), max_length=60)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        verbose_name = _("一件事")
        verbose_name_plural = _("一件事")
        ordering = ["center", "name"]
        constraints = [
            models.UniqueConstraint(fields=["center", "name"], name="cases_bundle_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class BundleItem(models.Model):
    bundle = models.ForeignKey(
        Bundle, models.CASCADE, related_name="entries", verbose_name=_("一件事")
    )
    item = models.ForeignKey(ServiceItem, models.PROTECT, related_name="+", verbose_name=_("事项"))
    position = models.PositiveSmallIntegerField(_("序号"), default=0)

    class Meta:
        verbose_name = _("一件事事项")
        verbose_name_plural = _("一件事事项")
        ordering = ["bundle", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["bundle", "item"], name="cases_bundle_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.bundle} {self.item_id}"


class BundleApplication(models.Model):
    """One intake of a bundle: the cases it made, the combined notice, the one output."""

    center = models.ForeignKey(Center, models.PROTECT, related_name="+", verbose_name=_("中心"))
    bundle = models.ForeignKey(
        Bundle, models.PROTECT, related_name="applications", verbose_name=_("一件事")
    )
    number = models.CharField(_("一件事编号"), max_length=48, unique=True)
    bundle_name = models.CharField(_("一件事名称"), max_length=60)
    applicant_name = EncryptedCharField(_("申请人"))
    received_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("收件人")
    )
    received_at = models.DateTimeField(_("收件时间"))
    # The combined 受理通知书 (or 一次性告知单 when any item waits), written once.
    notice = models.BinaryField(_("合并告知书"))
    notice_sha256 = models.CharField(max_length=64, editable=False)
    delivered_at = models.DateTimeField(_("统一出件时间"), null=True, blank=True)
    delivered_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("出件人")
    )

    class Meta:
        verbose_name = _("一件事办件")
        verbose_name_plural = _("一件事办件")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return self.number


class BundleMember(models.Model):
    application = models.ForeignKey(
        BundleApplication, models.CASCADE, related_name="members", verbose_name=_("一件事办件")
    )
    case = models.OneToOneField(
        "cases.Case", models.PROTECT, related_name="bundle_member", verbose_name=_("办件")
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=0)

    class Meta:
        verbose_name = _("一件事所含办件")
        verbose_name_plural = _("一件事所含办件")
        ordering = ["application", "position", "id"]

    def __str__(self) -> str:
        return f"{self.application} {self.case_id}"


class CaseTransfer(models.Model):
    """A case moved to another department's back office; its clock is not touched."""

    case = models.ForeignKey(
        "cases.Case", models.CASCADE, related_name="transfers", verbose_name=_("办件")
    )
    from_department = models.ForeignKey(
        Department, models.PROTECT, related_name="+", verbose_name=_("原承办部门")
    )
    to_department = models.ForeignKey(
        Department, models.PROTECT, related_name="+", verbose_name=_("转入部门")
    )
    by = models.ForeignKey(
        User, models.SET_NULL, null=True, related_name="+", verbose_name=_("转办人")
    )
    at = models.DateTimeField(_("转办时间"))
    reason = models.TextField(_("转办理由"))

    class Meta:
        verbose_name = _("办件转办")
        verbose_name_plural = _("办件转办")
        ordering = ["case", "at", "id"]

    def __str__(self) -> str:
        return f"{self.case} → {self.to_department_id}"
