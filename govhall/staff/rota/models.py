"""The duty manager rota (值班长, 003 §四(一)3(5)) and staff changes (人员调整,
003 §四(一)3(1)-(2), 001 C.2.7-C.2.8).

The centre names two or more capable staff as its duty managers; they take
turns, one a service day, on a rota laid out month by month. A staff change is
asked for in writing a month ahead and is "first in, then out": the successor
starts before the person leaving ends; the centre consents or refuses."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govhall.core.models import Center, User


class DutyManager(models.Model):
    """A person the centre has named to take turns as 值班长."""

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="duty_managers", verbose_name=_("中心")
    )
    user = models.ForeignKey(
        User, models.CASCADE, related_name="duty_manager_posts", verbose_name=_("工作人员")
    )
    # Their place in the turns (0 first).
    position = models.PositiveSmallIntegerField(_("轮值顺序"), default=0)
    named_on = models.DateField(_("指派日期"))
    named_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("指派人")
    )
    # Whether naming them gave them the duty_manager role (removing them takes
    # it back); a person who held it already keeps it.
    granted_role = models.BooleanField(_("由指派授予值班长角色"), default=False)

    class Meta:
        verbose_name = _("值班长")
        verbose_name_plural = _("值班长")
        ordering = ["center", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["center", "user"], name="rota_duty_manager_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user.display_name}"


class RotaDay(models.Model):
    """Who is the duty manager on one service day of a centre."""

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="rota_days", verbose_name=_("中心")
    )
    date = models.DateField(_("日期"))
    user = models.ForeignKey(
        User, models.PROTECT, related_name="rota_days", verbose_name=_("值班长")
    )
    changed_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("排班人")
    )
    changed_at = models.DateTimeField(_("排班时间"), auto_now=True)

    class Meta:
        verbose_name = _("值班安排")
        verbose_name_plural = _("值班安排")
        ordering = ["center", "date"]
        constraints = [
            models.UniqueConstraint(fields=["center", "date"], name="rota_day_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.user.display_name}"


class StaffChangeStatus(models.TextChoices):
    PENDING = "pending", _("待决定")
    CONSENTED = "consented", _("已同意")
    REFUSED = "refused", _("不同意")


class StaffChange(models.Model):
    """A written request to change a person at the centre (人员调整): who leaves,
    why, when, and who comes in (or "to be named") and when."""

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="staff_changes", verbose_name=_("中心")
    )
    leaving = models.ForeignKey(
        User, models.PROTECT, related_name="staff_changes_leaving", verbose_name=_("调离人员")
    )
    reason = models.CharField(_("调整原因"), max_length=200)
    requested_on = models.DateField(_("书面申请日期"))
    end_on = models.DateField(_("拟离岗日期"))
    # None: the successor is still to be named (待定).
    successor = models.ForeignKey(
        User,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_changes_succeeding",
        verbose_name=_("接替人员"),
    )
    successor_start_on = models.DateField(_("接替人员到岗日期"))
    status = models.CharField(
        _("状态"), max_length=12, choices=StaffChangeStatus.choices, default="pending"
    )
    recorded_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("登记人")
    )
    decided_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("决定人")
    )
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision_reason = models.CharField(_("决定意见"), max_length=200, blank=True)
    # Consented although the person had not reached the minimum tenure (003).
    tenure_waived = models.BooleanField(_("同意提前调整"), default=False)

    class Meta:
        verbose_name = _("人员调整申请")
        verbose_name_plural = _("人员调整申请")
        ordering = ["center", "-requested_on", "-pk"]
        constraints = [
            # First in, then out (001 C.2.8).
            models.CheckConstraint(
                condition=Q(successor_start_on__lt=models.F("end_on")),
                name="staff_change_first_in_then_out",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_on__isnull=True)
                | (~Q(status="pending") & Q(decided_on__isnull=False)),
                name="staff_change_decided_on",
            ),
        ]
        indexes = [models.Index(fields=["center", "status"], name="staff_change_open")]

    def __str__(self) -> str:
        return f"{self.leaving.display_name} → {self.end_on:%Y-%m-%d}"
