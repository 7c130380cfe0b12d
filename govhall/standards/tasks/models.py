"""Rectification tasks (整改任务): a gap of the self-audit, a finding of an inspection
round, a missed maintenance or a drill's lesson, owned by someone with a deadline.

open → done (closed by the owner or the admin, with a note and optional evidence)
→ verified (confirmed by the admin or the district); done → open again when the
verification refuses it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.core.models import Center, User


class TaskSource(models.TextChoices):
    AUDIT = "audit", _("自查")
    ROUND = "round", _("巡查")
    UPKEEP = "upkeep", _("设施维护")
    DRILL = "drill", _("应急演练")
    REVIEW = "review", _("区级检查")
    OTHER = "other", _("其他")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("待整改")
    DONE = "done", _("已整改，待验收")
    VERIFIED = "verified", _("已验收")


# A task that still stands for its gap: a second one for the same ref is not opened.
UNFINISHED = (TaskStatus.OPEN, TaskStatus.DONE)


class RectificationTask(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="rectification_tasks", verbose_name=_("中心")
    )
    source = models.CharField(_("来源"), max_length=16, choices=TaskSource.choices)
    # The requirement's ref (e.g. "001/表3/3") or the finding's id in its source.
    ref = models.CharField(_("依据"), max_length=80)
    title = models.CharField(_("整改事项"), max_length=200)
    description = models.TextField(_("说明"), blank=True, max_length=2000)
    owner = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("责任人")
    )
    due = models.DateField(_("整改期限"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    created_at = models.DateTimeField(_("创建时间"))
    created_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("创建人")
    )
    closed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("完成人")
    )
    close_note = models.TextField(_("整改情况"), blank=True, max_length=2000)
    evidence = models.FileField(_("整改佐证"), blank=True, max_length=200)
    evidence_type = models.CharField(_("佐证类型"), max_length=40, blank=True)
    verified_at = models.DateTimeField(_("验收时间"), null=True, blank=True)
    verified_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("验收人")
    )
    verify_note = models.TextField(_("验收意见"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("整改任务")
        verbose_name_plural = _("整改任务")
        ordering = ["status", "due", "pk"]
        indexes = [models.Index(fields=["center", "source", "ref", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def overdue(self) -> bool:
        from django.utils import timezone

        return bool(self.due and self.status == TaskStatus.OPEN and self.due < timezone.localdate())
