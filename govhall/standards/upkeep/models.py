"""Upkeep of the hall's installations (001 6.4.3) and its daily cleaning (6.4.2).

Each installation (the machine room's servers, the network, monitoring, alarms,
emergency lights, fire equipment, the AED…) has a keeper (专人负责, 6.4.3.1) and
a maintenance cycle; its next due date follows from the last maintenance that
left it working (ok or fixed): a failed one leaves the date where it was, so the
installation stays due, and opens a rectification task."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govhall.core.models import Center, User
from govhall.hall.models import Zone

from ..tasks.models import RectificationTask


class InstallationKind(models.TextChoices):
    SERVER = "server", _("机房服务器")
    NETWORK = "network", _("网络设备")
    MONITORING = "monitoring", _("监控装置")
    ALARM = "alarm", _("报警装置")
    EMERGENCY_LIGHT = "emergency_light", _("应急照明灯")
    FIRE = "fire", _("消防设施")
    AED = "aed", _("自动体外除颤器（AED）")
    SIGNAGE = "signage", _("告知性标识")
    OTHER = "other", _("其他设施设备")


class Cycle(models.TextChoices):
    DAYS = "days", _("按天数")
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    YEARLY = "yearly", _("每年")


class MaintenanceResult(models.TextChoices):
    OK = "ok", _("正常")
    FIXED = "fixed", _("已修复")
    FAILED = "failed", _("故障未修复")


def attachment_path(log: MaintenanceLog, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"standards/upkeep/{log.center_id}/{uuid.uuid4().hex}.{ext}"


class Installation(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="installations", verbose_name=_("中心")
    )
    name = models.CharField(_("名称"), max_length=80)
    kind = models.CharField(_("类别"), max_length=20, choices=InstallationKind.choices)
    zone = models.ForeignKey(
        Zone, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("所在区域")
    )
    location = models.CharField(_("具体位置"), max_length=80, blank=True)
    keeper = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("责任人")
    )
    cycle = models.CharField(_("维保周期"), max_length=12, choices=Cycle.choices)
    every_days = models.PositiveSmallIntegerField(_("间隔天数"), null=True, blank=True)
    # The first due date is one cycle after this (installation or last known check).
    since = models.DateField(_("启用日期"))
    last_done = models.DateField(_("最近一次维保"), null=True, blank=True)
    next_due = models.DateField(_("下次维保日期"))
    is_active = models.BooleanField(_("在用"), default=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("设施设备")
        verbose_name_plural = _("设施设备维保台账")
        ordering = ["next_due", "pk"]
        indexes = [models.Index(fields=["center", "is_active", "next_due"], name="std_inst_due")]
        constraints = [
            models.UniqueConstraint(fields=["center", "name"], name="std_inst_name_unique"),
            models.CheckConstraint(
                condition=~Q(cycle="days") | Q(every_days__gte=1), name="std_inst_days_cycle"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MaintenanceLog(models.Model):
    center = models.ForeignKey(Center, models.CASCADE, related_name="+", verbose_name=_("中心"))
    installation = models.ForeignKey(
        Installation, models.CASCADE, related_name="logs", verbose_name=_("设施设备")
    )
    done_on = models.DateField(_("维保日期"))
    done_by = models.ForeignKey(
        User, models.SET_NULL, null=True, related_name="+", verbose_name=_("登记人")
    )
    # Who did the work when it was a contractor (维保单位), free text.
    worker = models.CharField(_("维保人员/单位"), max_length=80, blank=True)
    result = models.CharField(_("结果"), max_length=10, choices=MaintenanceResult.choices)
    note = models.CharField(_("情况说明"), max_length=300, blank=True)
    attachment = models.FileField(
        _("照片或报告"), upload_to=attachment_path, blank=True, max_length=200
    )
    attachment_type = models.CharField(max_length=40, blank=True)
    recorded_at = models.DateTimeField(_("登记时间"))
    # A failed maintenance opens a rectification task (source "upkeep").
    task = models.ForeignKey(
        RectificationTask,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("整改任务"),
    )

    class Meta:
        verbose_name = _("维保记录")
        verbose_name_plural = _("维保记录")
        ordering = ["-done_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.installation} {self.done_on}"


class CleaningTick(models.Model):
    """One item of 6.4.2 checked in one zone on one day."""

    center = models.ForeignKey(Center, models.CASCADE, related_name="+", verbose_name=_("中心"))
    zone = models.ForeignKey(Zone, models.CASCADE, related_name="+", verbose_name=_("区域"))
    day = models.DateField(_("日期"))
    item = models.CharField(_("项目"), max_length=4)
    ticked_by = models.ForeignKey(
        User, models.SET_NULL, null=True, related_name="+", verbose_name=_("检查人")
    )
    ticked_at = models.DateTimeField(_("检查时间"))

    class Meta:
        verbose_name = _("保洁检查")
        verbose_name_plural = _("保洁检查")
        ordering = ["day", "zone", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "day", "zone", "item"], name="std_cleaning_tick_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.zone_id} {self.item}"
