"""Efficiency supervision (效能监督, 001 6.6.2.2): the findings of the automatic
checks of public information, timeliness, lawfulness of process and service
norms, each owned by the one responsible, with a deadline in working days.

open → closed (the owner's or the admin's close-out note) → verified (optional,
by someone else). A run that no longer sees a finding's problem marks it
`cause_gone_at`; it still needs its close-out. While a finding's cause stands
(cause_gone_at is null) no second finding opens for the same problem key."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.models import Center, User


class FindingKind(models.TextChoices):
    GUIDE_INCOMPLETE = "guide_incomplete", _("办事指南要素不全")
    PUBLISH_LATE = "publish_late", _("指南变更逾期未发布")
    CASE_OVERDUE = "case_overdue", _("办件超期")
    CASE_PROCESS = "case_process", _("办件环节或文书缺失")
    WINDOW_LATE = "window_late", _("窗口未按时开放")


class FindingState(models.TextChoices):
    OPEN = "open", _("待整改")
    CLOSED = "closed", _("已整改")
    VERIFIED = "verified", _("已核实")


class Finding(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="supervision_findings", verbose_name=_("中心")
    )
    kind = models.CharField(_("类别"), max_length=20, choices=FindingKind.choices)
    # The seed clause the check enforces, e.g. "004 第二条".
    ref = models.CharField(_("依据"), max_length=60)
    # What identifies the problem across runs (kind:object[:rule][:day]).
    key = models.CharField(_("问题标识"), max_length=120)
    subject = models.CharField(_("对象"), max_length=200)
    detail = models.TextField(_("问题说明"), max_length=2000)
    owner = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("责任人")
    )
    deadline = models.DateField(_("整改期限"))
    deadline_provisional = models.BooleanField(_("期限为预计"), default=False)
    state = models.CharField(
        _("状态"), max_length=10, choices=FindingState.choices, default=FindingState.OPEN
    )
    opened_on = models.DateField(_("发现日期"))
    opened_at = models.DateTimeField(_("发现时间"))
    cause_gone_at = models.DateTimeField(_("问题消除时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("整改时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("整改人")
    )
    close_note = models.TextField(_("整改情况"), blank=True, max_length=2000)
    verified_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    verified_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("核实人")
    )

    class Meta:
        verbose_name = _("监督发现")
        verbose_name_plural = _("监督发现")
        ordering = ["state", "deadline", "pk"]
        indexes = [models.Index(fields=["center", "state", "kind"])]
        constraints = [
            # One finding per standing problem: a run twice, or two at once, open one.
            models.UniqueConstraint(
                fields=["center", "key"],
                condition=models.Q(cause_gone_at__isnull=True),
                name="supervision_one_standing_finding",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.subject}"

    @property
    def overdue(self) -> bool:
        return self.state == FindingState.OPEN and self.deadline < timezone.localdate()
