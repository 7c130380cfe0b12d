"""Free printing and copying (000 第十四-二十条): the print room's log, the daily
tally that holds each person's free quota, and the public computer's sessions.

A job is logged whether it was done or refused (closed, out of scope, over the
quota), so the day's log shows the refusals and why; malformed input is never
logged. The quota counts per person per day: the ID number's keyed hash, or the
ticket when no number was given (a ticket taken with an ID number counts as that
number)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import ServiceItem
from govhall.core.fields import EncryptedIdNumberField
from govhall.core.models import Center, User
from govhall.queueing.models import Ticket


class JobKind(models.TextChoices):
    PRINT = "print", _("打印")
    COPY = "copy", _("复印")


class JobStatus(models.TextChoices):
    DONE = "done", _("已提供")
    REFUSED = "refused", _("已拒绝")


class PrintJob(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="print_jobs", verbose_name=_("中心")
    )
    day = models.DateField(_("日期"))
    at = models.DateTimeField(_("时间"))
    kind = models.CharField(_("类别"), max_length=8, choices=JobKind.choices, default="print")
    # Who: "id:<keyed hash>" or "ticket:<id>"; empty only on a refusal before it was known.
    person_key = models.CharField(max_length=80, blank=True, db_index=True, editable=False)
    id_number = EncryptedIdNumberField(
        _("身份证号码"), hash_field="id_number_hash", null=True, blank=True
    )
    id_number_hash = models.CharField(max_length=64, blank=True, editable=False)
    ticket = models.ForeignKey(
        Ticket, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("取号单")
    )
    item = models.ForeignKey(
        ServiceItem,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("事项"),
    )
    sheets = models.PositiveSmallIntegerField(_("张数"))
    purpose = models.CharField(_("用途"), max_length=100)
    status = models.CharField(_("结果"), max_length=8, choices=JobStatus.choices)
    refusal_code = models.CharField(_("拒绝代码"), max_length=40, blank=True)
    refusal_reason = models.CharField(_("拒绝原因"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("登记人")
    )

    class Meta:
        verbose_name = _("文印登记")
        verbose_name_plural = _("文印登记")
        ordering = ("-at", "-pk")
        indexes = [models.Index(fields=["center", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()} {self.sheets}"

    @property
    def person_label(self) -> str:
        if self.id_number:
            return self.id_number.masked
        return self.ticket.number if self.ticket_id else ""


class PrintTally(models.Model):
    """Sheets given free to one person on one day: the row the quota check locks."""

    center = models.ForeignKey(Center, models.CASCADE, related_name="+")
    day = models.DateField()
    person_key = models.CharField(max_length=80)
    sheets = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["center", "day", "person_key"], name="print_tally_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.sheets}"


class ComputerSession(models.Model):
    """The public computer (000 第二十条): at most a few minutes, with the print
    room's consent; one session at a time per computer."""

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="computer_sessions", verbose_name=_("中心")
    )
    computer = models.CharField(_("电脑"), max_length=20, default="1")
    ticket = models.ForeignKey(
        Ticket, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("取号单")
    )
    purpose = models.CharField(_("用途"), max_length=100)
    started_at = models.DateTimeField(_("开始时间"))
    limit_minutes = models.PositiveSmallIntegerField(_("限时（分钟）"))
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    overrun_seconds = models.PositiveIntegerField(_("超时（秒）"), default=0)
    started_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("登记人")
    )

    class Meta:
        verbose_name = _("公用电脑使用")
        verbose_name_plural = _("公用电脑使用")
        ordering = ("-started_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=["center", "computer"],
                condition=Q(ended_at__isnull=True),
                name="one_running_session_per_computer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.computer} {self.started_at:%H:%M}"
