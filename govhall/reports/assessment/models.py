"""The monthly staff assessment (考核, 001 6.2.3.3-6.2.3.4, C.2.9): the centre's
weights, a run per month (draft → published for objections → final), each
person's result with the raw figures behind it, and their objections."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.core.models import Center, Department, User


class AssessmentScheme(models.Model):
    """The weights of the four parts (summing to 100) and the objection window."""

    center = models.OneToOneField(
        Center, models.CASCADE, related_name="assessment_scheme", verbose_name=_("中心")
    )
    w_quality = models.PositiveSmallIntegerField(_("服务质量权重"), default=40)
    w_efficiency = models.PositiveSmallIntegerField(_("工作效能权重"), default=30)
    w_attendance = models.PositiveSmallIntegerField(_("考勤权重"), default=20)
    w_training = models.PositiveSmallIntegerField(_("培训权重"), default=10)
    objection_days = models.PositiveSmallIntegerField(_("公示异议期（工作日）"), default=5)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    updated_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("修改人")
    )

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")

    def __str__(self) -> str:
        return f"{self.center_id}"

    def weights(self) -> dict[str, int]:
        return {
            "quality": self.w_quality,
            "efficiency": self.w_efficiency,
            "attendance": self.w_attendance,
            "training": self.w_training,
        }


class RunState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("公示中")
    FINAL = "final", _("已定稿")


class AssessmentRun(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="assessment_runs", verbose_name=_("中心")
    )
    month = models.DateField(_("考核月份"))  # its first day
    state = models.CharField(
        _("状态"), max_length=10, choices=RunState.choices, default=RunState.DRAFT
    )
    weights = models.JSONField(_("权重"), default=dict)
    # The centre's figures the person's are compared with (mean service time, ...).
    center_figures = models.JSONField(_("中心指标"), default=dict)
    computed_at = models.DateTimeField(_("计算时间"))
    computed_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("计算人")
    )
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    objection_until = models.DateField(_("异议截止日期"), null=True, blank=True)
    objection_until_provisional = models.BooleanField(_("截止日期为预计"), default=False)
    finalized_at = models.DateTimeField(_("定稿时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("月度考核")
        verbose_name_plural = _("月度考核")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["center", "month"], name="assessment_run_month")
        ]

    def __str__(self) -> str:
        return f"{self.center.code} {self.month:%Y-%m}"


class AssessmentResult(models.Model):
    run = models.ForeignKey(
        AssessmentRun, models.CASCADE, related_name="results", verbose_name=_("月度考核")
    )
    user = models.ForeignKey(User, models.CASCADE, related_name="+", verbose_name=_("工作人员"))
    department = models.ForeignKey(
        Department,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("所属部门"),
    )
    quality = models.FloatField(_("服务质量得分"))
    efficiency = models.FloatField(_("工作效能得分"))
    attendance = models.FloatField(_("考勤得分"))
    training = models.FloatField(_("培训得分"))
    computed_total = models.FloatField(_("计算总分"))
    adjustment = models.FloatField(_("异议调整"), default=0)
    adjustment_note = models.CharField(_("调整说明"), max_length=500, blank=True)
    total = models.FloatField(_("总分"))
    rank = models.PositiveSmallIntegerField(_("名次"), default=0)
    raw = models.JSONField(_("原始指标"), default=dict)

    class Meta:
        verbose_name = _("考核结果")
        verbose_name_plural = _("考核结果")
        ordering = ["rank", "user__staff_number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "user"], name="assessment_result_person")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.user_id}"


class ObjectionState(models.TextChoices):
    PENDING = "pending", _("待答复")
    UPHELD = "upheld", _("异议成立")
    REJECTED = "rejected", _("异议不成立")


class Objection(models.Model):
    # One objection per result: a second would only repeat the first.
    result = models.OneToOneField(
        AssessmentResult, models.CASCADE, related_name="objection", verbose_name=_("考核结果")
    )
    reason = models.TextField(_("异议理由"))
    filed_at = models.DateTimeField(_("提出时间"))
    state = models.CharField(
        _("状态"), max_length=10, choices=ObjectionState.choices, default=ObjectionState.PENDING
    )
    answer = models.TextField(_("答复"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("答复人")
    )

    class Meta:
        verbose_name = _("考核异议")
        verbose_name_plural = _("考核异议")

    def __str__(self) -> str:
        return f"{self.result_id}"
