"""Enquiries (咨询登记, 首问负责制: 001 B.1, B.2.5).

Every question taken at the service desk, a window, on the phone, online or from
the 12345 hotline is recorded with the person who took it first (首问责任人). It
is answered on the spot and closed, or kept open with the citizen's contact and a
call-back due time; it may be handed over to a colleague or a department, and
each hand-over is recorded, but the first responder stays responsible until it
is closed. An online question handed over by the Q&A has no first responder
until a member of staff takes it (status `unclaimed`)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import ServiceItem
from govhall.core.fields import EncryptedCharField
from govhall.core.models import Center, Department, User


class EnquiryChannel(models.TextChoices):
    DESK = "desk", _("服务台")
    WINDOW = "window", _("窗口")
    PHONE = "phone", _("电话")
    ONLINE = "online", _("网上")
    HOTLINE = "hotline", _("12345 热线")


class EnquiryStatus(models.TextChoices):
    UNCLAIMED = "unclaimed", _("待认领")
    OPEN = "open", _("待答复")
    HANDED_OVER = "handed_over", _("已转交")
    CLOSED = "closed", _("已办结")


OPEN_STATUSES = (EnquiryStatus.UNCLAIMED, EnquiryStatus.OPEN, EnquiryStatus.HANDED_OVER)


class Enquiry(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="enquiries", verbose_name=_("中心")
    )
    number = models.CharField(_("咨询编号"), max_length=40, unique=True)
    channel = models.CharField(_("咨询渠道"), max_length=10, choices=EnquiryChannel.choices)
    # Where the record came from inside the system: "" typed by staff, "ask" the
    # Q&A handed it over, "chat" online human service, "workorder" a 12345 order.
    origin = models.CharField(_("来源"), max_length=20, blank=True)
    question = models.TextField(_("咨询内容"))
    item = models.ForeignKey(
        ServiceItem,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="enquiries",
        verbose_name=_("涉及事项"),
    )
    phone = EncryptedCharField(_("联系电话"), blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=EnquiryStatus.choices, default=EnquiryStatus.OPEN
    )
    first_responder = models.ForeignKey(
        User,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="enquiries_first",
        verbose_name=_("首问责任人"),
    )
    # Who holds it now, after a hand-over (a colleague, or a department).
    holder = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("现承办人")
    )
    holder_department = models.ForeignKey(
        Department,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("现承办部门"),
    )
    answer = models.TextField(_("答复内容"), blank=True)
    answered_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("答复人")
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    # Set when it could not be answered on the spot and a contact was left.
    callback_due = models.DateTimeField(_("回电时限"), null=True, blank=True)
    called_back_at = models.DateTimeField(_("回电时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"))
    taken_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("办结人")
    )

    class Meta:
        verbose_name = _("咨询登记")
        verbose_name_plural = _("咨询登记（首问负责）")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["center", "status", "callback_due"], name="know_enquiry_open"),
            models.Index(fields=["first_responder", "status"], name="know_enquiry_mine"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="unclaimed") | Q(first_responder__isnull=False),
                name="know_enquiry_responder",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="know_enquiry_closed_at",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class EnquiryHandover(models.Model):
    """One hand-over: the first responder stays responsible (B.1)."""

    enquiry = models.ForeignKey(
        Enquiry, models.CASCADE, related_name="handovers", verbose_name=_("咨询")
    )
    from_user = models.ForeignKey(
        User, models.SET_NULL, null=True, related_name="+", verbose_name=_("转出人")
    )
    to_user = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("转交给")
    )
    to_department = models.ForeignKey(
        Department,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("转交部门"),
    )
    note = models.CharField(_("转交说明"), max_length=200, blank=True)
    at = models.DateTimeField(_("转交时间"))

    class Meta:
        verbose_name = _("咨询转交记录")
        verbose_name_plural = _("咨询转交记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.enquiry.number} {self.at:%Y-%m-%d %H:%M}"
