"""The archival record of a case archive (cases.Archive holds the immutable
package): 档号, retention and custody. Imported by cases.models, so these are
models of the cases app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.core.models import Center, User


class Retention(models.TextChoices):
    # GB/T 18894-2016 / DA/T 22: 永久 and 定期 30 or 10 years.
    PERMANENT = "Y", _("永久")
    YEARS_30 = "D30", _("30年")
    YEARS_10 = "D10", _("10年")


RETENTION_YEARS = {Retention.PERMANENT: None, Retention.YEARS_30: 30, Retention.YEARS_10: 10}


class ArchiveState(models.TextChoices):
    CUSTODY = "custody", _("中心保管")
    TRANSFERRED = "transferred", _("已移交")
    DESTROYED = "destroyed", _("已销毁")


class TransferBatch(models.Model):
    """移交: a batch of archives handed to the archive office, with its list."""

    center = models.ForeignKey(Center, models.PROTECT, related_name="+", verbose_name=_("中心"))
    number = models.CharField(_("移交批号"), max_length=40, unique=True)
    received_by = models.CharField(_("接收人"), max_length=40)
    received_on = models.DateField(_("接收日期"))
    created_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("移交时间"))
    listing = models.BinaryField(_("移交清单"))

    class Meta:
        verbose_name = _("档案移交批次")
        verbose_name_plural = _("档案移交批次")

    def __str__(self) -> str:
        return self.number


class DestructionState(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准销毁")
    REFUSED = "refused", _("未批准")


class DestructionRequest(models.Model):
    """销毁: asked by one person with the 鉴定 note, approved by another."""

    center = models.ForeignKey(Center, models.PROTECT, related_name="+", verbose_name=_("中心"))
    number = models.CharField(_("销毁批号"), max_length=40, unique=True)
    note = models.TextField(_("鉴定意见"), max_length=1000)
    state = models.CharField(
        _("状态"), max_length=12, choices=DestructionState.choices, default="pending"
    )
    requested_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("申请时间"))
    decided_by = models.ForeignKey(User, models.PROTECT, related_name="+", null=True)
    decided_at = models.DateTimeField(_("审批时间"), null=True)
    decision_note = models.CharField(_("审批意见"), max_length=200, blank=True)
    listing = models.BinaryField(_("销毁清单"), default=b"")

    class Meta:
        verbose_name = _("档案销毁申请")
        verbose_name_plural = _("档案销毁申请")

    def __str__(self) -> str:
        return self.number


class ArchiveFile(models.Model):
    """One archive's place in the register (归档登记簿)."""

    archive = models.OneToOneField(
        "cases.Archive", models.PROTECT, related_name="file", verbose_name=_("归档包")
    )
    center = models.ForeignKey(Center, models.PROTECT, related_name="+", verbose_name=_("中心"))
    number = models.CharField(_("档号"), max_length=60, unique=True)
    fonds = models.CharField(_("全宗号"), max_length=20)
    year = models.PositiveSmallIntegerField(_("年度"))
    retention = models.CharField(_("保管期限"), max_length=4, choices=Retention.choices)
    department = models.CharField(_("机构（部门）代码"), max_length=40)
    piece = models.PositiveIntegerField(_("件号"))
    filed_on = models.DateField(_("归档日期"))
    # The first day the retention has run out (None: 永久).
    expires_on = models.DateField(_("保管期满日"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=12, choices=ArchiveState.choices, default=ArchiveState.CUSTODY
    )
    transfer = models.ForeignKey(
        TransferBatch, models.PROTECT, null=True, blank=True, related_name="files"
    )
    destruction = models.ForeignKey(
        DestructionRequest, models.PROTECT, null=True, blank=True, related_name="files"
    )
    destroyed_at = models.DateTimeField(_("销毁时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("档案登记")
        verbose_name_plural = _("档案登记")
        ordering = ["year", "retention", "department", "piece"]
        constraints = [
            models.UniqueConstraint(
                fields=["fonds", "year", "retention", "department", "piece"],
                name="archive_piece_unique",
            )
        ]

    def __str__(self) -> str:
        return self.number
