"""The self-audit's data: the requirements of the seeds (loaded from
data/requirements.json by a migration), the evidence a centre files for the
rows no data can tell, and the audits it ran (a snapshot each)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.core.models import Center, User


class Applies(models.TextChoices):
    MANDATORY = "√", _("必配")
    OPTIONAL = "○", _("选配")
    NONE = "–", _("不适用")


class CheckKind(models.TextChoices):
    AUTO = "auto", _("系统数据判断")
    EVIDENCE = "evidence", _("佐证材料确认")


class Requirement(models.Model):
    ref = models.CharField(_("依据"), max_length=40, unique=True)
    seed = models.CharField(_("来源文件"), max_length=8)
    table = models.CharField(_("表/条"), max_length=20)
    row = models.PositiveSmallIntegerField(_("行"))
    section = models.CharField(_("章节"), max_length=60)
    text = models.CharField(_("要求"), max_length=200)
    seed_text = models.CharField(_("原文"), max_length=300)
    applies_district = models.CharField(max_length=1, choices=Applies.choices)
    applies_department = models.CharField(max_length=1, choices=Applies.choices)
    applies_town = models.CharField(max_length=1, choices=Applies.choices)
    check_kind = models.CharField(_("检查方式"), max_length=10, choices=CheckKind.choices)
    function = models.CharField(_("检查函数"), max_length=40, blank=True)
    params = models.JSONField(default=dict, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("标准要求")
        verbose_name_plural = _("标准要求")
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.ref} {self.text}"

    @property
    def seed_cell(self) -> str:
        """The seed's own name of the row (its first cell), for the page."""
        return self.seed_text.split(" | ")[0]

    def applies(self, level: str) -> str:
        return getattr(self, f"applies_{level}", Applies.NONE)


class Evidence(models.Model):
    """A photo or document for a requirement, and who confirmed it."""

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="standard_evidence", verbose_name=_("中心")
    )
    requirement = models.ForeignKey(
        Requirement, models.CASCADE, related_name="evidence", verbose_name=_("要求")
    )
    file = models.FileField(_("文件"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(default=0)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"))
    uploaded_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("上传人")
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("确认人")
    )

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.requirement_id} {self.file.name}"


class AuditRun(models.Model):
    """A self-audit as it stood when the centre ran it: the score and every row."""

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="audit_runs", verbose_name=_("中心")
    )
    level = models.CharField(_("中心级别"), max_length=20)
    run_at = models.DateTimeField(_("自查时间"))
    run_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("自查人")
    )
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    counts = models.JSONField(default=dict)
    items = models.JSONField(default=list)
    tasks_opened = models.PositiveIntegerField(_("新开整改任务"), default=0)

    class Meta:
        verbose_name = _("自查记录")
        verbose_name_plural = _("自查记录")
        ordering = ["-run_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.center_id} {self.run_at:%Y-%m-%d} {self.score}"
