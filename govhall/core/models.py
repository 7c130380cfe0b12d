"""Centres, departments, staff and roles, the calendar, audit log, events, counters."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .fields import EncryptedCharField, EncryptedIdNumberField


class District(models.Model):
    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)

    class Meta:
        verbose_name = _("行政区")
        verbose_name_plural = _("行政区")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class CenterLevel(models.TextChoices):
    # 001 §4.1: many rules differ by level.
    DISTRICT_COMPREHENSIVE = "district", _("区级综合性政务服务中心")
    DISTRICT_DEPARTMENT = "department", _("其他区级部门政务服务中心")
    TOWN = "town", _("街镇级政务服务中心")


def default_opening_hours() -> dict:
    # Weekday (0 = Monday) -> list of [start, end] intervals, local time.
    day = [["09:00", "12:00"], ["13:30", "17:00"]]
    return {str(d): day for d in range(5)}


class Center(models.Model):
    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    district = models.ForeignKey(
        District, models.PROTECT, related_name="centers", verbose_name=_("行政区")
    )
    level = models.CharField(_("级别"), max_length=16, choices=CenterLevel.choices)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("咨询电话"), max_length=40, blank=True)
    opening_hours = models.JSONField(_("开放时间"), default=default_opening_hours)
    settings = models.JSONField(
        _("中心设置"),
        default=dict,
        blank=True,
        help_text=_('覆盖默认规则，如 {"queue.max_recalls": 3}'),
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("政务服务中心")
        verbose_name_plural = _("政务服务中心")
        ordering = ["district", "code"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A department of the district (区人社局 …); its items are stationed at centres."""

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    district = models.ForeignKey(
        District, models.PROTECT, related_name="departments", verbose_name=_("行政区")
    )

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.short_name or self.name


class User(AbstractUser):
    staff_number = models.CharField(_("工号"), max_length=32, blank=True)
    id_number = EncryptedIdNumberField(
        _("身份证号码"), hash_field="id_number_hash", blank=True, null=True
    )
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Where the duty-manager call's SMS goes; encrypted like every phone.
    mobile = EncryptedCharField(_("手机号码"), blank=True, default="")
    # Set when an administrator creates the account or resets its password: the
    # workplace sends the user to the password change until they choose their own.
    must_change_password = models.BooleanField(_("须修改密码"), default=False)

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")
        constraints = [
            models.UniqueConstraint(
                fields=["staff_number"],
                condition=~Q(staff_number=""),
                name="core_user_staff_number_unique",
            )
        ]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    RECEPTION = "reception", _("咨询导服")
    CLERK = "clerk", _("窗口人员")
    REVIEWER = "reviewer", _("后台审批人员")
    ASSISTANT = "assistant", _("帮办代办员")
    CENTER_ADMIN = "center_admin", _("中心管理员")
    SUPERVISOR = "supervisor", _("区主管部门")
    COURIER = "courier", _("邮政投递员")
    # 值班长 (003, 004 第五条5): answers the windows' calls; the rota comes with the staff app.
    DUTY_MANAGER = "duty_manager", _("值班长")
    # A department's lead at the centre (首席代表, 003; 001 C.2.7): approves the
    # leave of the staff the department sends, reports their own absence.
    DEPT_LEAD = "dept_lead", _("部门首席代表")
    # 文印室 (000 第十四-二十条): free printing and copying, the public computer.
    PRINT_ROOM = "print_room", _("文印人员")
    # 12345 热线坐席 at the centre (001 4.6.1): phoned-in enquiries and work orders.
    HOTLINE = "hotline", _("热线坐席")


class Membership(models.Model):
    """A role a user holds: at a centre, or for a whole district (supervisor).
    A reviewer also names the department whose back office they work in."""

    user = models.ForeignKey(
        User, models.CASCADE, related_name="memberships", verbose_name=_("工作人员")
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    center = models.ForeignKey(
        Center,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("中心"),
    )
    district = models.ForeignKey(
        District,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("行政区"),
    )
    department = models.ForeignKey(
        Department,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("部门"),
    )

    class Meta:
        verbose_name = _("岗位角色")
        verbose_name_plural = _("岗位角色")
        constraints = [
            # Exactly one scope: a centre, or (supervisors only) a district.
            models.CheckConstraint(
                condition=(
                    Q(role="supervisor", district__isnull=False, center__isnull=True)
                    | (~Q(role="supervisor") & Q(center__isnull=False, district__isnull=True))
                ),
                name="core_membership_scope",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "center", "district", "department"],
                name="core_membership_unique",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        where = self.center or self.district
        return f"{self.user} · {self.get_role_display()} · {where}"


class HolidayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日")
    WORKDAY = "workday", _("调休上班")


class CalendarYear(models.Model):
    """A year whose official holiday schedule is in the Holiday table. A year
    with no row here is counted on Monday–Friday alone, and what is so counted
    is provisional (预计) until the row is added (see workdays.py)."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("来源"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("已维护年度")
        verbose_name_plural = _("已维护年度")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class Holiday(models.Model):
    """An exception to the Monday–Friday week: a public holiday on a weekday, or a
    make-up working day (调休) on a weekend."""

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=HolidayKind.choices)
    name = models.CharField(_("名称"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"


class AuditLog(models.Model):
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("操作人")
    )
    actor_label = models.CharField(_("操作方"), max_length=100, blank=True)
    action = models.CharField(_("动作"), max_length=60, db_index=True)
    center = models.ForeignKey(
        Center, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("中心")
    )
    object_type = models.CharField(_("对象类型"), max_length=60, blank=True)
    object_id = models.CharField(_("对象"), max_length=64, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class Event(models.Model):
    """Transactional outbox: written in the same transaction as the change it
    describes; SSE streams, notifications and statistics read it. Payloads carry
    no personal data."""

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    center = models.ForeignKey(
        Center,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("中心"),
    )
    kind = models.CharField(_("事件"), max_length=60)
    aggregate_type = models.CharField(_("对象类型"), max_length=40, blank=True)
    aggregate_id = models.CharField(_("对象"), max_length=64, blank=True)
    payload = models.JSONField(_("内容"), default=dict)

    class Meta:
        verbose_name = _("事件")
        verbose_name_plural = _("事件")
        indexes = [models.Index(fields=["center", "id"], name="core_event_center_id")]

    def __str__(self) -> str:
        return f"#{self.id} {self.kind}"


class Counter(models.Model):
    """A named sequence (ticket numbers per queue and day, case numbers per centre
    and year). Incremented in the caller's transaction, so a number is never
    handed out twice and a rolled-back caller gives its number back."""

    key = models.CharField(max_length=120, unique=True)
    value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("编号计数器")
        verbose_name_plural = _("编号计数器")

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class TokenKind(models.TextChoices):
    STAFF = "staff", _("工作人员")
    KIOSK = "kiosk", _("自助取号机")
    DISPLAY = "display", _("显示屏")
    WINDOW = "window", _("窗口终端")
    EVALUATOR = "evaluator", _("评价器")
    INTEGRATION = "integration", _("系统对接")
    # The clock-in device at the staff entrance (001 附录E): punches only.
    ATTENDANCE = "attendance", _("考勤机")


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 is stored; the value is shown once."""

    kind = models.CharField(_("类型"), max_length=16, choices=TokenKind.choices)
    name = models.CharField(_("名称"), max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("前缀"), max_length=12, editable=False)
    user = models.ForeignKey(
        User,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name=_("工作人员"),
    )
    center = models.ForeignKey(
        Center,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name=_("中心"),
    )
    window = models.ForeignKey(
        "hall.Window",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name=_("窗口"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="staff", user__isnull=False)
                | (~Q(kind="staff") & Q(center__isnull=False)),
                name="core_apitoken_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.prefix}…"


class IdempotencyRecord(models.Model):
    """The first answer to a POST sent with an `Idempotency-Key` header, replayed
    for a retry with the same key and body (API.md "Conventions")."""

    scope = models.CharField(max_length=64)  # who sent it: a hash of the credentials
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True)  # null while the first is running
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("幂等请求记录")
        verbose_name_plural = _("幂等请求记录")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="core_idempotency_unique")
        ]

    def __str__(self) -> str:
        return self.key


class NotificationChannel(models.TextChoices):
    SMS = "sms", _("短信")
    EMAIL = "email", _("电子邮件")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
    CANCELLED = "cancelled", _("已撤回")


class Notification(models.Model):
    """A message to a citizen (SMS or e-mail), queued in the transaction of the
    change that causes it and sent by a job. `key` is unique: the same reminder
    asked for twice is one row, so it goes out once."""

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="notifications", verbose_name=_("中心")
    )
    key = models.CharField(_("去重键"), max_length=120, unique=True)
    channel = models.CharField(_("渠道"), max_length=8, choices=NotificationChannel.choices)
    recipient = EncryptedCharField(_("收件人"))
    subject = models.CharField(_("标题"), max_length=120, blank=True)
    body = models.TextField(_("内容"))
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=NotificationStatus.choices,
        default=NotificationStatus.PENDING,
    )
    not_before = models.DateTimeField(_("最早发送时间"))
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        indexes = [models.Index(fields=["status", "not_before"], name="core_notification_due")]

    def __str__(self) -> str:
        return self.key


class Screen(models.TextChoices):
    """Where an announcement is shown."""

    DISPLAY = "display", _("叫号显示屏")
    KIOSK = "kiosk", _("自助取号机")
    GUIDE = "guide", _("办事指南页面")


# The announcement's flag for each screen.
SCREEN_FIELDS = {"display": "on_display", "kiosk": "on_kiosk", "guide": "on_guide"}


class Announcement(models.Model):
    """A notice the centre sets (000 第八条: 为老服务 information; changed hours, a
    closed window …), shown in large type on the chosen screens while current:
    from `starts_at` until `ends_at`. Changed only through core.services, which
    writes `announcement.changed` so the display boards re-read at once."""

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="announcements", verbose_name=_("中心")
    )
    title = models.CharField(_("标题"), max_length=40)
    text = models.TextField(_("内容"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    on_display = models.BooleanField(_("在叫号显示屏显示"), default=True)
    on_kiosk = models.BooleanField(_("在自助取号机显示"), default=True)
    on_guide = models.BooleanField(_("在办事指南页面显示"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("中心公告")
        verbose_name_plural = _("中心公告")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="core_announcement_period"
            )
        ]
        indexes = [models.Index(fields=["center", "ends_at"], name="core_announcement_current")]

    def __str__(self) -> str:
        return self.title


# The outbox for other systems and its receivers (DESIGN.md "exchange").
from .models_outbox import (  # noqa: E402, F401
    Destination,
    OutboxAttempt,
    OutboxMessage,
    OutboxReceiver,
    OutboxState,
)
