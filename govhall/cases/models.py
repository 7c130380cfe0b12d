"""Cases (办件): intake at the window, the one-time notice and 补正, review and
decision in the department's back office, parallel approval, 告知承诺, the clock
in working days with its suspensions and extension, delivery and the archive
(003 §四(二)2-5, 004 第八条, 001 table 13 and 附录B).

Every change goes through `services.py`; documents and archives are written once
and never change."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import ItemVersion, Material, ServiceItem
from govhall.core.errors import InvalidTransition
from govhall.core.fields import EncryptedCharField, EncryptedIdNumberField
from govhall.core.models import Center, Department, User
from govhall.hall.models import Window


class CaseStatus(models.TextChoices):
    SUPPLEMENT = "supplement", _("待补正")
    ACCEPTED = "accepted", _("已受理")
    SUSPENDED = "suspended", _("特别程序中")
    COMMITTED = "committed", _("已决定，待补交承诺材料")
    DECIDED = "decided", _("已决定，待出件")
    COMPLETED = "completed", _("已办结")
    REFUSED = "refused", _("不予受理")
    REVOKED = "revoked", _("已撤销")
    # The applicant withdrew the application before the decision (撤回).
    WITHDRAWN = "withdrawn", _("已撤回")
    # Ended without a decision: the applicant died or was dissolved (终止).
    TERMINATED = "terminated", _("已终止")
    # The one-time notice's date passed without the materials (逾期未补正).
    LAPSED = "lapsed", _("逾期未补正")
    # 不见面审批: received on the web, the clerk's pre-check still to come.
    PRECHECK = "precheck", _("网上申请待预审")


# The clock runs (and the sweep warns) only here.
CLOCK_RUNNING = (CaseStatus.ACCEPTED,)
CLOSED = (
    CaseStatus.COMPLETED,
    CaseStatus.REFUSED,
    CaseStatus.REVOKED,
    CaseStatus.WITHDRAWN,
    CaseStatus.TERMINATED,
    CaseStatus.LAPSED,
)
# Closed without the result the applicant asked for: _close keeps these statuses.
ENDED_EARLY = (
    CaseStatus.REFUSED,
    CaseStatus.REVOKED,
    CaseStatus.WITHDRAWN,
    CaseStatus.TERMINATED,
    CaseStatus.LAPSED,
)
# The application may still be withdrawn (before the decision).
WITHDRAWABLE = (CaseStatus.SUPPLEMENT, CaseStatus.ACCEPTED, CaseStatus.SUSPENDED)
OPEN = tuple(s for s in CaseStatus.values if s not in CLOSED)


class Source(models.TextChoices):
    TICKET = "ticket", _("排队叫号")
    WALK_IN = "walk_in", _("现场直接受理")
    PROXY = "proxy", _("代办")
    ONLINE = "online", _("网上申请")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("自然人")
    COMPANY = "company", _("法人或其他组织")


class DeliveryMethod(models.TextChoices):
    WINDOW = "window", _("窗口领取")
    POST = "post", _("邮寄送达")


class Decision(models.TextChoices):
    APPROVE = "approve", _("准予")
    REJECT = "reject", _("不予准予")


class TerminationGround(models.TextChoices):
    # A case ends without a decision when nobody is left to decide for.
    APPLICANT_DIED = "applicant_died", _("申请人死亡")
    APPLICANT_DISSOLVED = "applicant_dissolved", _("申请单位终止（注销、解散）")
    # A 告知承诺 proved false at the check afterwards: the decision is revoked.
    FALSE_PROMISE = "false_promise", _("告知承诺不实")


class WarningLevel(models.TextChoices):
    NONE = "", _("正常")
    YELLOW = "yellow", _("黄色预警")
    RED = "red", _("红色预警（超期）")


def _immutable(instance: models.Model, label) -> None:
    if instance.pk and type(instance).objects.filter(pk=instance.pk).exists():
        raise InvalidTransition(
            _("%(what)s一经生成不可修改") % {"what": label}, code="immutable_record"
        )


class Case(models.Model):
    center = models.ForeignKey(Center, models.PROTECT, related_name="cases", verbose_name=_("中心"))
    number = models.CharField(_("办件编号"), max_length=48, unique=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("序号"))
    check_code = models.CharField(_("查询码"), max_length=8, editable=False)
    # The guide as it was when the case came in (the version is frozen once published).
    item = models.ForeignKey(
        ServiceItem, models.PROTECT, related_name="cases", verbose_name=_("事项")
    )
    version = models.ForeignKey(
        ItemVersion, models.PROTECT, related_name="cases", verbose_name=_("指南版本")
    )
    item_name = models.CharField(_("事项名称"), max_length=120)
    approval_mode = models.CharField(_("办理模式"), max_length=20)
    department = models.ForeignKey(
        Department, models.PROTECT, related_name="cases", verbose_name=_("承办（牵头）部门")
    )
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    ticket = models.ForeignKey(
        "queueing.Ticket",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("排队号"),
    )
    window = models.ForeignKey(
        Window, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("受理窗口")
    )
    received_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("收件人")
    )
    received_at = models.DateTimeField(_("收件时间"))
    # The applicant: personal data encrypted at rest, shown masked.
    applicant_kind = models.CharField(_("申请人类型"), max_length=10, choices=ApplicantKind.choices)
    applicant_name = EncryptedCharField(_("申请人"))
    applicant_id_number = EncryptedIdNumberField(
        _("申请人证件号码"), hash_field="applicant_id_hash", null=True, blank=True
    )
    applicant_id_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    phone = EncryptedCharField(_("联系电话"))
    proxy_name = EncryptedCharField(_("代办人"), blank=True, default="")
    proxy_id_number = EncryptedIdNumberField(
        _("代办人证件号码"), hash_field="proxy_id_hash", null=True, blank=True
    )
    proxy_id_hash = models.CharField(max_length=64, blank=True, editable=False)
    delivery_method = models.CharField(
        _("送达方式"), max_length=8, choices=DeliveryMethod.choices, default=DeliveryMethod.WINDOW
    )
    delivery_address = EncryptedCharField(_("邮寄地址"), blank=True, default="")
    # The state machine and the outcome.
    status = models.CharField(_("状态"), max_length=12, choices=CaseStatus.choices)
    refusal_reason = models.TextField(_("不予受理理由及依据"), blank=True)
    decision = models.CharField(_("决定"), max_length=8, choices=Decision.choices, blank=True)
    decision_opinion = models.TextField(_("决定意见"), blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("决定人")
    )
    # 决定书文号, numbered per centre, year and kind of decision.
    decision_number = models.CharField(_("决定书文号"), max_length=48, blank=True)
    # Art. 44: the certificate or result within 10 working days of the decision.
    certificate_due = models.DateField(_("发证期限"), null=True, blank=True)
    certificate_due_provisional = models.BooleanField(_("发证期限为预计"), default=False)
    # The fee the clerk assessed from the item's standard (None: not assessed or free).
    fee_due = models.DecimalField(
        _("应收费用（元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    # The one-time notice states by when the missing materials are due.
    supplement_due = models.DateField(_("补正期限"), null=True, blank=True)
    supplement_due_provisional = models.BooleanField(_("补正期限为预计"), default=False)
    # 撤回 / 终止: why the case ended early, as the applicant or the file says.
    ended_reason = models.TextField(_("撤回或终止事由"), blank=True)
    termination_ground = models.CharField(
        _("终止情形"), max_length=20, choices=TerminationGround.choices, blank=True
    )
    # The clock, in working days from the day after acceptance (Licensing Law 42, 45).
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    committed_days = models.PositiveSmallIntegerField(_("承诺时限（工作日）"), default=0)
    extension_days = models.PositiveSmallIntegerField(_("延长（工作日）"), default=0)
    suspended_days = models.PositiveSmallIntegerField(_("特别程序不计时（工作日）"), default=0)
    due_date = models.DateField(_("承诺办结日期"), null=True, blank=True)
    # Counted over a year the holiday table lacks (weekdays alone): shown 预计,
    # recomputed when the year is added (core.workdays.calendar_changed).
    due_date_provisional = models.BooleanField(_("办结日期为预计"), default=False)
    warning = models.CharField(
        _("预警"), max_length=8, choices=WarningLevel.choices, default="", blank=True
    )
    warned_at = models.DateTimeField(_("预警时间"), null=True, blank=True)
    # 告知承诺
    commitment_signed_at = models.DateTimeField(_("承诺书签署时间"), null=True, blank=True)
    commitment_due = models.DateField(_("承诺补交材料期限"), null=True, blank=True)
    commitment_due_provisional = models.BooleanField(_("补交期限为预计"), default=False)
    commitment_fulfilled_at = models.DateTimeField(_("承诺材料补齐时间"), null=True, blank=True)
    ready_at = models.DateTimeField(_("结果就绪时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    # 不见面审批 (services/online.py): the pre-check is due within the centre's days
    # (Licensing Law art. 32: 5); unanswered, the application counts as accepted
    # from receipt and the flag says so.
    precheck_due = models.DateField(_("预审期限"), null=True, blank=True)
    precheck_due_provisional = models.BooleanField(_("预审期限为预计"), default=False)
    deemed_accepted = models.BooleanField(_("逾期未告知补正，视为受理"), default=False)

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["center", "year", "seq"], name="cases_number_per_year"),
            models.CheckConstraint(
                condition=Q(applicant_kind="person", credit_code="")
                | Q(applicant_kind="company") & ~Q(credit_code=""),
                name="cases_applicant_identity",
            ),
        ]
        indexes = [
            models.Index(fields=["center", "status", "due_date"], name="cases_case_worklist"),
            models.Index(fields=["department", "status"], name="cases_case_department"),
            # The day's figures (reports' facts) read a centre's cases by these days.
            models.Index(fields=["center", "received_at"], name="cases_case_received"),
            models.Index(fields=["center", "accepted_on"], name="cases_case_accepted"),
            models.Index(fields=["center", "closed_at"], name="cases_case_closed"),
            models.Index(fields=["center", "due_date"], name="cases_case_due"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED


class MaterialStatus(models.TextChoices):
    PROVIDED = "provided", _("已提供")
    MISSING = "missing", _("缺少")
    WRONG = "wrong", _("不符合要求")


class CaseMaterial(models.Model):
    """One line of the checklist: a material of the snapshot version. Once
    provided (accepted) it is never asked for again."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="materials", verbose_name=_("办件"))
    material = models.ForeignKey(Material, models.PROTECT, related_name="+", verbose_name=_("材料"))
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("材料名称"), max_length=200)
    required = models.BooleanField(_("必需"), default=True)
    status = models.CharField(_("核对结果"), max_length=10, choices=MaterialStatus.choices)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    provided_at = models.DateTimeField(_("收取时间"), null=True, blank=True)
    rounds = models.PositiveSmallIntegerField(_("核对次数"), default=1)

    class Meta:
        verbose_name = _("材料核对")
        verbose_name_plural = _("材料核对")
        ordering = ["case", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "material"], name="cases_material_once")
        ]

    def __str__(self) -> str:
        return self.name


class Step(models.TextChoices):
    RECEIVED = "received", _("收件")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("一次性告知补正")
    SUPPLEMENT_RETURNED = "supplement_returned", _("补正材料收件")
    ACCEPTED = "accepted", _("受理")
    REFUSED = "refused", _("不予受理")
    COMMITTED = "committed", _("签署告知承诺书")
    FORWARDED = "forwarded", _("转送并联审批部门")
    PARALLEL_ANSWERED = "parallel_answered", _("并联部门出具意见")
    REVIEWED = "reviewed", _("审查")
    INSPECTED = "inspected", _("现场核查")
    SUSPENDED = "suspended", _("进入特别程序（暂停计时）")
    RESUMED = "resumed", _("特别程序结束（恢复计时）")
    EXTENSION_REQUESTED = "extension_requested", _("申请延期")
    EXTENDED = "extended", _("延期办理")
    DECIDED = "decided", _("作出决定")
    READY = "ready", _("结果待领取")
    COMMITMENT_FULFILLED = "commitment_fulfilled", _("承诺材料已补交")
    FEE_ASSESSED = "fee_assessed", _("核定收费")
    PAID = "paid", _("缴费")
    REFUNDED = "refunded", _("退费")
    DELIVERED = "delivered", _("出件")
    COMPLETED = "completed", _("办结")
    REVOKED = "revoked", _("撤销决定")
    WITHDRAWN = "withdrawn", _("申请人撤回申请")
    TERMINATED = "terminated", _("终止办理")
    LAPSED = "lapsed", _("逾期未补正，终结办理")
    ARCHIVED = "archived", _("归档")
    TRANSFERRED = "transferred", _("转办（改派承办部门）")


class CaseStep(models.Model):
    """The case's own history: the public timeline shows the step and time only."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="steps", verbose_name=_("办件"))
    step = models.CharField(_("环节"), max_length=24, choices=Step.choices)
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("经办人")
    )
    department = models.ForeignKey(
        Department, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("部门")
    )
    note = models.TextField(_("内部说明"), blank=True)

    class Meta:
        verbose_name = _("办件环节")
        verbose_name_plural = _("办件环节")
        ordering = ["case", "at", "id"]
        indexes = [models.Index(fields=["at", "step"], name="cases_step_at")]

    def __str__(self) -> str:
        return f"{self.case} {self.step}"


class Opinion(models.Model):
    case = models.ForeignKey(Case, models.CASCADE, related_name="opinions", verbose_name=_("办件"))
    department = models.ForeignKey(
        Department, models.PROTECT, related_name="+", verbose_name=_("部门")
    )
    author = models.ForeignKey(
        User, models.SET_NULL, null=True, related_name="+", verbose_name=_("审查人")
    )
    text = models.TextField(_("意见"))
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("审查意见")
        verbose_name_plural = _("审查意见")
        ordering = ["case", "at", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.at:%Y-%m-%d}"


class Inspection(models.Model):
    """A substantive check (现场核查): carried out by at least two staff."""

    case = models.ForeignKey(
        Case, models.CASCADE, related_name="inspections", verbose_name=_("办件")
    )
    inspected_on = models.DateField(_("核查日期"))
    inspectors = models.ManyToManyField(User, related_name="+", verbose_name=_("核查人员"))
    findings = models.TextField(_("核查情况"))
    recorded_by = models.ForeignKey(
        User, models.SET_NULL, null=True, related_name="+", verbose_name=_("记录人")
    )
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("现场核查")
        verbose_name_plural = _("现场核查")

    def __str__(self) -> str:
        return f"{self.case} {self.inspected_on}"


class ProcedureKind(models.TextChoices):
    # Administrative Licensing Law art. 45: time not counted in the limit.
    HEARING = "hearing", _("听证")
    TENDER = "tender", _("招标")
    AUCTION = "auction", _("拍卖")
    INSPECTION = "inspection", _("检验")
    TESTING = "testing", _("检测")
    QUARANTINE = "quarantine", _("检疫")
    APPRAISAL = "appraisal", _("鉴定")
    EXPERT_REVIEW = "expert_review", _("专家评审")


class Suspension(models.Model):
    case = models.ForeignKey(
        Case, models.CASCADE, related_name="suspensions", verbose_name=_("办件")
    )
    kind = models.CharField(_("特别程序"), max_length=16, choices=ProcedureKind.choices)
    reason = models.TextField(_("书面告知事由"))
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    # Art. 45: the applicant is told in writing how long the procedure takes.
    expected_days = models.PositiveSmallIntegerField(_("预计所需工作日"), default=0)
    # Art. 47: a hearing asked for is held within 20 days of the request.
    hold_by = models.DateField(_("听证最迟举行日期"), null=True, blank=True)
    excluded_days = models.PositiveSmallIntegerField(_("不计时工作日"), default=0)
    started_by = models.ForeignKey(
        User, models.SET_NULL, null=True, related_name="+", verbose_name=_("经办人")
    )

    class Meta:
        verbose_name = _("特别程序")
        verbose_name_plural = _("特别程序")
        ordering = ["case", "started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(ended_on__isnull=True),
                name="cases_one_open_suspension",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()}"


class Extension(models.Model):
    """Licensing Law art. 42: one extension, with written reasons, approved by
    someone other than the reviewer who asks for it."""

    case = models.OneToOneField(
        Case, models.CASCADE, related_name="extension", verbose_name=_("办件")
    )
    reason = models.TextField(_("延期理由"))
    days = models.PositiveSmallIntegerField(_("延长工作日"))
    requested_by = models.ForeignKey(
        User, models.SET_NULL, null=True, related_name="+", verbose_name=_("申请人")
    )
    requested_at = models.DateTimeField(_("申请时间"))
    approved_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("批准人")
    )
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("延期办理")
        verbose_name_plural = _("延期办理")

    def __str__(self) -> str:
        return f"{self.case} +{self.days}"


class ParallelAnswer(models.TextChoices):
    PENDING = "", _("待答复")
    AGREE = "agree", _("同意")
    DISAGREE = "disagree", _("不同意")
    FORWARD = "forward", _("转报")


class ParallelTask(models.Model):
    """What the lead department forwarded to one parallel department, and its answer."""

    case = models.ForeignKey(
        Case, models.CASCADE, related_name="parallel_tasks", verbose_name=_("办件")
    )
    department = models.ForeignKey(
        Department, models.PROTECT, related_name="+", verbose_name=_("并联审批部门")
    )
    due_date = models.DateField(_("答复期限"), null=True, blank=True)
    due_date_provisional = models.BooleanField(_("答复期限为预计"), default=False)
    answer = models.CharField(
        _("答复"), max_length=10, choices=ParallelAnswer.choices, default="", blank=True
    )
    reason = models.TextField(_("理由"), blank=True)
    answered_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("答复人")
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("并联审批")
        verbose_name_plural = _("并联审批")
        ordering = ["case", "department"]
        constraints = [
            models.UniqueConstraint(fields=["case", "department"], name="cases_parallel_once")
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.department}"


class Delivery(models.Model):
    """出件: handed out at the window after an identity check and a signature, or
    sent by post to the address chosen at intake."""

    case = models.OneToOneField(
        Case, models.CASCADE, related_name="delivery", verbose_name=_("办件")
    )
    method = models.CharField(_("方式"), max_length=8, choices=DeliveryMethod.choices)
    collector_name = EncryptedCharField(_("领取人"), blank=True, default="")
    collector_id_hash = models.CharField(max_length=64, blank=True, editable=False)
    identity_checked = models.BooleanField(_("已核验身份"), default=False)
    entrusted = models.BooleanField(_("凭委托书代领"), default=False)
    signature = models.TextField(_("签名记录"), blank=True)
    tracking_number = models.CharField(_("邮件号"), max_length=40, blank=True)
    delivered_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("经办人")
    )
    delivered_at = models.DateTimeField(_("出件时间"))

    class Meta:
        verbose_name = _("出件记录")
        verbose_name_plural = _("出件记录")

    def __str__(self) -> str:
        return f"{self.case} {self.get_method_display()}"


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("现金")
    CARD = "card", _("银行卡")
    # Paid at the bank's window in the hall with the 收款单 (002 二(七)).
    BANK_SLIP = "bank_slip", _("银行窗口凭收款单缴纳")
    ONLINE = "online", _("线上支付")


class Payer(models.TextChoices):
    APPLICANT = "applicant", _("申请人本人")
    PROXY = "proxy", _("代办人")
    # A centre's assistant pays for a special-group applicant (001 A.1.6; 002 二(七)).
    ASSISTANT = "assistant", _("帮办代办员代缴")


class Payment(models.Model):
    """A fee paid for a case, by whom and how, at which window; a refund is
    recorded on the payment it returns, never by deleting it."""

    case = models.ForeignKey(Case, models.PROTECT, related_name="payments", verbose_name=_("办件"))
    amount = models.DecimalField(_("金额（元）"), max_digits=10, decimal_places=2)
    method = models.CharField(_("缴费方式"), max_length=10, choices=PaymentMethod.choices)
    payer = models.CharField(
        _("缴费人"), max_length=10, choices=Payer.choices, default=Payer.APPLICANT
    )
    window = models.ForeignKey(
        Window, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("窗口")
    )
    received_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("收款人")
    )
    paid_at = models.DateTimeField(_("缴费时间"))
    refunded_at = models.DateTimeField(_("退费时间"), null=True, blank=True)
    refunded_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("退费经办人")
    )
    refund_reason = models.TextField(_("退费原因"), blank=True)

    class Meta:
        verbose_name = _("缴费记录")
        verbose_name_plural = _("缴费记录")
        ordering = ["case", "paid_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="cases_payment_positive")
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.amount}"


class CreditRecord(models.Model):
    """A credit-record entry (纳入诚信体系, 003 §四(二)2(3)) after a 告知承诺 was broken."""

    center = models.ForeignKey(Center, models.PROTECT, related_name="+", verbose_name=_("中心"))
    case = models.OneToOneField(
        Case, models.PROTECT, related_name="credit_record", verbose_name=_("办件")
    )
    subject_kind = models.CharField(_("主体类型"), max_length=10, choices=ApplicantKind.choices)
    subject_name = EncryptedCharField(_("主体"))
    # The ID number's keyed hash, or the (public) credit code: for lookup, never shown.
    subject_key = models.CharField(_("主体标识"), max_length=64, db_index=True)
    reason = models.TextField(_("事由"))
    created_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("信用记录")
        verbose_name_plural = _("信用记录")

    def __str__(self) -> str:
        return f"{self.case} {self.created_at:%Y-%m-%d}"


class DocumentKind(models.TextChoices):
    ACCEPTANCE = "acceptance", _("受理通知书")
    SUPPLEMENT = "supplement", _("一次性告知单")
    REFUSAL = "refusal", _("不予受理通知书")
    COMMITMENT = "commitment", _("告知承诺书")
    SUSPENSION = "suspension", _("特别程序告知书")
    EXTENSION = "extension", _("延期办理告知书")
    REVOCATION = "revocation", _("撤销决定告知书")
    COMPLETION = "completion", _("办结出件记录")
    DECISION_GRANT = "decision_grant", _("准予行政许可决定书")
    DECISION_REFUSE = "decision_refuse", _("不予行政许可决定书")
    WITHDRAWAL = "withdrawal", _("撤回申请确认书")
    TERMINATION = "termination", _("终止办理告知书")
    SUPPLEMENT_LAPSED = "supplement_lapsed", _("逾期未补正告知书")
    PAYMENT_SLIP = "payment_slip", _("收款单")


class Document(models.Model):
    """A notice as issued: the PDF bytes and their SHA-256, written once."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="documents", verbose_name=_("办件"))
    kind = models.CharField(_("文书"), max_length=20, choices=DocumentKind.choices)
    content = models.BinaryField(_("PDF"))
    sha256 = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("生成时间"))

    class Meta:
        verbose_name = _("文书")
        verbose_name_plural = _("文书")
        ordering = ["case", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        _immutable(self, _("文书"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise InvalidTransition(_("文书不可删除"), code="immutable_record")


class Archive(models.Model):
    """The closed case as an immutable package: manifest and documents in one zip."""

    case = models.OneToOneField(
        Case, models.PROTECT, related_name="archive", verbose_name=_("办件")
    )
    manifest = models.JSONField(_("元数据"))
    package = models.BinaryField(_("归档包"))
    sha256 = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("归档时间"))

    class Meta:
        verbose_name = _("办件归档")
        verbose_name_plural = _("办件归档")

    def __str__(self) -> str:
        return f"{self.case} {self.sha256[:12]}"

    def save(self, *args, **kwargs):
        _immutable(self, _("归档包"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise InvalidTransition(_("归档包不可删除"), code="immutable_record")


class OnlineUpload(models.Model):
    """A file the applicant uploaded online for one material line, as checked:
    the type read from its bytes (images re-encoded), encrypted at rest (an ID
    card scan is personal data), its name never kept."""

    case = models.ForeignKey(
        Case, models.CASCADE, related_name="online_uploads", verbose_name=_("办件")
    )
    line = models.ForeignKey(
        CaseMaterial, models.CASCADE, related_name="uploads", verbose_name=_("材料")
    )
    # 1 with the application, 2 and on with each online 补正.
    round = models.PositiveSmallIntegerField(_("提交批次"), default=1)
    kind = models.CharField(_("文件类型"), max_length=4)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64, editable=False)
    content = models.BinaryField(_("内容（加密）"))
    uploaded_at = models.DateTimeField(_("上传时间"))

    class Meta:
        verbose_name = _("网上申请材料文件")
        verbose_name_plural = _("网上申请材料文件")
        ordering = ["case", "line", "round", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.line.name} #{self.pk}"


# 一件事 bundles and transfers (kept in their own module).
from .archives.models import (  # noqa: E402,F401  the archival register (archives/)
    ArchiveFile,
    DestructionRequest,
    TransferBatch,
)
from .bundle_models import (  # noqa: E402, F401
    Bundle,
    BundleApplication,
    BundleItem,
    BundleMember,
    CaseTransfer,
)
from .closing_models import ClosingCount  # noqa: E402, F401
from .payment_models import PaymentOrder, PaymentOrderStatus  # noqa: E402, F401
