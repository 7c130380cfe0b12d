"""Zones and windows of a centre's hall (001 4.4-4.5)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from govhall.catalog.domains import Domain
from govhall.core.models import Center, User


class ZoneKind(models.TextChoices):
    # 001 table 2: the functional zones of a centre.
    GUIDANCE = "guidance", _("咨询导服区")
    WINDOWS = "windows", _("窗口服务区")
    WAITING = "waiting", _("等候区")
    SELF_SERVICE = "self_service", _("自助服务区")
    ASSISTED = "assisted", _("帮办代办区")
    OTHER = "other", _("其他")
    # The rest of 001 表2 (the ten zones), and 表12's 应急保障室.
    PUBLICITY = "publicity", _("政务公开专区")
    CONVENIENCE = "convenience", _("便民服务区")
    OFFICE = "office", _("办公区")
    EQUIPMENT = "equipment", _("设备区")
    ARCHIVE = "archive", _("档案室")
    NURSING = "nursing", _("母婴室")
    EMERGENCY = "emergency", _("应急保障室")


class Zone(models.Model):
    center = models.ForeignKey(Center, models.CASCADE, related_name="zones", verbose_name=_("中心"))
    code = models.CharField(_("编码"), max_length=32)
    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("类型"), max_length=20, choices=ZoneKind.choices)
    floor = models.CharField(_("楼层"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("功能区")
        verbose_name_plural = _("功能区")
        constraints = [
            models.UniqueConstraint(fields=["center", "code"], name="hall_zone_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.center.name} {self.name}"


class WindowType(models.TextChoices):
    # 001 4.5.2.2: comprehensive windows.
    COMPREHENSIVE = "comprehensive", _("无差别综合窗口")
    DOMAIN = "domain", _("分领域综合窗口")
    OUTPUT = "output", _("出件窗口")
    # 001 table 6: special windows, set up on top of the comprehensive ones.
    CROSS_PROVINCE = "cross_province", _("“长三角”跨省通办专窗")
    ONE_THING = "one_thing", _("“一件事”专窗")
    ONE_INDUSTRY = "one_industry", _("“一业一证”专窗")
    INSTANT = "instant", _("“即办”专窗")
    ASSIST = "assist", _("扶助(为老、助残)服务专窗")
    # 001 4.5.2.4
    SMART = "smart", _("政务智能窗口")


class WindowState(models.TextChoices):
    OPEN = "open", _("开放")
    PAUSED = "paused", _("暂停")
    CLOSED = "closed", _("关闭")


class Window(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="windows", verbose_name=_("中心")
    )
    zone = models.ForeignKey(
        Zone,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="windows",
        verbose_name=_("功能区"),
    )
    # Unique across centres: devices address a window by its code alone (API.md).
    code = models.CharField(_("编码"), max_length=32, unique=True)
    number = models.PositiveSmallIntegerField(
        _("窗口号"), help_text=_("叫号时播报的号码，如“5号窗口”")
    )
    name = models.CharField(_("名称"), max_length=60)
    type = models.CharField(_("类型"), max_length=20, choices=WindowType.choices)
    domain = models.CharField(
        _("领域"),
        max_length=30,
        choices=Domain.choices,
        blank=True,
        help_text=_("分领域综合窗口受理的领域"),
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=WindowState.choices, default=WindowState.CLOSED
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("窗口")
        verbose_name_plural = _("窗口")
        ordering = ["center", "number"]
        constraints = [
            models.UniqueConstraint(fields=["center", "number"], name="hall_window_number_unique"),
            models.CheckConstraint(
                condition=~models.Q(type="domain") | ~models.Q(domain=""),
                name="hall_window_domain_required",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}号窗口 {self.name}"


class Post(models.TextChoices):
    A = "A", _("A岗")
    B = "B", _("B岗")


class WindowPost(models.Model):
    """The A and B posts of a window (001 附录B): when A is away, B takes over."""

    window = models.ForeignKey(Window, models.CASCADE, related_name="posts", verbose_name=_("窗口"))
    post = models.CharField(_("岗位"), max_length=1, choices=Post.choices)
    user = models.ForeignKey(
        User, models.CASCADE, related_name="window_posts", verbose_name=_("工作人员")
    )
    on_duty = models.BooleanField(_("在岗"), default=False)

    class Meta:
        verbose_name = _("窗口AB岗")
        verbose_name_plural = _("窗口AB岗")
        ordering = ["window", "post"]
        constraints = [
            models.UniqueConstraint(fields=["window", "post"], name="hall_window_post_unique")
        ]

    def __str__(self) -> str:
        return f"{self.window} {self.post} {self.user}"


class DutyCallStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    RESOLVED = "resolved", _("已处理")


class DutyCall(models.Model):
    """A window or the reception desk calls the duty manager (值班长) when a
    visitor is upset or a dispute starts (004 第五条5, 001 6.4.1.4), and how it ended."""

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="duty_calls", verbose_name=_("中心")
    )
    window = models.ForeignKey(
        Window,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="duty_calls",
        verbose_name=_("窗口"),
    )
    # Where the caller stands when it is not a window (the reception desk).
    place = models.CharField(_("地点"), max_length=60, blank=True)
    reason = models.CharField(_("事由"), max_length=200, blank=True)
    called_by = models.ForeignKey(
        User, models.SET_NULL, null=True, related_name="+", verbose_name=_("呼叫人")
    )
    called_at = models.DateTimeField(_("呼叫时间"))
    status = models.CharField(
        _("状态"), max_length=10, choices=DutyCallStatus.choices, default=DutyCallStatus.OPEN
    )
    resolved_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("处理人")
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    resolution = models.TextField(_("处理结果"), blank=True)

    class Meta:
        verbose_name = _("值班长呼叫")
        verbose_name_plural = _("值班长呼叫")
        ordering = ["-called_at"]
        indexes = [models.Index(fields=["center", "status"], name="hall_dutycall_open")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open", resolved_at__isnull=True)
                | models.Q(status="resolved", resolved_at__isnull=False),
                name="hall_dutycall_resolved_at",
            )
        ]

    def __str__(self) -> str:
        return f"{self.center} {self.where} {self.called_at:%Y-%m-%d %H:%M}"

    @property
    def where(self) -> str:
        return str(self.window) if self.window_id else self.place


class HallProfile(models.Model):
    """The centre's premises as the standards measure them: the building's floor
    area (001 表1) and the service hall's (003 四(一)1(2): at least 150 m²)."""

    center = models.OneToOneField(
        Center, models.CASCADE, related_name="hall_profile", verbose_name=_("中心")
    )
    building_area = models.DecimalField(
        _("建筑面积（平方米）"), max_digits=9, decimal_places=1, null=True, blank=True
    )
    hall_area = models.DecimalField(
        _("服务大厅面积（平方米）"), max_digits=9, decimal_places=1, null=True, blank=True
    )
    updated_at = models.DateTimeField(_("更新时间"), null=True, blank=True)
    updated_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("更新人")
    )

    class Meta:
        verbose_name = _("场所概况")
        verbose_name_plural = _("场所概况")

    def __str__(self) -> str:
        return f"{self.center} {self.building_area or '—'}/{self.hall_area or '—'}"


class Facility(models.Model):
    """A line of a zone's facility and supplies inventory (001 表3-表12, 003, 002
    二(四)): what it is (hall.facilities.FACILITIES), how many, where."""

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="facilities", verbose_name=_("中心")
    )
    zone = models.ForeignKey(
        Zone, models.CASCADE, related_name="facilities", verbose_name=_("功能区")
    )
    kind = models.CharField(_("设施设备及用品"), max_length=40)
    count = models.PositiveIntegerField(_("数量"), default=1)
    location = models.CharField(_("位置"), max_length=60, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"))
    updated_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("更新人")
    )

    class Meta:
        verbose_name = _("设施设备")
        verbose_name_plural = _("设施设备")
        ordering = ["zone__code", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "kind"], name="hall_facility_zone_kind_unique")
        ]

    def __str__(self) -> str:
        from .facilities import label

        return f"{label(self.kind)} ×{self.count}"
