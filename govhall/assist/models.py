"""Assisted services (帮办代办, 001 附录A; 000 第五条; 002 二(二)(三)(五)(七); 004 第六条2).

A request (AssistRequest) is taken at the service desk, by a clerk, at the kiosk,
or comes from an approved home visit (booking). It is assigned to a member of the
帮办代办服务队 (TeamMember: assistants and volunteers, with their skills) and
tracked to its end with times. A 代办 goes through the steps of A.2.2-A.2.3:
materials checked on the spot (incomplete: the case's one-time notice), the
materials handed over and the entrustment signed, the case taken through by the
assistant, the results handed back with the person's signature. Fees the law
puts on the applicant may be paid by the assistant at the bank window (002 二(七)).

Personal data (name, ID number, phone) is encrypted and shown masked."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govhall.core.fields import EncryptedCharField, EncryptedIdNumberField
from govhall.core.models import Center, Department, User


class Kind(models.TextChoices):
    BANGBAN = "bangban", _("帮办")
    DAIBAN = "daiban", _("代办")
    PEIBAN = "peiban", _("陪办")
    SIGN_LANGUAGE = "sign_language", _("手语服务")
    FOREIGN_LANGUAGE = "foreign_language", _("外语服务")
    DIALECT = "dialect", _("方言交流")
    WRITTEN = "written", _("书面文字沟通")
    HOME_VISIT = "home_visit", _("上门服务")


class Skill(models.TextChoices):
    """What a team member can do; a request's kind needs one of them."""

    BANGBAN = "bangban", _("帮办")
    DAIBAN = "daiban", _("代办")
    PEIBAN = "peiban", _("陪办")
    SIGN_LANGUAGE = "sign_language", _("手语")
    FOREIGN_LANGUAGE = "foreign_language", _("外语")
    DIALECT = "dialect", _("方言")
    HOME_VISIT = "home_visit", _("上门服务")


# kind -> the skill it needs (written communication needs none: anyone can write).
SKILL_FOR = {
    Kind.BANGBAN: Skill.BANGBAN,
    Kind.DAIBAN: Skill.DAIBAN,
    Kind.PEIBAN: Skill.PEIBAN,
    Kind.SIGN_LANGUAGE: Skill.SIGN_LANGUAGE,
    Kind.FOREIGN_LANGUAGE: Skill.FOREIGN_LANGUAGE,
    Kind.DIALECT: Skill.DIALECT,
    Kind.HOME_VISIT: Skill.HOME_VISIT,
}


class Channel(models.TextChoices):
    DESK = "desk", _("总服务台")
    WINDOW = "window", _("窗口")
    KIOSK = "kiosk", _("自助终端")
    HOME_VISIT = "home_visit", _("上门服务预约")


class Status(models.TextChoices):
    REQUESTED = "requested", _("待分派")
    ASSIGNED = "assigned", _("已分派")
    IN_SERVICE = "in_service", _("服务中")
    # 代办 (A.2.2-A.2.3)
    AWAITING_MATERIALS = "awaiting_materials", _("材料不齐，已一次性告知")
    CHECKED = "checked", _("材料齐全，待交接")
    ENTRUSTED = "entrusted", _("已交接并签订委托协议")
    IN_PROGRESS = "in_progress", _("代办中")
    DONE = "done", _("已完成")
    CANCELLED = "cancelled", _("已取消")


CLOSED = (Status.DONE, Status.CANCELLED)
OPEN = tuple(s for s in Status.values if s not in CLOSED)


class MemberKind(models.TextChoices):
    ASSISTANT = "assistant", _("帮办代办员")
    VOLUNTEER = "volunteer", _("志愿者")


class TeamMember(models.Model):
    """A member of the 帮办代办服务队 (002 二(三)): an assistant (a staff user) or a
    volunteer (who may have no account; the desk records their work)."""

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="assist_team", verbose_name=_("中心")
    )
    user = models.ForeignKey(
        User,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="assist_memberships",
        verbose_name=_("账号"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    kind = models.CharField(_("类别"), max_length=10, choices=MemberKind.choices)
    skills = models.JSONField(_("服务技能"), default=list)
    languages = models.CharField(_("外语语种"), max_length=100, blank=True)
    dialects = models.CharField(_("方言"), max_length=100, blank=True)
    active = models.BooleanField(_("在岗"), default=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("帮办代办队员")
        verbose_name_plural = _("帮办代办服务队")
        ordering = ["kind", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "user"],
                condition=Q(user__isnull=False),
                name="assist_member_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"

    def skill_labels(self) -> list[str]:
        return [str(Skill(s).label) for s in self.skills if s in Skill.values]


class Coordinator(models.Model):
    """A department's 业务骨干 who coordinates its assisted cases (A.1.5)."""

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="assist_coordinators", verbose_name=_("中心")
    )
    department = models.ForeignKey(
        Department, models.CASCADE, related_name="assist_coordinators", verbose_name=_("部门")
    )
    user = models.ForeignKey(User, models.CASCADE, related_name="+", verbose_name=_("协调人"))
    named_at = models.DateTimeField(_("确定时间"))

    class Meta:
        verbose_name = _("部门帮办代办协调人")
        verbose_name_plural = _("部门帮办代办协调人")
        ordering = ["department__code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "department", "user"], name="assist_coordinator_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.user.display_name}"


class AssistRequest(models.Model):
    center = models.ForeignKey(
        Center, models.PROTECT, related_name="assist_requests", verbose_name=_("中心")
    )
    number = models.CharField(_("编号"), max_length=40, unique=True)
    kind = models.CharField(_("服务类别"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    channel = models.CharField(_("申请渠道"), max_length=12, choices=Channel.choices)
    # The person served: all optional when taken (a kiosk press has none of them);
    # a 代办 needs the name and ID number before the entrustment.
    name = EncryptedCharField(_("服务对象"), blank=True, default="")
    id_number = EncryptedIdNumberField(
        _("证件号码"), hash_field="id_number_hash", null=True, blank=True
    )
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone = EncryptedCharField(_("联系电话"), blank=True, default="")
    # 60+ by the ID card's birth date (000 第五条): served first.
    elderly = models.BooleanField(_("老年人（60周岁以上）"), default=False)
    item = models.ForeignKey(
        "catalog.ServiceItem",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("事项"),
    )
    department = models.ForeignKey(
        Department,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("事项部门"),
    )
    language = models.CharField(_("语种或方言"), max_length=40, blank=True)
    note = models.CharField(_("需求说明"), max_length=300, blank=True)
    requested_at = models.DateTimeField(_("申请时间"))
    requested_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("登记人")
    )
    assigned_to = models.ForeignKey(
        TeamMember,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("服务人员"),
    )
    assigned_at = models.DateTimeField(_("分派时间"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始服务时间"), null=True, blank=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    outcome = models.CharField(_("服务结果"), max_length=500, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    # 代办: the on-the-spot check, {material id: [status, note]}, and the case.
    checklist = models.JSONField(_("材料核对"), default=dict, blank=True)
    checked_at = models.DateTimeField(_("材料核对时间"), null=True, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办件"),
    )
    home_visit = models.OneToOneField(
        "booking.HomeVisit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("上门服务"),
    )

    class Meta:
        verbose_name = _("帮办代办申请")
        verbose_name_plural = _("帮办代办申请")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["center", "status"], name="assist_request_open")]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(case__isnull=False), name="assist_case_once"
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED

    @property
    def item_name(self) -> str:
        version = self.item.published_version if self.item_id else None
        return version.name if version else ""

    @property
    def masked_name(self) -> str:
        return (self.name[:1] + "*" * (len(self.name) - 1)) if self.name else ""


class HandoverKind(models.TextChoices):
    INTAKE = "intake", _("材料交接（服务对象交代办员）")
    RETURN = "return", _("办结交接（代办员交还服务对象）")


class Handover(models.Model):
    """A hand-over of 代办 materials, signed by the person on the desk's signature
    pad (A.2.2 交接, A.2.3 办结后交接). Written once."""

    request = models.ForeignKey(
        AssistRequest, models.CASCADE, related_name="handovers", verbose_name=_("申请")
    )
    kind = models.CharField(_("交接类别"), max_length=10, choices=HandoverKind.choices)
    items = models.JSONField(_("交接清单"), default=list)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    at = models.DateTimeField(_("交接时间"))
    by = models.ForeignKey(
        User, models.SET_NULL, null=True, related_name="+", verbose_name=_("经办人")
    )
    signature = models.BinaryField(_("服务对象签名（PNG）"))
    document = models.BinaryField(_("交接单（PDF）"))
    sha256 = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("代办材料交接")
        verbose_name_plural = _("代办材料交接")
        ordering = ["request", "at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "kind"], name="assist_handover_once")
        ]

    def __str__(self) -> str:
        return f"{self.request} {self.get_kind_display()}"


class Entrustment(models.Model):
    """The signed 委托协议 (A.2.2): its PDF with the signature, written once."""

    request = models.OneToOneField(
        AssistRequest, models.CASCADE, related_name="entrustment", verbose_name=_("申请")
    )
    signed_at = models.DateTimeField(_("签订时间"))
    assistant = models.ForeignKey(
        User, models.SET_NULL, null=True, related_name="+", verbose_name=_("代办员")
    )
    document = models.BinaryField(_("委托协议（PDF）"))
    sha256 = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("代办委托协议")
        verbose_name_plural = _("代办委托协议")

    def __str__(self) -> str:
        return f"{self.request} {self.signed_at:%Y-%m-%d}"


class Payment(models.Model):
    """A fee the law puts on the applicant (A.1.6), paid in cash for them by the
    assistant at the hall's bank window (002 二(七)), the receipt handed back
    and acknowledged by the person's signature. When the entrusted case charges
    a fee, the same payment is written on the case (cases.Payment, payer the
    assistant) by services.payment_record."""

    request = models.ForeignKey(
        AssistRequest, models.CASCADE, related_name="payments", verbose_name=_("申请")
    )
    amount = models.DecimalField(_("金额（元）"), max_digits=10, decimal_places=2)
    purpose = models.CharField(_("费用名称"), max_length=100)
    receipt_number = models.CharField(_("银行收据号"), max_length=40)
    paid_at = models.DateTimeField(_("缴费时间"))
    paid_by = models.ForeignKey(
        User, models.SET_NULL, null=True, related_name="+", verbose_name=_("代缴人")
    )
    acknowledged_at = models.DateTimeField(_("服务对象确认时间"))
    signature = models.BinaryField(_("服务对象签名（PNG）"))

    class Meta:
        verbose_name = _("代为缴费")
        verbose_name_plural = _("代为缴费")
        ordering = ["request", "paid_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="assist_payment_positive"),
            models.UniqueConstraint(
                fields=["request", "receipt_number"], name="assist_payment_receipt_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request} {self.amount}"
