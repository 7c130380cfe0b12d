"""Reads of the rota and of staff changes."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from govhall.core.actors import Actor
from govhall.core.capabilities import grants
from govhall.core.models import Center, Membership, Role, User
from govhall.core.months import Month
from govhall.core.workdays import WorkingCalendar

from .. import presence
from ..profiles.models import StaffProfile
from . import days as rota_days
from .models import DutyManager, RotaDay, StaffChange, StaffChangeStatus
from .tenure import Tenure, tenure_of


def duty_managers_of(center: Center) -> list[DutyManager]:
    return list(
        DutyManager.objects.filter(center=center).select_related("user").order_by("position", "pk")
    )


def on_duty(center: Center, day: dt.date | None = None) -> RotaDay | None:
    day = day or timezone.localdate()
    return RotaDay.objects.filter(center=center, date=day).select_related("user").first()


def duty_managers_now(center: Center) -> list[User] | None:
    """The hook `hall.duty_managers`: today's rota person, when the rota has
    today and they are not on leave now; else None (the hall falls back on
    everyone holding duty.answer)."""
    row = on_duty(center)
    if row is None or not row.user.is_active:
        return None
    away = presence.absent_at(center, [row.user_id], timezone.now())
    if row.user_id in away and away[row.user_id].status == presence.Status.LEAVE:
        return None
    return [row.user]


def on_duty_note(actor: Actor, center: Center) -> str:
    """The rota's line on the workbench: today's duty manager."""
    row = on_duty(center)
    if row is None:
        return gettext("今日未排值班长")
    return gettext("今日值班长：%(name)s") % {"name": row.user.display_name}


def month_grid(center: Center, month: Month) -> list[list[dict | None]]:
    """The month as weeks (Monday first) of cells: day, whether the hall serves,
    who is on duty, whether the day is provisional (预计)."""
    last = month.following_first - dt.timedelta(days=1)
    serving = set(rota_days.service_days(center, month.first, last))
    rows = {
        r.date: r
        for r in RotaDay.objects.filter(
            center=center, date__gte=month.first, date__lte=last
        ).select_related("user")
    }
    calendar_ = WorkingCalendar()
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(
        month.first.year, month.first.month
    ):
        weeks.append(
            [
                {
                    "date": d,
                    "serving": d in serving,
                    "row": rows.get(d),
                    "provisional": calendar_.is_provisional(d),
                    "weekend": d.weekday() >= 5,
                }
                if d.month == month.first.month
                else None
                for d in week
            ]
        )
    return weeks


def month_days(center: Center, month: Month) -> list[RotaDay]:
    last = month.following_first - dt.timedelta(days=1)
    return list(
        RotaDay.objects.filter(center=center, date__gte=month.first, date__lte=last)
        .select_related("user")
        .order_by("date")
    )


def nameable(center: Center) -> QuerySet[User]:
    """People the centre may name duty manager: an active, unended profile there,
    not named yet."""
    named = DutyManager.objects.filter(center=center).values("user_id")
    return (
        User.objects.filter(
            is_active=True,
            staff_profiles__center=center,
            staff_profiles__is_active=True,
            staff_profiles__ended_on__isnull=True,
        )
        .exclude(pk__in=named)
        .distinct()
        .order_by("staff_number", "pk")
    )


def _department_scope(actor: Actor, center: Center) -> Q | None:
    """A department lead reads their department's people only (capabilities:
    "selectors scope it"); whoever holds staff.read by another role reads the
    whole centre."""
    if actor.is_superuser:
        return None
    roles = actor.roles.get(center.pk, frozenset())
    if any(grants(r, "staff.read") for r in roles if r != Role.DEPT_LEAD):
        return None
    departments = Membership.objects.filter(
        user=actor.user, center=center, role=Role.DEPT_LEAD
    ).values("department_id")
    return Q(department__in=departments)


def profiles_of(actor: Actor, center: Center) -> QuerySet[StaffProfile]:
    qs = StaffProfile.objects.filter(center=center).select_related("user", "department", "center")
    scope = _department_scope(actor, center)
    return (qs if scope is None else qs.filter(scope)).order_by("user__staff_number", "pk")


def tenure_rows(actor: Actor, center: Center, on: dt.date | None = None) -> list[Tenure]:
    on = on or timezone.localdate()
    return [tenure_of(p, on) for p in profiles_of(actor, center)]


def changes_of(actor: Actor, center: Center) -> QuerySet[StaffChange]:
    qs = StaffChange.objects.filter(center=center).select_related(
        "leaving", "successor", "decided_by"
    )
    scope = _department_scope(actor, center)
    if scope is not None:
        leaving = StaffProfile.objects.filter(scope, center=center).values("user_id")
        qs = qs.filter(leaving__in=leaving)
    return qs.order_by("-requested_on", "-pk")


def pending_changes(center: Center) -> QuerySet[StaffChange]:
    return StaffChange.objects.filter(center=center, status=StaffChangeStatus.PENDING)


def change_leavers(center: Center) -> QuerySet[User]:
    """Who a change may be asked for: an active profile there, no end date yet."""
    return (
        User.objects.filter(
            staff_profiles__center=center,
            staff_profiles__is_active=True,
            staff_profiles__ended_on__isnull=True,
        )
        .distinct()
        .order_by("staff_number", "pk")
    )


def successors(center: Center) -> QuerySet[User]:
    """Who may come in: any user of the centre (a role there or a profile)."""
    return (
        User.objects.filter(
            Q(memberships__center=center) | Q(staff_profiles__center=center), is_active=True
        )
        .distinct()
        .order_by("staff_number", "pk")
    )


def tenure_of_change(change: StaffChange) -> Tenure | None:
    profile = StaffProfile.objects.filter(
        center=change.center, user=change.leaving, is_active=True
    ).first()
    return tenure_of(profile, change.end_on) if profile else None
