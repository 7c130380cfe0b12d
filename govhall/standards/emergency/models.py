"""Emergency plans (001 6.4.4.4): one plan per kind of emergency the seed names
(fire, power cut, theft, disorder, injury, epidemic, network attack), each with
its steps, the people responsible and their phones, a version and a review date;
and the drills held on them, whose findings become rectification tasks."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govhall.core.fields import EncryptedCharField
from govhall.core.models import Center, User

from ..tasks.models import RectificationTask


class PlanKind(models.TextChoices):
    FIRE = "fire", _("突发火灾")
    POWER_CUT = "power_cut", _("停电")
    THEFT = "theft", _("盗窃")
    DISORDER = "disorder", _("秩序骚乱")
    INJURY = "injury", _("人身伤害")
    EPIDEMIC = "epidemic", _("传染病")
    NETWORK_ATTACK = "network_attack", _("网络攻击")


class EmergencyPlan(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="emergency_plans", verbose_name=_("中心")
    )
    kind = models.CharField(_("预案类别"), max_length=20, choices=PlanKind.choices)
    title = models.CharField(_("预案名称"), max_length=100)
    # One step a line: what is done, in order, by whom.
    steps = models.TextField(_("处置步骤"), max_length=4000)
    version = models.CharField(_("版本"), max_length=20)
    reviewed_on = models.DateField(_("审定日期"))
    next_review = models.DateField(_("下次修订日期"))
    updated_by = models.ForeignKey(
        User, models.SET_NULL, null=True, related_name="+", verbose_name=_("修订人")
    )
    updated_at = models.DateTimeField(_("修订时间"))

    class Meta:
        verbose_name = _("应急预案")
        verbose_name_plural = _("应急预案")
        ordering = ["center", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["center", "kind"], name="std_plan_kind_unique"),
            models.CheckConstraint(
                condition=Q(next_review__gt=models.F("reviewed_on")), name="std_plan_review"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def step_lines(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]


class PlanContact(models.Model):
    plan = models.ForeignKey(
        EmergencyPlan, models.CASCADE, related_name="contacts", verbose_name=_("预案")
    )
    duty = models.CharField(_("职责"), max_length=40)  # 总指挥, 现场处置, 疏散引导…
    name = models.CharField(_("姓名"), max_length=40)
    phone = EncryptedCharField(_("联系电话"))
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("预案联系人")
        verbose_name_plural = _("预案联系人")
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.duty} {self.name}"


class Drill(models.Model):
    center = models.ForeignKey(Center, models.CASCADE, related_name="+", verbose_name=_("中心"))
    plan = models.ForeignKey(
        EmergencyPlan, models.PROTECT, related_name="drills", verbose_name=_("预案")
    )
    held_on = models.DateField(_("演练日期"))
    participants = models.PositiveIntegerField(_("参演人数"))
    duration_minutes = models.PositiveIntegerField(_("用时（分钟）"))
    scenario = models.CharField(_("演练情景"), max_length=300)
    recorded_by = models.ForeignKey(
        User, models.SET_NULL, null=True, related_name="+", verbose_name=_("记录人")
    )
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("应急演练")
        verbose_name_plural = _("应急演练")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(participants__gte=1), name="std_drill_people"),
            models.CheckConstraint(condition=Q(duration_minutes__gte=1), name="std_drill_minutes"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.held_on}"


class DrillFinding(models.Model):
    drill = models.ForeignKey(Drill, models.CASCADE, related_name="findings")
    text = models.CharField(_("发现问题"), max_length=200)
    task = models.ForeignKey(
        RectificationTask, models.SET_NULL, null=True, related_name="+", verbose_name=_("整改任务")
    )

    class Meta:
        verbose_name = _("演练发现问题")
        verbose_name_plural = _("演练发现问题")
        ordering = ["drill", "pk"]

    def __str__(self) -> str:
        return self.text
