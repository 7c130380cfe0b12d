"""Appointments (统一预约, 001 4.7) and home visits (上门服务, 004 第六条3).

Slots are rows made from weekly templates for the working days ahead, so a
slot has an id the citizen can book and a `booked` count that one conditional
UPDATE raises: the last place can never be sold twice."""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import ServiceItem
from govhall.core.fields import EncryptedCharField, EncryptedIdNumberField
from govhall.core.models import Center, User
from govhall.queueing.models import Queue, Ticket


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("星期一")
    TUESDAY = 1, _("星期二")
    WEDNESDAY = 2, _("星期三")
    THURSDAY = 3, _("星期四")
    FRIDAY = 4, _("星期五")
    SATURDAY = 5, _("星期六")
    SUNDAY = 6, _("星期日")


class SlotTemplate(models.Model):
    """Every <weekday> from `start` to `end`, `capacity` people, for the items of a
    queue (or one item of it). A make-up working day (调休) follows Monday's."""

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="slot_templates", verbose_name=_("中心")
    )
    queue = models.ForeignKey(
        Queue, models.CASCADE, related_name="slot_templates", verbose_name=_("队列")
    )
    item = models.ForeignKey(
        ServiceItem,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="slot_templates",
        verbose_name=_("限定事项"),
        help_text=_("留空则该队列的所有事项均可预约"),
    )
    weekday = models.PositiveSmallIntegerField(_("星期"), choices=Weekday.choices)
    start = models.TimeField(_("开始时间"))
    end = models.TimeField(_("结束时间"))
    capacity = models.PositiveSmallIntegerField(_("可预约人数"))
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("预约时段模板")
        verbose_name_plural = _("预约时段模板")
        ordering = ["center", "queue", "weekday", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="booking_template_order"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="booking_template_capacity"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}-{self.end:%H:%M}"


class Blackout(models.Model):
    """A day the centre takes no bookings although it is a working day."""

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="blackouts", verbose_name=_("中心")
    )
    date = models.DateField(_("日期"))
    reason = models.CharField(_("原因"), max_length=200)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("停止预约日")
        verbose_name_plural = _("停止预约日")
        constraints = [
            models.UniqueConstraint(fields=["center", "date"], name="booking_blackout_unique")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.reason}"


class Slot(models.Model):
    center = models.ForeignKey(Center, models.CASCADE, related_name="slots", verbose_name=_("中心"))
    queue = models.ForeignKey(Queue, models.CASCADE, related_name="slots", verbose_name=_("队列"))
    item = models.ForeignKey(
        ServiceItem,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="slots",
        verbose_name=_("限定事项"),
    )
    template = models.ForeignKey(
        SlotTemplate, models.SET_NULL, null=True, blank=True, related_name="slots"
    )
    date = models.DateField(_("日期"))
    start = models.DateTimeField(_("开始"))
    end = models.DateTimeField(_("结束"))
    capacity = models.PositiveSmallIntegerField(_("可预约人数"))
    booked = models.PositiveSmallIntegerField(_("已预约"), default=0)
    is_closed = models.BooleanField(_("已关闭"), default=False)

    class Meta:
        verbose_name = _("预约时段")
        verbose_name_plural = _("预约时段")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(booked__lte=F("capacity")), name="booking_slot_not_oversold"
            ),
            models.UniqueConstraint(
                fields=["template", "date"],
                condition=Q(template__isnull=False),
                name="booking_slot_once_per_template_day",
            ),
        ]
        indexes = [models.Index(fields=["center", "queue", "date"], name="booking_slot_day")]

    def __str__(self) -> str:
        return f"{self.date} {self.start:%H:%M}"

    @property
    def remaining(self) -> int:
        return 0 if self.is_closed else max(0, self.capacity - self.booked)


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("已预约")
    CHECKED_IN = "checked_in", _("已签到")
    CANCELLED = "cancelled", _("已取消")
    NO_SHOW = "no_show", _("爽约")


class BookingChannel(models.TextChoices):
    WEB = "web", _("网上预约")
    KIOSK = "kiosk", _("自助终端")
    HOTLINE = "hotline", _("电话预约")
    COUNTER = "counter", _("窗口代约")


# Without 0/O, 1/I/L: read aloud over the phone and typed at a kiosk.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_booking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


class Booking(models.Model):
    code = models.CharField(_("预约码"), max_length=8, unique=True, default=new_booking_code)
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="bookings", verbose_name=_("中心")
    )
    slot = models.ForeignKey(Slot, models.PROTECT, related_name="bookings", verbose_name=_("时段"))
    item = models.ForeignKey(
        ServiceItem, models.PROTECT, related_name="bookings", verbose_name=_("事项")
    )
    name = EncryptedCharField(_("姓名"))
    id_number = EncryptedIdNumberField(_("身份证号码"), hash_field="id_number_hash")
    id_number_hash = models.CharField(max_length=64, db_index=True, editable=False)
    phone = EncryptedCharField(_("手机号码"))
    channel = models.CharField(_("预约渠道"), max_length=10, choices=BookingChannel.choices)
    status = models.CharField(
        _("状态"), max_length=12, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    booked_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("代约人")
    )
    created_at = models.DateTimeField(_("预约时间"))
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    no_show_at = models.DateTimeField(_("爽约记录时间"), null=True, blank=True)
    ticket = models.OneToOneField(
        Ticket,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="booking",
        verbose_name=_("排队号"),
    )

    class Meta:
        verbose_name = _("预约")
        verbose_name_plural = _("预约")
        ordering = ["slot__start"]
        indexes = [models.Index(fields=["center", "status"], name="booking_booking_status")]

    def __str__(self) -> str:
        return self.code


class Suspension(models.Model):
    """Online booking refused to a person after repeated no-shows."""

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="booking_suspensions", verbose_name=_("中心")
    )
    id_number_hash = models.CharField(max_length=64, db_index=True, editable=False)
    id_number_masked = models.CharField(_("身份证号码"), max_length=24)
    starts_at = models.DateTimeField(_("开始"))
    ends_at = models.DateTimeField(_("结束"))
    reason = models.CharField(_("原因"), max_length=200)
    lifted_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("解除人")
    )
    lift_reason = models.CharField(_("解除原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("预约限制")
        verbose_name_plural = _("预约限制")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.id_number_masked} {self.ends_at:%Y-%m-%d}"


class VisitStatus(models.TextChoices):
    REQUESTED = "requested", _("待审核")
    APPROVED = "approved", _("已同意")
    SCHEDULED = "scheduled", _("已排期")
    DONE = "done", _("已上门")
    REJECTED = "rejected", _("不予上门")
    CANCELLED = "cancelled", _("已取消")


class HomeVisit(models.Model):
    """上门服务: for people who cannot come; approved by the centre and carried
    out by at least two staff (004 第六条3)."""

    number = models.CharField(_("编号"), max_length=20, unique=True)
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="home_visits", verbose_name=_("中心")
    )
    item = models.ForeignKey(
        ServiceItem,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="home_visits",
        verbose_name=_("事项"),
    )
    name = EncryptedCharField(_("姓名"))
    id_number = EncryptedIdNumberField(
        _("身份证号码"), hash_field="id_number_hash", null=True, blank=True
    )
    id_number_hash = models.CharField(max_length=64, blank=True, editable=False)
    phone = EncryptedCharField(_("手机号码"))
    address = EncryptedCharField(_("上门地址"))
    reason = models.CharField(_("申请原因"), max_length=300)
    channel = models.CharField(_("申请渠道"), max_length=10, choices=BookingChannel.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.REQUESTED
    )
    requested_at = models.DateTimeField(_("申请时间"))
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("审核人")
    )
    decision_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    staff = models.ManyToManyField(
        User, blank=True, related_name="home_visits", verbose_name=_("上门人员")
    )
    scheduled_for = models.DateTimeField(_("上门时间"), null=True, blank=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    outcome = models.TextField(_("办理结果"), blank=True)

    class Meta:
        verbose_name = _("上门服务")
        verbose_name_plural = _("上门服务")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return self.number
