"""Online human service (网上人工服务, 001 4.6.2).

A citizen types a question on the centre's page (no account); it waits in a live
queue on the workbench of the staff on duty; one takes it (becoming its first
responder: the conversation is recorded as an Enquiry, channel online), answers
in the same page, and closes it. The citizen's page follows the conversation by
an unguessable token in its URL, never by a sequential id."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.core.models import Center, User

from ..enquiries.models import Enquiry


class ChatStatus(models.TextChoices):
    WAITING = "waiting", _("排队中")
    TAKEN = "taken", _("服务中")
    CLOSED = "closed", _("已结束")


class ChatSession(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="chat_sessions", verbose_name=_("中心")
    )
    token = models.CharField(_("会话令牌"), max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=ChatStatus.choices, default=ChatStatus.WAITING
    )
    created_at = models.DateTimeField(_("发起时间"))
    taken_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("接待人")
    )
    taken_at = models.DateTimeField(_("接入时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    enquiry = models.OneToOneField(
        Enquiry,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="chat",
        verbose_name=_("咨询登记"),
    )

    class Meta:
        verbose_name = _("网上人工咨询")
        verbose_name_plural = _("网上人工咨询")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["center", "status", "created_at"], name="know_chat_q")]

    def __str__(self) -> str:
        return f"{self.center.code} {self.created_at:%Y-%m-%d %H:%M}"


class ChatMessage(models.Model):
    session = models.ForeignKey(
        ChatSession, models.CASCADE, related_name="messages", verbose_name=_("会话")
    )
    from_staff = models.BooleanField(_("工作人员发出"), default=False)
    author = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("工作人员")
    )
    text = models.TextField(_("内容"))
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("咨询消息")
        verbose_name_plural = _("咨询消息")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.text[:20]
