"""Service items, their guide versions and materials, and where they are stationed.

An item's guide changes only through versions: draft → submitted by the
department → approved by the centre → published. A published version is frozen;
a change is a new version (004 第二条, 003 §四(二)1)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.core.errors import InvalidTransition
from govhall.core.models import Center, Department, User

from .domains import Domain


class ItemType(models.TextChoices):
    LICENSING = "licensing", _("行政许可")
    PAYMENT = "payment", _("行政给付")
    CONFIRMATION = "confirmation", _("行政确认")
    LEVY = "levy", _("行政征收")
    AWARD = "award", _("行政奖励")
    RULING = "ruling", _("行政裁决")
    PUBLIC_SERVICE = "public_service", _("公共服务")
    OTHER = "other", _("其他行政权力")


class ApprovalMode(models.TextChoices):
    # 003 §四(二)2
    INSTANT = "instant", _("即办件")
    PROMISE = "promise", _("承诺件")
    NOTIFY_COMMIT = "notify_commit", _("告知承诺")
    PARALLEL = "parallel", _("并联审批")
    REMOTE = "remote", _("不见面审批")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("部门已提交")
    APPROVED = "approved", _("中心已审核")
    PUBLISHED = "published", _("已发布")
    RETURNED = "returned", _("已退回")
    SUPERSEDED = "superseded", _("已被新版本替代")


EDITABLE = (VersionStatus.DRAFT, VersionStatus.RETURNED)
FROZEN = (VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED)
OPEN = (
    VersionStatus.DRAFT,
    VersionStatus.RETURNED,
    VersionStatus.SUBMITTED,
    VersionStatus.APPROVED,
)


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", _("原件")
    COPY = "copy", _("复印件")
    ORIGINAL_AND_COPY = "original_and_copy", _("原件及复印件")
    ELECTRONIC = "electronic", _("电子材料")


class ServiceItem(models.Model):
    code = models.CharField(_("事项编码"), max_length=40, unique=True)
    department = models.ForeignKey(
        Department, models.PROTECT, related_name="items", verbose_name=_("实施部门")
    )
    domain = models.CharField(_("领域"), max_length=30, choices=Domain.choices)
    published_version = models.ForeignKey(
        "ItemVersion",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("现行版本"),
        editable=False,
    )
    centers = models.ManyToManyField(
        Center, through="Stationing", related_name="items", verbose_name=_("进驻中心")
    )
    # Search help, not guide content: the words people say for the item (社保卡,
    # 房产证). Kept on the item outside the version workflow, so the centre can
    # add a word the day it hears it without republishing the guide.
    aliases = models.TextField(
        _("俗称"),
        blank=True,
        help_text=_("群众常用的叫法，供检索使用，用顿号或逗号分隔，如：社保卡、社保卡补办"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("服务事项")
        verbose_name_plural = _("服务事项")
        ordering = ["code"]

    def __str__(self) -> str:
        version = self.published_version
        return f"{self.code} {version.name}" if version else self.code


class ItemVersion(models.Model):
    item = models.ForeignKey(
        ServiceItem, models.CASCADE, related_name="versions", verbose_name=_("事项")
    )
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(
        _("状态"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    # The guide (办事指南): every element of DOMAIN.md "Service items and guides".
    name = models.CharField(_("事项名称"), max_length=120)
    item_type = models.CharField(_("事项类型"), max_length=20, choices=ItemType.choices)
    approval_mode = models.CharField(_("办理模式"), max_length=20, choices=ApprovalMode.choices)
    legal_basis = models.TextField(_("设立依据"), blank=True)
    conditions = models.TextField(_("受理条件"), blank=True)
    process = models.JSONField(_("办理流程"), default=list, blank=True)
    statutory_days = models.PositiveSmallIntegerField(_("法定办结时限（工作日）"), default=0)
    committed_days = models.PositiveSmallIntegerField(_("承诺办结时限（工作日）"), default=0)
    fee = models.CharField(_("收费标准"), max_length=300, default="不收费")
    # The amounts the standard allows, [{"label": "住宅类", "amount": "80.00"}]; empty:
    # the item is free and no payment is taken (000 第六条).
    fee_amounts = models.JSONField(_("收费金额（元）"), default=list, blank=True)
    consult_phone = models.CharField(_("咨询电话"), max_length=40, blank=True)
    complaint_phone = models.CharField(_("投诉电话"), max_length=40, blank=True)
    # 不见面审批 (003 §四(二)2(1)): the citizen may apply on the web with uploads.
    # An item in the 不见面审批 mode always may (allows_online).
    online_application = models.BooleanField(_("可网上申请（不见面审批）"), default=False)
    parallel_departments = models.ManyToManyField(
        Department, blank=True, related_name="parallel_versions", verbose_name=_("并联审批部门")
    )
    change_summary = models.CharField(_("变更说明"), max_length=300, blank=True)
    # The workflow and its clock.
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("提交人")
    )
    publish_due = models.DateField(_("应发布日期"), null=True, blank=True)
    publish_due_provisional = models.BooleanField(_("发布期限为预计"), default=False)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("审核人")
    )
    review_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("发布人")
    )
    overdue_flagged_at = models.DateTimeField(_("超期标记时间"), null=True, blank=True)
    # Normalised name, code and pinyin (full and initials) for search.
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("指南版本")
        verbose_name_plural = _("指南版本")
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="catalog_version_unique"),
            # One version in the workflow at a time, so changes cannot overtake each other.
            models.UniqueConstraint(
                fields=["item"],
                condition=models.Q(status__in=["draft", "returned", "submitted", "approved"]),
                name="catalog_one_open_version",
            ),
            models.CheckConstraint(
                condition=models.Q(committed_days__lte=models.F("statutory_days"))
                | models.Q(statutory_days=0),
                name="catalog_committed_within_statutory",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.number}"

    def save(self, *args, **kwargs):
        # A published guide is what citizens were told: it never changes in place.
        if self.pk and ItemVersion.objects.filter(pk=self.pk, status__in=FROZEN).exists():
            raise InvalidTransition(_("已发布的版本不可修改，请新建版本"), code="version_frozen")
        super().save(*args, **kwargs)

    @property
    def name_with_mode(self) -> str:
        """The name followed by its approval mode in brackets, once: many official
        names already end in it (人力资源服务许可（告知承诺）)."""
        mode = str(self.get_approval_mode_display())
        return self.name if mode in self.name else f"{self.name}（{mode}）"

    @property
    def allows_online(self) -> bool:
        return self.online_application or self.approval_mode == ApprovalMode.REMOTE

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


class Material(models.Model):
    version = models.ForeignKey(
        ItemVersion, models.CASCADE, related_name="materials", verbose_name=_("指南版本")
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("材料名称"), max_length=200)
    form = models.CharField(_("材料形式"), max_length=20, choices=MaterialForm.choices)
    count = models.PositiveSmallIntegerField(_("份数"), default=1)
    required = models.BooleanField(_("必需"), default=True)
    notes = models.CharField(_("备注"), max_length=300, blank=True)
    sample_url = models.URLField(_("样表链接"), blank=True)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["version", "position", "id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.version.is_editable:
            raise InvalidTransition(_("已提交或发布的版本不可修改材料"), code="version_frozen")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if not self.version.is_editable:
            raise InvalidTransition(_("已提交或发布的版本不可修改材料"), code="version_frozen")
        return super().delete(*args, **kwargs)


class Stationing(models.Model):
    """An item stationed at a centre (进驻): its windows may accept it."""

    item = models.ForeignKey(
        ServiceItem, models.CASCADE, related_name="stationings", verbose_name=_("事项")
    )
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="stationings", verbose_name=_("中心")
    )
    active = models.BooleanField(_("在驻"), default=True)
    since = models.DateField(_("进驻日期"), auto_now_add=True)
    # Tickets issued for the item here in the last days (services.catalog_count_taken),
    # so search lists what people come for first.
    taken_recent = models.PositiveIntegerField(_("近期取号数"), default=0, editable=False)

    class Meta:
        verbose_name = _("事项进驻")
        verbose_name_plural = _("事项进驻")
        constraints = [
            models.UniqueConstraint(fields=["item", "center"], name="catalog_stationing_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item.code} @ {self.center.code}"
