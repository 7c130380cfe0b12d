"""The outbox for other systems (DESIGN.md "Figures, exports and exchange"): a
message per thing to tell, the receivers it goes to (per centre, or per district
for every centre of it), and each attempt to send it. Imported by models.py."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .fields import EncryptedCharField
from .models import Center, District


class Destination(models.TextChoices):
    # 001 4.7.4: booking and on-site queue data to the unified booking platform.
    BOOKING_PLATFORM = "booking_platform", _("“一网通办”统一预约平台")
    PROVINCIAL_RATING = "provincial_rating", _("政务服务“好差评”系统")
    # The value the 12345 work orders were queued under before receivers existed.
    HOTLINE_12345 = "12345", _("12345 热线平台")


class OutboxState(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class OutboxMessage(models.Model):
    """Data for another system, queued in the transaction of the change it
    reports (core.outbox.enqueue). `key` is unique and sent as the
    Idempotency-Key: the receiver sees one message for one thing however often it
    is queued or sent. core.outbox_send sends it: a worker leases it (sending,
    lease_until), posts it outside any lock, then records the outcome."""

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="outbox_messages", verbose_name=_("中心")
    )
    destination = models.CharField(_("接收系统"), max_length=40)
    kind = models.CharField(_("消息类型"), max_length=60)
    # Only what the receiver needs: no personal data beyond that.
    payload = models.JSONField(_("消息内容"), default=dict)
    key = models.CharField(_("幂等键"), max_length=160, unique=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次发送时间"), null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)
    # Why a pending message waits (no receiver configured, receiver disabled).
    note = models.CharField(_("说明"), max_length=200, blank=True)
    lease_until = models.DateTimeField(_("发送租约到期"), null=True, blank=True)
    lease_token = models.CharField(max_length=32, blank=True, editable=False)
    receiver = models.ForeignKey(
        "core.OutboxReceiver",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("接收端"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("对外数据交换消息")
        verbose_name_plural = _("对外数据交换消息")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="core_outbox_due")]

    def __str__(self) -> str:
        return f"{self.destination} {self.kind} {self.key}"


class OutboxAttempt(models.Model):
    """One try at sending a message: what came back, how long it took."""

    message = models.ForeignKey(
        OutboxMessage, models.CASCADE, related_name="attempt_log", verbose_name=_("消息")
    )
    number = models.PositiveSmallIntegerField(_("第几次"))
    at = models.DateTimeField(_("发送时间"))
    url = models.CharField(_("地址"), max_length=300)
    http_status = models.PositiveSmallIntegerField(_("HTTP 状态"), null=True, blank=True)
    outcome = models.CharField(_("结果"), max_length=10, choices=OutboxState.choices)
    error = models.CharField(_("错误"), max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(_("耗时（毫秒）"), default=0)

    class Meta:
        verbose_name = _("发送记录")
        verbose_name_plural = _("发送记录")
        ordering = ["message", "number"]

    def __str__(self) -> str:
        return f"{self.message_id}#{self.number} {self.outcome}"


class OutboxReceiver(models.Model):
    """Where one destination's messages go for a centre, or for every centre of a
    district (a centre's own receiver wins). The secret signs what we send
    (HMAC-SHA256) and checks what the platform sends us; encrypted at rest."""

    center = models.ForeignKey(
        Center,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="outbox_receivers",
        verbose_name=_("中心"),
    )
    district = models.ForeignKey(
        District,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="outbox_receivers",
        verbose_name=_("行政区（全区各中心）"),
    )
    destination = models.CharField(_("接收系统"), max_length=40, choices=Destination.choices)
    url = models.URLField(_("接收地址"), max_length=300)
    secret = EncryptedCharField(_("共享密钥"), blank=True, default="")
    enabled = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("对外数据接收端")
        verbose_name_plural = _("对外数据接收端")
        ordering = ["destination", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(center__isnull=False) & Q(district__isnull=True))
                | (Q(center__isnull=True) & Q(district__isnull=False)),
                name="core_receiver_one_scope",
            ),
            models.UniqueConstraint(
                fields=["center", "destination"],
                condition=Q(center__isnull=False),
                name="core_receiver_center_unique",
            ),
            models.UniqueConstraint(
                fields=["district", "destination"],
                condition=Q(district__isnull=False),
                name="core_receiver_district_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_destination_display()} · {self.center or self.district}"
