"""Attendance (考勤, 001 附录E E.1): the punches of each person at their centre,
lateness reported beforehand at the service desk (E.1.4), force majeure days
(E.1.5) and the clock faults that a missing punch is added for (E.1.3).

Late and early minutes are not stored: they follow from the day's punches, the
centre's hours and calendar and these records (rules.py), so an excuse or a
force-majeure day recorded later changes the ledger without rewriting punches."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.core.models import ApiToken, Center, User


class PunchKind(models.TextChoices):
    IN = "in", _("签到")
    OUT = "out", _("签退")


class PunchSource(models.TextChoices):
    DEVICE = "device", _("考勤机")
    SELF = "self", _("本人（窗口工作台）")
    MANUAL = "manual", _("中心补录")


class Punch(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="punches", verbose_name=_("中心")
    )
    user = models.ForeignKey(
        User, models.CASCADE, related_name="punches", verbose_name=_("工作人员")
    )
    kind = models.CharField(_("类型"), max_length=3, choices=PunchKind.choices)
    at = models.DateTimeField(_("打卡时间"))
    day = models.DateField(_("日期"))  # the local date of `at`
    source = models.CharField(_("来源"), max_length=10, choices=PunchSource.choices)
    device = models.ForeignKey(
        ApiToken,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("考勤设备"),
    )
    # A punch added by the centre (补录): who added it, why, for which fault.
    added_by = models.ForeignKey(
        User, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("补录人")
    )
    reason = models.CharField(_("补录原因"), max_length=200, blank=True)
    fault = models.ForeignKey(
        "staff.DeviceFault",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="punches",
        verbose_name=_("设备故障"),
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("打卡记录")
        verbose_name_plural = _("打卡记录")
        ordering = ["at"]
        indexes = [
            models.Index(fields=["center", "day"], name="punch_center_day"),
            models.Index(fields=["user", "day"], name="punch_user_day"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(source="manual") | ~models.Q(reason=""),
                name="punch_manual_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.staff_number} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class ExcuseKind(models.TextChoices):
    LATE = "late", _("迟到报备")
    EARLY = "early", _("提前离岗报备")


class Excuse(models.Model):
    """E.1.4: lateness (or leaving early) for work reasons, reported beforehand
    and written in the service desk's book; not counted up to the time given."""

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="attendance_excuses", verbose_name=_("中心")
    )
    user = models.ForeignKey(
        User, models.CASCADE, related_name="attendance_excuses", verbose_name=_("工作人员")
    )
    day = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=5, choices=ExcuseKind.choices)
    # Late: when they expect to arrive; early: when they will leave.
    expected_at = models.DateTimeField(_("预计时间"))
    reason = models.CharField(_("事由"), max_length=200)
    recorded_by = models.ForeignKey(
        User, models.PROTECT, related_name="+", verbose_name=_("登记人")
    )
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("考勤报备")
        verbose_name_plural = _("考勤报备")
        ordering = ["-day", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "user", "day", "kind"], name="attendance_excuse_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.staff_number} {self.day} {self.get_kind_display()}"


class ForceMajeure(models.Model):
    """E.1.5: natural disasters, road closures, a metro breakdown: lateness (and
    absence) that day is not counted, for the persons named or for everyone."""

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="force_majeure_days", verbose_name=_("中心")
    )
    day = models.DateField(_("日期"))
    reason = models.CharField(_("原因"), max_length=200)
    everyone = models.BooleanField(_("适用全体人员"), default=False)
    users = models.ManyToManyField(
        User, blank=True, related_name="force_majeure_days", verbose_name=_("适用人员")
    )
    recorded_by = models.ForeignKey(
        User, models.PROTECT, related_name="+", verbose_name=_("登记人")
    )
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("不可抗力")
        verbose_name_plural = _("不可抗力")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day} {self.reason}"


class DeviceFault(models.Model):
    """E.1.3: the clock could not take punches; reported to the centre, which
    then adds the missing punches (Punch.source = manual, fault = this)."""

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="attendance_faults", verbose_name=_("中心")
    )
    device = models.CharField(_("设备"), max_length=60)
    started_at = models.DateTimeField(_("故障开始"))
    ended_at = models.DateTimeField(_("恢复时间"), null=True, blank=True)
    description = models.CharField(_("故障情况"), max_length=200)
    reported_by = models.ForeignKey(
        User, models.PROTECT, related_name="+", verbose_name=_("报告人")
    )
    reported_at = models.DateTimeField(_("报告时间"))

    class Meta:
        verbose_name = _("考勤设备故障")
        verbose_name_plural = _("考勤设备故障")
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True)
                | models.Q(ended_at__gte=models.F("started_at")),
                name="attendance_fault_dates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.device} {self.started_at:%Y-%m-%d %H:%M}"
