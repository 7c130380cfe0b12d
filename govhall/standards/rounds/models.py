"""Inspection rounds (002 三(一) 每周值周巡查; 001 6.4.1.1 日常巡查; 000 第十二条).

The week's schedule names who walks which round when; the walker ticks each
item of the checklist (checklist.json, citing its clause) ok or not ok on a
tablet, a note and a photo for what is not; closing the round turns each
not-ok item into a rectification task with its owner and deadline.

planned → walking (the first item checked) → closed; planned → cancelled."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.core.models import Center, User

from ..tasks.models import RectificationTask


class RoundStatus(models.TextChoices):
    PLANNED = "planned", _("待巡查")
    WALKING = "walking", _("巡查中")
    CLOSED = "closed", _("已完成")
    CANCELLED = "cancelled", _("已取消")


class Slot(models.TextChoices):
    MORNING = "morning", _("上午")
    AFTERNOON = "afternoon", _("下午")


def photo_path(check: RoundCheck, filename: str) -> str:
    return f"standards/rounds/{check.round.center_id}/{uuid.uuid4().hex}.jpg"


class Round(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="inspection_rounds", verbose_name=_("中心")
    )
    planned_on = models.DateField(_("计划日期"))
    slot = models.CharField(_("时段"), max_length=10, choices=Slot.choices)
    walker = models.ForeignKey(User, models.PROTECT, related_name="+", verbose_name=_("巡查人"))
    area = models.CharField(_("巡查范围"), max_length=80, default="", blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.PLANNED
    )
    planned_by = models.ForeignKey(
        User, models.SET_NULL, null=True, related_name="+", verbose_name=_("安排人")
    )
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("完成人")
    )
    summary = models.CharField(_("巡查小结"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("巡查")
        verbose_name_plural = _("巡查记录")
        ordering = ["planned_on", "slot", "pk"]
        indexes = [models.Index(fields=["center", "planned_on"], name="std_round_day")]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "planned_on", "slot", "walker"],
                name="std_round_unique_slot",
            )
        ]

    def __str__(self) -> str:
        return f"{self.planned_on} {self.get_slot_display()} {self.walker}"


class RoundCheck(models.Model):
    round = models.ForeignKey(Round, models.CASCADE, related_name="checks", verbose_name=_("巡查"))
    item = models.CharField(_("检查项"), max_length=8)
    ok = models.BooleanField(_("符合"))
    note = models.CharField(_("问题描述"), max_length=300, blank=True)
    photo = models.FileField(_("照片"), upload_to=photo_path, blank=True, max_length=200)
    # A finding's owner and deadline (not-ok items); the task opened at the close.
    owner = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("整改责任人")
    )
    due = models.DateField(_("整改期限"), null=True, blank=True)
    task = models.ForeignKey(
        RectificationTask,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("整改任务"),
    )
    checked_by = models.ForeignKey(
        User, models.SET_NULL, null=True, related_name="+", verbose_name=_("检查人")
    )
    checked_at = models.DateTimeField(_("检查时间"))

    class Meta:
        verbose_name = _("巡查检查项")
        verbose_name_plural = _("巡查检查项")
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "item"], name="std_round_check_unique")
        ]

    def __str__(self) -> str:
        return f"{self.round_id} {self.item}"
