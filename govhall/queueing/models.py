"""Queues, the windows' calling profiles, tickets and the day's figures
(001 6.4.1.3, 000 第三-四条, 002, 003 §四(二)5)."""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import ServiceItem
from govhall.core.fields import EncryptedCharField, EncryptedIdNumberField
from govhall.core.models import Center, User
from govhall.hall.models import Window


class Queue(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="queues", verbose_name=_("中心")
    )
    code = models.CharField(_("编码"), max_length=32)
    name = models.CharField(_("名称"), max_length=60)
    prefix = models.CharField(_("号码前缀"), max_length=2, help_text=_("如 A，号码为 A001"))
    items = models.ManyToManyField(
        ServiceItem, blank=True, related_name="queues", verbose_name=_("办理事项")
    )
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("队列")
        verbose_name_plural = _("队列")
        ordering = ["center", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["center", "code"], name="queueing_queue_code_unique"),
            models.UniqueConstraint(
                fields=["center", "prefix"], name="queueing_queue_prefix_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix} {self.name}"


class WindowQueue(models.Model):
    """A window's calling profile: the queues it calls from, in order."""

    window = models.ForeignKey(
        Window, models.CASCADE, related_name="profile", verbose_name=_("窗口")
    )
    queue = models.ForeignKey(
        Queue, models.CASCADE, related_name="window_links", verbose_name=_("队列")
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("窗口呼叫队列")
        verbose_name_plural = _("窗口呼叫队列")
        ordering = ["window", "position"]
        constraints = [
            models.UniqueConstraint(fields=["window", "queue"], name="queueing_profile_unique")
        ]

    def __str__(self) -> str:
        return f"{self.window} ← {self.queue}"


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("等候中")
    CALLED = "called", _("已呼叫")
    SERVING = "serving", _("办理中")
    DONE = "done", _("已办结")
    NO_SHOW = "no_show", _("过号")
    CANCELLED = "cancelled", _("已取消")
    EXPIRED = "expired", _("已过期")


ACTIVE = (TicketStatus.CALLED, TicketStatus.SERVING)
OPEN_STATUSES = (
    TicketStatus.WAITING,
    TicketStatus.CALLED,
    TicketStatus.SERVING,
    TicketStatus.NO_SHOW,
)


class SpecialGroup(models.TextChoices):
    # 000 第四条, 第十三条; 002: treated alike through the 绿色通道.
    ELDERLY = "elderly", _("老年人")
    DISABLED = "disabled", _("残疾人")
    PREGNANT = "pregnant", _("孕妇")
    MILITARY = "military", _("军人")
    OTHER = "other", _("其他特殊群体")


class Channel(models.TextChoices):
    KIOSK = "kiosk", _("自助取号机")
    RECEPTION = "reception", _("总服务台")
    APPOINTMENT = "appointment", _("预约签到")


def new_track_token() -> str:
    return secrets.token_urlsafe(12)


class Ticket(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="tickets", verbose_name=_("中心")
    )
    queue = models.ForeignKey(Queue, models.PROTECT, related_name="tickets", verbose_name=_("队列"))
    item = models.ForeignKey(
        ServiceItem,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("事项"),
    )
    service_date = models.DateField(_("日期"))
    seq = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("号码"), max_length=12)
    status = models.CharField(
        _("状态"), max_length=10, choices=TicketStatus.choices, default=TicketStatus.WAITING
    )
    channel = models.CharField(_("取号渠道"), max_length=12, choices=Channel.choices)
    priority = models.BooleanField(_("绿色通道"), default=False)
    special_group = models.CharField(
        _("特殊群体"), max_length=10, choices=SpecialGroup.choices, blank=True
    )
    special_reason = models.CharField(_("特殊群体说明"), max_length=200, blank=True)
    is_appointment = models.BooleanField(_("预约"), default=False)
    id_number = EncryptedIdNumberField(
        _("身份证号码"), hash_field="id_number_hash", null=True, blank=True
    )
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone = EncryptedCharField(_("手机号码"), blank=True, default="")
    track_token = models.CharField(
        max_length=32, unique=True, default=new_track_token, editable=False
    )
    # Place in line: the original issue time, kept across transfers.
    sort_at = models.DateTimeField(_("排序时间"))
    issued_at = models.DateTimeField(_("取号时间"))
    issued_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("代取号人")
    )
    target_window = models.ForeignKey(
        Window,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("指定窗口"),
    )
    window = models.ForeignKey(
        Window,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("办理窗口"),
    )
    served_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("经办人")
    )
    recall_count = models.PositiveSmallIntegerField(_("重呼次数"), default=0)
    # The "your turn is near" SMS went out, or the slip said so at issue (near.py).
    near_told = models.BooleanField(_("已提醒快到号"), default=False)
    called_at = models.DateTimeField(_("呼叫时间"), null=True, blank=True)
    first_called_at = models.DateTimeField(_("首次呼叫时间"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始办理"), null=True, blank=True)
    finished_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    no_show_at = models.DateTimeField(_("过号时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("排队号")
        verbose_name_plural = _("排队号")
        ordering = ["-issued_at"]
        constraints = [
            # Prefixes are unique per centre, so this is "unique per queue and day",
            # and it still holds after a ticket moves to another queue with its number.
            models.UniqueConstraint(
                fields=["center", "service_date", "number"], name="queueing_ticket_number_unique"
            ),
            # A window serves one ticket at a time.
            models.UniqueConstraint(
                fields=["window"],
                condition=Q(status__in=["called", "serving"]),
                name="queueing_one_active_ticket_per_window",
            ),
        ]
        indexes = [
            # The head of one queue by index: DESIGN.md "Concurrency".
            models.Index(
                "queue",
                "status",
                models.F("priority").desc(),
                models.F("is_appointment").desc(),
                "sort_at",
                "id",
                name="queueing_ticket_head",
            ),
            models.Index(fields=["target_window", "status"], name="queueing_ticket_target"),
            models.Index(fields=["center", "service_date", "status"], name="queueing_ticket_day"),
            # The recent service times behind every wait estimate.
            models.Index(
                "queue", "status", models.F("finished_at").desc(), name="queueing_ticket_recent"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class DailyFigure(models.Model):
    """A day's figures, kept after the tickets are closed: per centre, and per
    queue, window or staff member (one of them, or none for the whole centre)."""

    center = models.ForeignKey(Center, models.CASCADE, related_name="+", verbose_name=_("中心"))
    service_date = models.DateField(_("日期"))
    dimension = models.CharField(_("维度"), max_length=10)  # center, queue, window, staff
    key = models.CharField(_("对象"), max_length=64, blank=True)
    label = models.CharField(_("名称"), max_length=100, blank=True)
    tickets = models.PositiveIntegerField(_("取号数"), default=0)
    served = models.PositiveIntegerField(_("办结数"), default=0)
    no_shows = models.PositiveIntegerField(_("过号数"), default=0)
    expired = models.PositiveIntegerField(_("过期数"), default=0)
    wait_mean_min = models.FloatField(_("平均等候（分）"), null=True)
    wait_p90_min = models.FloatField(_("90%等候（分）"), null=True)
    service_mean_min = models.FloatField(_("平均办理（分）"), null=True)

    class Meta:
        verbose_name = _("每日排队统计")
        verbose_name_plural = _("每日排队统计")
        constraints = [
            models.UniqueConstraint(
                fields=["center", "service_date", "dimension", "key"],
                name="queueing_daily_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_date} {self.dimension} {self.label}"


class QuotaPeriod(models.TextChoices):
    DAY = "day", _("全天")
    # Split by the centre's midday break (quotas.py).
    MORNING = "morning", _("上午")
    AFTERNOON = "afternoon", _("下午")


class DailyQuota(models.Model):
    """A cap on the walk-in tickets of a queue or of an item, per day or per
    half-day, set by the centre. Counted in the ticket's own transaction
    (quotas.py); appointment check-ins are not counted (they were booked)."""

    center = models.ForeignKey(Center, models.CASCADE, related_name="+", verbose_name=_("中心"))
    queue = models.ForeignKey(
        Queue, models.CASCADE, null=True, blank=True, related_name="quotas", verbose_name=_("队列")
    )
    item = models.ForeignKey(
        ServiceItem,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="quotas",
        verbose_name=_("事项"),
    )
    period = models.CharField(_("时段"), max_length=10, choices=QuotaPeriod.choices)
    limit = models.PositiveIntegerField(_("现场取号名额"))

    class Meta:
        verbose_name = _("每日取号限额")
        verbose_name_plural = _("每日取号限额")
        ordering = ["center", "period", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(queue__isnull=False, item__isnull=True)
                | Q(queue__isnull=True, item__isnull=False),
                name="queueing_quota_queue_or_item",
            ),
            models.UniqueConstraint(
                fields=["center", "queue", "period"],
                condition=Q(queue__isnull=False),
                name="queueing_quota_queue_unique",
            ),
            models.UniqueConstraint(
                fields=["center", "item", "period"],
                condition=Q(item__isnull=False),
                name="queueing_quota_item_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.queue or self.item} {self.get_period_display()} {self.limit}"
