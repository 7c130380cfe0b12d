"""Who works at a centre (001 附录C; 003 §四(一)3): one profile per person and
centre, with the kind of post that sets their tenure rules and the department
that sent them (the home department that approves their leave)."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govhall.core.models import Center, Department, User


class StaffKind(models.TextChoices):
    # 003 §四(一)3: comprehensive-window staff are the centre's own (2 years at
    # least); staff dispatched by a department stay at least 1 (001 C.2.7: 2).
    COMPREHENSIVE = "comprehensive", _("综合窗口人员")
    DISPATCHED = "dispatched", _("部门派驻人员")
    BACK_OFFICE = "back_office", _("后台审批人员")
    RECEPTION = "reception", _("咨询导服人员")
    ASSISTANT = "assistant", _("帮办代办人员")
    MANAGEMENT = "management", _("中心管理人员")
    OTHER = "other", _("其他")


def photo_path(profile: StaffProfile, filename: str) -> str:
    # A random name: the file says nothing about whose face it is.
    return f"staff/photos/{profile.center_id}/{uuid.uuid4().hex}.jpg"


class StaffProfile(models.Model):
    user = models.ForeignKey(
        User, models.CASCADE, related_name="staff_profiles", verbose_name=_("工作人员")
    )
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="staff_profiles", verbose_name=_("中心")
    )
    kind = models.CharField(_("人员类别"), max_length=20, choices=StaffKind.choices)
    # The home department of dispatched and back-office staff; empty for the
    # centre's own staff (the centre is their home).
    department = models.ForeignKey(
        Department,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_profiles",
        verbose_name=_("派驻部门"),
    )
    title = models.CharField(_("职务"), max_length=40, blank=True)
    started_on = models.DateField(_("进驻日期"))
    ended_on = models.DateField(_("离岗日期"), null=True, blank=True)
    is_active = models.BooleanField(_("在职"), default=True)
    # Shown on the window service board (003 两牌三栏) and the staff pages only;
    # served by a view that checks who asks (never a public media URL).
    photo = models.FileField(_("照片"), upload_to=photo_path, blank=True, max_length=200)

    class Meta:
        verbose_name = _("人员档案")
        verbose_name_plural = _("人员档案")
        ordering = ["center", "user__staff_number"]
        constraints = [
            models.UniqueConstraint(fields=["user", "center"], name="staff_profile_unique"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="staff_profile_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user.staff_number} {self.user.display_name}"


class Certificate(models.Model):
    """持证上岗 (003 §四(一)3(3)): a certificate a person works under; flagged
    on the profile, the staff list and the workbench before and after it expires."""

    profile = models.ForeignKey(
        StaffProfile, models.CASCADE, related_name="certificates", verbose_name=_("人员档案")
    )
    name = models.CharField(_("证书名称"), max_length=60)
    number = models.CharField(_("证书编号"), max_length=60, blank=True)
    issued_on = models.DateField(_("发证日期"))
    expires_on = models.DateField(_("有效期至"), null=True, blank=True, help_text=_("长期有效留空"))

    class Meta:
        verbose_name = _("上岗证书")
        verbose_name_plural = _("上岗证书")
        ordering = ["profile", "expires_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("issued_on")),
                name="staff_certificate_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.number}".strip()
