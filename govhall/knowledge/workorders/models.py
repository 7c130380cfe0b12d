"""12345 work orders (12345 工单, 001 4.6.1).

Orders arrive from the 12345 hotline platform (the integration token's inbound
endpoint) or are typed in by the hotline staff; each carries the platform's own
order number (unique per centre), is assigned to a person or a department, and
is answered by its deadline (`workorder.reply_days` working days, or the order's
own). The answer goes back to the platform through the core outbox. A 12345
order that is a complaint is registered as a complaint (feedback) instead, and
the order keeps its number."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import ServiceItem
from govhall.core.fields import EncryptedCharField
from govhall.core.models import Center, Department, OutboxMessage, User


class WorkOrderKind(models.TextChoices):
    QUESTION = "question", _("咨询")
    REQUEST = "request", _("求助")
    SUGGESTION = "suggestion", _("建议")
    COMPLAINT = "complaint", _("投诉")


class WorkOrderStatus(models.TextChoices):
    RECEIVED = "received", _("待分派")
    ASSIGNED = "assigned", _("办理中")
    ANSWERED = "answered", _("已答复")
    TRANSFERRED = "transferred", _("转投诉处理")


OPEN_ORDER = (WorkOrderStatus.RECEIVED, WorkOrderStatus.ASSIGNED)


class WorkOrder(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="work_orders", verbose_name=_("中心")
    )
    # The platform's own order number: what both sides call it.
    ref = models.CharField(_("12345 工单号"), max_length=40)
    kind = models.CharField(_("诉求类型"), max_length=12, choices=WorkOrderKind.choices)
    source = models.CharField(
        _("来源"),
        max_length=10,
        choices=[("inbound", _("平台推送")), ("manual", _("人工录入"))],
    )
    content = models.TextField(_("诉求内容"))
    phone = EncryptedCharField(_("来电号码"), blank=True)
    item = models.ForeignKey(
        ServiceItem,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_orders",
        verbose_name=_("涉及事项"),
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=WorkOrderStatus.choices, default=WorkOrderStatus.RECEIVED
    )
    received_at = models.DateTimeField(_("接收时间"))
    received_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("录入人")
    )
    due_date = models.DateField(_("答复期限"))
    due_provisional = models.BooleanField(_("期限为预计"), default=False)
    assignee = models.ForeignKey(
        User,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_orders",
        verbose_name=_("承办人"),
    )
    department = models.ForeignKey(
        Department,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("承办部门"),
    )
    assigned_at = models.DateTimeField(_("分派时间"), null=True, blank=True)
    answer = models.TextField(_("答复内容"), blank=True)
    answered_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("答复人")
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    # The complaint registered for an order that turned out to be one (its number).
    complaint_number = models.CharField(_("投诉编号"), max_length=40, blank=True)
    outbox = models.ForeignKey(
        OutboxMessage,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("回传消息"),
    )

    class Meta:
        verbose_name = _("12345 工单")
        verbose_name_plural = _("12345 工单")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["center", "ref"], name="know_workorder_ref"),
        ]
        indexes = [models.Index(fields=["center", "status", "due_date"], name="know_wo_open")]

    def __str__(self) -> str:
        return self.ref
