"""Leave (请销假, 001 附录E E.2) and the department lead's absence (001 C.2.7).

A staff member asks their home department (E.2.2): the department's lead at the
centre approves (the centre admin for the centre's own staff); the approved leave
is filed with the centre, which names the cover for the person's windows (E.2.3);
it takes effect from its start; the return (销假) is recorded, an early return
shortening it (E.2.4). Only filed leave is an absence (presence), so the A/B
posts, the whereabouts board and attendance read it.

A department's lead away a day or more reports it to the centre; away more than
two working days, they name a deputy (临时负责人, C.2.7)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from govhall.core.models import Center, Department, User


class LeaveKind(models.TextChoices):
    PERSONAL = "personal", _("事假")
    SICK = "sick", _("病假")
    ANNUAL = "annual", _("年休假")
    MARRIAGE = "marriage", _("婚假")
    MATERNITY = "maternity", _("产假")
    PATERNITY = "paternity", _("陪产假")
    BEREAVEMENT = "bereavement", _("丧假")
    COMPENSATORY = "compensatory", _("调休")
    OFFICIAL = "official", _("公出/外出办事")
    OTHER = "other", _("其他")


class LeaveStatus(models.TextChoices):
    REQUESTED = "requested", _("待部门审批")
    APPROVED = "approved", _("已批准，待中心备案")
    FILED = "filed", _("已备案")
    RETURNED = "returned", _("已销假")
    REJECTED = "rejected", _("未批准")
    CANCELLED = "cancelled", _("已撤销")


# Leave that still holds its dates: a second leave of the same person may not overlap it.
LIVE = (LeaveStatus.REQUESTED, LeaveStatus.APPROVED, LeaveStatus.FILED)
# Leave that is (or was) an absence: filed with the centre.
ABSENT = (LeaveStatus.FILED, LeaveStatus.RETURNED)


class LeaveRequest(models.Model):
    center = models.ForeignKey(
        Center, models.CASCADE, related_name="leave_requests", verbose_name=_("中心")
    )
    user = models.ForeignKey(
        User, models.CASCADE, related_name="leave_requests", verbose_name=_("请假人")
    )
    # The home department when asked (the profile's); empty: the centre's own staff.
    department = models.ForeignKey(
        Department,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="leave_requests",
        verbose_name=_("所属部门"),
    )
    kind = models.CharField(_("请假类别"), max_length=20, choices=LeaveKind.choices)
    start = models.DateTimeField(_("开始时间"))
    # The end in force: the planned end, or the return when it came earlier.
    end = models.DateTimeField(_("结束时间"))
    planned_end = models.DateTimeField(_("原定结束时间"))
    days = models.DecimalField(_("请假天数（工作日）"), max_digits=6, decimal_places=1)
    reason = models.CharField(_("请假事由"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=20, choices=LeaveStatus.choices, default=LeaveStatus.REQUESTED
    )
    requested_at = models.DateTimeField(_("申请时间"))
    decided_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("审批人")
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=200, blank=True)
    filed_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("备案人")
    )
    filed_at = models.DateTimeField(_("备案时间"), null=True, blank=True)
    cover = models.ForeignKey(
        User,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="leave_covers",
        verbose_name=_("顶岗人员"),
    )
    returned_at = models.DateTimeField(_("销假时间"), null=True, blank=True)
    returned_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("销假登记人")
    )
    cancelled_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("撤销人")
    )

    class Meta:
        verbose_name = _("请假记录")
        verbose_name_plural = _("请销假台账")
        ordering = ["-start", "-pk"]
        indexes = [models.Index(fields=["center", "status", "start"], name="staff_leave_open")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="staff_leave_span"),
            models.CheckConstraint(condition=Q(planned_end__gte=F("end")), name="staff_leave_end"),
            models.CheckConstraint(condition=Q(days__gte=Decimal("0")), name="staff_leave_days"),
        ]

    def __str__(self) -> str:
        return f"{self.user.display_name} {self.get_kind_display()} {self.start:%Y-%m-%d}"


class LeadAbsence(models.Model):
    """A department lead's absence reported to the centre (C.2.7)."""

    center = models.ForeignKey(
        Center, models.CASCADE, related_name="lead_absences", verbose_name=_("中心")
    )
    department = models.ForeignKey(
        Department, models.PROTECT, related_name="lead_absences", verbose_name=_("部门")
    )
    lead = models.ForeignKey(
        User, models.CASCADE, related_name="lead_absences", verbose_name=_("首席代表")
    )
    start_date = models.DateField(_("离岗开始日期"))
    end_date = models.DateField(_("离岗结束日期"))
    days = models.PositiveSmallIntegerField(_("离岗工作日数"))
    reason = models.CharField(_("离岗事由"), max_length=200)
    deputy = models.ForeignKey(
        User,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead_deputies",
        verbose_name=_("临时负责人"),
    )
    reported_by = models.ForeignKey(
        User, models.SET_NULL, null=True, related_name="+", verbose_name=_("报备人")
    )
    reported_at = models.DateTimeField(_("报备时间"))
    cancelled_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("首席代表离岗报备")
        verbose_name_plural = _("首席代表离岗报备")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="staff_lead_absence_dates"
            )
        ]

    def __str__(self) -> str:
        return f"{self.lead.display_name} {self.start_date}–{self.end_date}"
