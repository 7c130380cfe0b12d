"""Reads of leave and of the department leads' absences."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from govhall.core.actors import Actor
from govhall.core.models import Center, Membership, Role, User
from govhall.core.workdays import WorkingCalendar

from ..profiles.models import StaffProfile
from .days import count_days, local
from .models import ABSENT, LeadAbsence, LeaveRequest, LeaveStatus


def home_department(center: Center, user: User):
    profile = StaffProfile.objects.filter(center=center, user=user).only("department").first()
    return profile.department if profile else None


def lead_departments(center: Center, user: User) -> set[int]:
    """Departments `user` leads at `center` (首席代表)."""
    return set(
        Membership.objects.filter(
            center=center, user=user, role=Role.DEPT_LEAD, department__isnull=False
        ).values_list("department_id", flat=True)
    )


def leads_of(center: Center, department_id: int) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        memberships__center=center,
        memberships__role=Role.DEPT_LEAD,
        memberships__department_id=department_id,
    ).distinct()


def approvers(leave: LeaveRequest) -> list[User]:
    """Who approves `leave` (E.2.2): the home department's lead at the centre;
    the centre admin for the centre's own staff, or when the department has no
    lead there (or the lead asks for themselves)."""
    if leave.department_id:
        leads = list(leads_of(leave.center, leave.department_id).exclude(pk=leave.user_id))
        if leads:
            return leads
    return list(
        User.objects.filter(
            is_active=True, memberships__center=leave.center, memberships__role=Role.CENTER_ADMIN
        )
        .exclude(pk=leave.user_id)
        .distinct()
    )


def may_approve(actor: Actor, leave: LeaveRequest) -> bool:
    if not actor.can(leave.center, "leave.approve") or actor.user is None:
        return False
    if actor.user.pk == leave.user_id:
        return False
    if actor.is_superuser:
        return True
    return any(u.pk == actor.user.pk for u in approvers(leave))


def approvable(actor: Actor, center: Center) -> QuerySet[LeaveRequest]:
    """The leave waiting for this approver at `center`: exactly those
    `may_approve` allows (a handful at a time, so asked one by one)."""
    waiting = LeaveRequest.objects.filter(center=center, status=LeaveStatus.REQUESTED)
    if actor.user is None or not actor.can(center, "leave.approve"):
        return waiting.none()
    candidates = waiting.exclude(user=actor.user).select_related("center")
    ids = [leave.pk for leave in candidates if may_approve(actor, leave)]
    return waiting.filter(pk__in=ids).select_related("user", "department")


def awaiting_filing(center: Center) -> QuerySet[LeaveRequest]:
    return LeaveRequest.objects.filter(center=center, status=LeaveStatus.APPROVED).select_related(
        "user", "department", "decided_by"
    )


def mine(center: Center, user: User) -> QuerySet[LeaveRequest]:
    return LeaveRequest.objects.filter(center=center, user=user).select_related(
        "cover", "decided_by", "department"
    )


def absent_between(
    center: Center, user_ids, start: dt.datetime, end: dt.datetime
) -> QuerySet[LeaveRequest]:
    """Filed leave (returned or not) overlapping [start, end): the absences."""
    found = LeaveRequest.objects.filter(
        center=center, status__in=ABSENT, start__lt=end, end__gt=start
    )
    return found if user_ids is None else found.filter(user_id__in=list(user_ids))


def lead_absences_between(center: Center, user_ids, first: dt.date, last: dt.date):
    return LeadAbsence.objects.filter(
        center=center,
        lead_id__in=list(user_ids),
        cancelled_at__isnull=True,
        start_date__lte=last,
        end_date__gte=first,
    )


def away_on(center: Center, day: dt.date) -> list[LeaveRequest]:
    """Filed leave in effect at some time of `day` (who is away today)."""
    start = local(day, dt.time(0))
    end = start + dt.timedelta(days=1)
    return list(
        LeaveRequest.objects.filter(
            center=center, status__in=ABSENT, start__lt=end, end__gt=start
        ).select_related("user", "cover", "department")
    )


def lead_absences_current_and_coming(center: Center, day: dt.date) -> QuerySet[LeadAbsence]:
    return LeadAbsence.objects.filter(
        center=center, cancelled_at__isnull=True, end_date__gte=day
    ).select_related("lead", "deputy", "department")


def lead_absences_of(center: Center, user: User) -> QuerySet[LeadAbsence]:
    return LeadAbsence.objects.filter(center=center, lead=user).select_related("deputy")


def away_count(center: Center, day: dt.date | None = None) -> int:
    day = day or timezone.localdate()
    people = {leave.user_id for leave in away_on(center, day)}
    people |= set(
        lead_absences_between(
            center,
            Membership.objects.filter(center=center).values_list("user_id", flat=True),
            day,
            day,
        ).values_list("lead_id", flat=True)
    )
    return len(people)


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return local(first, dt.time(0)), local(following, dt.time(0))


def monthly_report(center: Center, month: dt.date) -> list[dict]:
    """E.2.4's report to the departments: per department (the centre's own staff
    first), per person and kind, the working days of filed leave in the month.
    The page and the workbook read these same rows."""
    lo, hi = month_bounds(month)
    calendar = WorkingCalendar()
    leaves = (
        absent_between(center, None, lo, hi)
        .select_related("user", "department")
        .order_by("user__staff_number", "start")
    )
    groups: dict = defaultdict(lambda: defaultdict(lambda: {"days": Decimal("0"), "spans": []}))
    names: dict = {}
    for leave in leaves:
        key = leave.department_id or 0
        names[key] = leave.department.name if leave.department_id else None
        row = groups[key][(leave.user_id, leave.kind)]
        row["user"], row["kind"] = leave.user, leave.get_kind_display()
        row["days"] += count_days(max(leave.start, lo), min(leave.end, hi), calendar)
        row["spans"].append(leave)
    report = []
    for key in sorted(groups, key=lambda k: (k != 0, names[k] or "")):
        rows = sorted(groups[key].values(), key=lambda r: (r["user"].staff_number, r["kind"]))
        report.append(
            {
                "department": names[key],
                "rows": rows,
                "total": sum((r["days"] for r in rows), Decimal("0")),
            }
        )
    return report
