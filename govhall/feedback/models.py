"""Evaluations (好差评), the rectification of bad ones, and complaints (投诉)
(001 6.6.1, D.16; 002 三(三); 003 四(二)5)."""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govhall.booking.models import Booking
from govhall.cases.models import Case, WarningLevel
from govhall.catalog.models import ServiceItem
from govhall.core.fields import EncryptedCharField
from govhall.core.models import Center, Department, User
from govhall.hall.models import Window
from govhall.queueing.models import Ticket


def new_evaluation_token() -> str:
    return secrets.token_urlsafe(16)


class Level(models.IntegerChoices):
    VERY_SATISFIED = 5, _("非常满意")
    SATISFIED = 4, _("满意")
    BASIC = 3, _("基本满意")
    DISSATISFIED = 2, _("不满意")
    VERY_DISSATISFIED = 1, _("非常不满意")


BAD_LEVELS = (Level.DISSATISFIED, Level.VERY_DISSATISFIED)  # 差评


class Indicator(models.TextChoices):
    # The offline indicators; "overall" is the level itself.
    EFFICIENCY = "efficiency", _("办事效率")
    SKILL = "skill", _("业务水平")
    ATTITUDE = "attitude", _("服务态度")


class BadReason(models.TextChoices):
    # What a citizen can tick for a bad rating (the national 好差评 差评 options).
    ATTITUDE = "attitude", _("服务态度不好")
    SLOW = "slow", _("等候或办理时间太长")
    NOT_TOLD_AT_ONCE = "not_told", _("没有一次性告知")
    MATERIALS = "materials", _("材料要求繁琐、重复提交")
    MANY_TRIPS = "trips", _("多次跑动")
    NOT_BY_RULES = "rules", _("未按规定或承诺办理")
    SKILL = "skill", _("业务不熟练")
    FACILITIES = "facilities", _("设施或环境不便")
    OTHER = "other", _("其他")
    # The booking service's own (001 4.7.3 预约服务“好差评”).
    BOOKING_HARD = "booking_hard", _("预约操作不便或约不到号")
    NO_REMINDER = "no_reminder", _("没有收到预约提醒")
    NOT_ON_TIME = "not_on_time", _("到场后未按预约时间办理")


class BookingIndicator(models.TextChoices):
    EASE = "ease", _("预约便捷")
    ON_TIME = "on_time", _("按时办理")


class Subject(models.TextChoices):
    TICKET = "ticket", _("窗口服务")
    CASE = "case", _("办件")
    BOOKING = "booking", _("预约服务")


_BOOKING_REASONS = (
    BadReason.BOOKING_HARD,
    BadReason.NO_REMINDER,
    BadReason.NOT_ON_TIME,
    BadReason.ATTITUDE,
    BadReason.OTHER,
)


def indicators_for(subject: str) -> list[tuple[str, str]]:
    """The sub-ratings a subject asks for: the appointment itself (ease of booking,
    kept on time) for a booking; the offline three for a window or a case."""
    return BookingIndicator.choices if subject == Subject.BOOKING else Indicator.choices


def reasons_for(subject: str) -> list[tuple[str, str]]:
    if subject == Subject.BOOKING:
        return [(r.value, r.label) for r in _BOOKING_REASONS]
    return [(r.value, r.label) for r in BadReason if r not in _BOOKING_REASONS[:3]]


class RatingChannel(models.TextChoices):
    PAD = "pad", _("窗口评价器（现场）")
    WEB = "web", _("扫码或短信链接（离场）")


class Evaluation(models.Model):
    """One invitation to rate one service (一次一评), and the rating once given.
    The token is the citizen's only key: no account, no personal data shown."""

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="evaluations", verbose_name=_("中心")
    )
    token = models.CharField(
        max_length=32, unique=True, default=new_evaluation_token, editable=False
    )
    subject = models.CharField(_("评价对象"), max_length=8, choices=Subject.choices)
    ticket = models.OneToOneField(
        Ticket,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluation",
        verbose_name=_("排队号"),
    )
    case = models.OneToOneField(
        Case,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluation",
        verbose_name=_("办件"),
    )
    booking = models.OneToOneField(
        Booking,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluation",
        verbose_name=_("预约"),
    )
    reference = models.CharField(_("号码或办件编号"), max_length=48)
    item = models.ForeignKey(
        ServiceItem,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("事项"),
    )
    item_name = models.CharField(_("事项名称"), max_length=120, blank=True)
    department = models.ForeignKey(
        Department,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("部门"),
    )
    window = models.ForeignKey(
        Window, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("窗口")
    )
    staff = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("经办人")
    )
    staff_number = models.CharField(_("工号"), max_length=32, blank=True)
    served_at = models.DateTimeField(_("服务时间"))
    expires_at = models.DateTimeField(_("评价截止时间"))
    # Who was served, as far as the service knew: makes a rating real-name (实名).
    contact_phone = EncryptedCharField(_("联系电话"), blank=True, default="")
    person_hash = models.CharField(max_length=64, blank=True, editable=False)

    level = models.PositiveSmallIntegerField(
        _("总体评价"), choices=Level.choices, null=True, blank=True
    )
    efficiency = models.PositiveSmallIntegerField(
        _("办事效率"), choices=Level.choices, null=True, blank=True
    )
    skill = models.PositiveSmallIntegerField(
        _("业务水平"), choices=Level.choices, null=True, blank=True
    )
    attitude = models.PositiveSmallIntegerField(
        _("服务态度"), choices=Level.choices, null=True, blank=True
    )
    ease = models.PositiveSmallIntegerField(
        _("预约便捷"), choices=Level.choices, null=True, blank=True
    )
    on_time = models.PositiveSmallIntegerField(
        _("按时办理"), choices=Level.choices, null=True, blank=True
    )
    reasons = models.JSONField(_("差评原因"), default=list, blank=True)
    comment = models.TextField(_("评价内容"), blank=True)
    channel = models.CharField(
        _("评价渠道"), max_length=4, choices=RatingChannel.choices, blank=True
    )
    real_name = models.BooleanField(_("实名评价"), default=False)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("好差评")
        verbose_name_plural = _("好差评")
        ordering = ["-served_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=5),
                name="feedback_evaluation_level_range",
            ),
            models.CheckConstraint(
                condition=Q(ticket__isnull=True, case__isnull=True)
                | Q(ticket__isnull=True, booking__isnull=True)
                | Q(case__isnull=True, booking__isnull=True),
                name="feedback_evaluation_one_subject",
            ),
        ]
        indexes = [
            models.Index(fields=["window", "-served_at"], name="feedback_eval_pad"),
            models.Index(fields=["center", "rated_at"], name="feedback_eval_rated"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_level_display() if self.level else '—'}"

    @property
    def is_bad(self) -> bool:
        return self.level in BAD_LEVELS


class RectificationStatus(models.TextChoices):
    OPEN = "open", _("待核实")
    APPEALING = "appealing", _("不属实申诉待审核")
    RECTIFYING = "rectifying", _("整改中")
    TO_REPLY = "to_reply", _("待回复评价人")
    REPLIED = "replied", _("已回复，待回访")
    CLOSED = "closed", _("已办结")


class Finding(models.TextChoices):
    OBJECTIVE = "objective", _("客观差评（属实）")
    UNFOUNDED = "unfounded", _("不属实")


class RaterView(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")
    UNREACHABLE = "unreachable", _("无法联系")


class Rectification(models.Model):
    """差评整改: the record that every bad rating opens and that is tracked to
    closure (实名差评回复率, 客观差评整改率: 001 6.6.1.3)."""

    evaluation = models.OneToOneField(
        Evaluation, models.CASCADE, related_name="rectification", verbose_name=_("评价")
    )
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="rectifications", verbose_name=_("中心")
    )
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=RectificationStatus.choices,
        default=RectificationStatus.OPEN,
    )
    real_name = models.BooleanField(_("实名差评"))
    opened_at = models.DateTimeField(_("生成时间"))
    contact_due = models.DateField(_("联系评价人期限"), null=True, blank=True)
    rectify_due = models.DateField(_("整改期限"))
    # Counted over a year the holiday table lacks: shown 预计, recomputed later.
    contact_due_provisional = models.BooleanField(_("联系期限为预计"), default=False)
    rectify_due_provisional = models.BooleanField(_("整改期限为预计"), default=False)
    warning = models.CharField(
        _("预警"), max_length=6, choices=WarningLevel.choices, default="", blank=True
    )
    warned_at = models.DateTimeField(_("预警时间"), null=True, blank=True)

    contacted_at = models.DateTimeField(_("联系时间"), null=True, blank=True)
    contact_note = models.TextField(_("联系情况"), blank=True)
    finding = models.CharField(_("核实结论"), max_length=10, choices=Finding.choices, blank=True)
    finding_note = models.TextField(_("核实情况"), blank=True)
    classified_at = models.DateTimeField(_("认定时间"), null=True, blank=True)
    review_opinion = models.TextField(_("申诉审核意见"), blank=True)
    appeal_upheld = models.BooleanField(_("申诉成立"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("审核人")
    )
    measures = models.TextField(_("整改措施"), blank=True)
    rectified_at = models.DateTimeField(_("整改完成时间"), null=True, blank=True)
    reply = models.TextField(_("回复内容"), blank=True)
    replied_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    rater_view = models.CharField(
        _("评价人意见"), max_length=12, choices=RaterView.choices, blank=True
    )
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    handled_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("经办人")
    )

    class Meta:
        verbose_name = _("差评整改")
        verbose_name_plural = _("差评整改")
        ordering = ["rectify_due", "pk"]
        indexes = [models.Index(fields=["center", "status"], name="feedback_rect_status")]

    def __str__(self) -> str:
        return f"{self.evaluation.reference} {self.get_status_display()}"


# --- complaints ------------------------------------------------------------------------


class ComplaintChannel(models.TextChoices):
    WINDOW = "window", _("投诉协调窗口")
    HOTLINE = "hotline", _("12345 热线转办")
    ONLINE = "online", _("网上投诉")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("已登记")
    ASSIGNED = "assigned", _("已分派")
    INVESTIGATING = "investigating", _("调查核实中")
    REPLIED = "replied", _("已答复，待回访")
    CLOSED = "closed", _("已办结")


def new_receipt_token() -> str:
    return secrets.token_urlsafe(16)


class Complaint(models.Model):
    """投诉 (003 四(二)5): recorded with the staff number concerned and the
    complainant's contact; a receipt (回执) promises a reply date."""

    center = models.ForeignKey(
        Center, models.PROTECT, related_name="complaints", verbose_name=_("中心")
    )
    number = models.CharField(_("投诉编号"), max_length=40, unique=True)
    receipt_token = models.CharField(
        max_length=32, unique=True, default=new_receipt_token, editable=False
    )
    channel = models.CharField(_("投诉渠道"), max_length=8, choices=ComplaintChannel.choices)
    hotline_ref = models.CharField(_("12345 工单号"), max_length=40, blank=True)
    received_at = models.DateTimeField(_("登记时间"))
    received_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("登记人")
    )
    complainant_name = EncryptedCharField(_("投诉人"), blank=True, default="")
    complainant_phone = EncryptedCharField(_("联系电话"), blank=True, default="")
    content = models.TextField(_("投诉事由"))
    staff_number = models.CharField(_("被投诉人工号"), max_length=32, blank=True)
    staff = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("被投诉人")
    )
    window = models.ForeignKey(
        Window, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("窗口")
    )
    reply_due = models.DateField(_("承诺答复日期"))
    reply_due_provisional = models.BooleanField(_("答复日期为预计"), default=False)
    status = models.CharField(
        _("状态"),
        max_length=14,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED,
    )
    assignee = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("承办人")
    )
    assigned_at = models.DateTimeField(_("分派时间"), null=True, blank=True)
    investigation = models.TextField(_("调查核实情况"), blank=True)
    founded = models.BooleanField(_("投诉属实"), null=True, blank=True)
    reply = models.TextField(_("答复内容"), blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    return_visit_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    return_visit_note = models.TextField(_("回访情况"), blank=True)
    satisfaction = models.CharField(
        _("投诉人满意度"), max_length=12, choices=RaterView.choices, blank=True
    )
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    warning = models.CharField(
        _("预警"), max_length=6, choices=WarningLevel.choices, default="", blank=True
    )
    warned_at = models.DateTimeField(_("预警时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("投诉")
        verbose_name_plural = _("投诉")
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["center", "status"], name="feedback_complaint_status")]

    def __str__(self) -> str:
        return self.number
