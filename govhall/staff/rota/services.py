"""State changes of the duty manager rota (值班长, 003 §四(一)3(5)) and of staff
changes (人员调整, 003 §四(一)3(1)-(2), 001 C.2.7-C.2.8). The centre (staff.manage)
names its duty managers, lays out the rota and decides staff changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.center_settings import center_setting
from govhall.core.errors import Conflict, NotFound, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.models import Center, Membership, Role, User
from govhall.core.months import Month

from ..profiles.models import StaffProfile
from . import days as rota_days
from .models import DutyManager, RotaDay, StaffChange, StaffChangeStatus
from .tenure import tenure_of

MANAGE = "staff.manage"
REASON_MAX = 200
# 003: the centre names, or picks from the windows, two capable staff.
MIN_DUTY_MANAGERS = 2


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _profile(center: Center, user: User, field: str) -> StaffProfile:
    profile = StaffProfile.objects.filter(center=center, user=user, is_active=True).first()
    if profile is None:
        raise ValidationFailed(
            _("该人员在本中心没有在职档案"), fields={field: _("该人员在本中心没有在职档案")}
        )
    return profile


# --- duty managers ------------------------------------------------------------------------


@transaction.atomic
def duty_manager_name(
    *, actor: Actor, center: Center, user: User, today: dt.date | None = None
) -> DutyManager:
    """Name `user` (a person with a profile at the centre) a duty manager; they
    get the duty_manager role there if they lack it."""
    actor.require(center, MANAGE)
    today = _today(today)
    profile = _profile(center, user, "user")
    if profile.ended_on and profile.ended_on < today:
        raise ValidationFailed(_("该人员已离岗"), fields={"user": _("该人员已离岗")})
    if DutyManager.objects.filter(center=center, user=user).exists():
        raise Conflict(_("该人员已是值班长"), code="already_duty_manager")
    _membership, granted = Membership.objects.get_or_create(
        user=user, role=Role.DUTY_MANAGER, center=center, district=None, department=None
    )
    last = DutyManager.objects.filter(center=center).order_by("-position").first()
    manager = DutyManager.objects.create(
        center=center,
        user=user,
        position=last.position + 1 if last else 0,
        named_on=today,
        named_by=actor.user,
        granted_role=granted,
    )
    emit("rota.manager_named", center=center, aggregate=manager, payload={"user": user.pk})
    audit("rota.manager_named", actor=actor, center=center, obj=manager)
    return manager


@transaction.atomic
def duty_manager_remove(
    *, actor: Actor, center: Center, user: User, today: dt.date | None = None
) -> int:
    """No longer a duty manager: their rota days after today are cleared (to be
    generated again for the others) and a role the naming gave is taken back.
    Returns how many days were cleared."""
    actor.require(center, MANAGE)
    manager = DutyManager.objects.filter(center=center, user=user).first()
    if manager is None:
        raise NotFound(_("该人员不是值班长"), fields={"user": _("该人员不是值班长")})
    cleared, _counts = RotaDay.objects.filter(
        center=center, user=user, date__gt=_today(today)
    ).delete()
    if manager.granted_role:
        Membership.objects.filter(user=user, role=Role.DUTY_MANAGER, center=center).delete()
    emit(
        "rota.manager_removed",
        center=center,
        aggregate=manager,
        payload={"user": user.pk, "cleared": cleared},
    )
    audit("rota.manager_removed", actor=actor, center=center, obj=manager)
    manager.delete()
    return cleared


# --- the rota -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Generated:
    created: list[RotaDay]
    unfilled: list[dt.date]  # service days nobody could take (all on leave)


def _blocked(center: Center, ids: list[int], first: dt.date, last: dt.date, days):
    """Day -> who may not take it: on leave, or no profile covering the day."""
    blocked = {d: set(s) for d, s in rota_days.leave_days(center, ids, first, last).items()}
    spans = rota_days.profiles_covering(center, ids)
    for day in days:
        for uid in ids:
            if not rota_days.covers(spans.get(uid), day):
                blocked.setdefault(day, set()).add(uid)
    return blocked


@transaction.atomic
def rota_generate(
    *, actor: Actor, center: Center, month: Month, today: dt.date | None = None
) -> Generated:
    """Lay out the month's free service days from today on by turns among the
    named duty managers, continuing the turn of the last day before; days
    already on the rota stay as they are."""
    actor.require(center, MANAGE)
    Center.objects.select_for_update().filter(pk=center.pk).first()  # one layout at a time
    people = list(
        DutyManager.objects.filter(center=center)
        .order_by("position", "pk")
        .values_list("user_id", flat=True)
    )
    if len(people) < MIN_DUTY_MANAGERS:
        raise Conflict(_("请先指派至少两名值班长"), code="too_few_duty_managers")
    first = max(month.first, _today(today))
    last = month.following_first - dt.timedelta(days=1)
    if first > last:
        raise Conflict(_("该月已过，不能再排班"), code="rota_past")
    days = rota_days.service_days(center, first, last)
    taken = dict(
        RotaDay.objects.filter(center=center, date__gte=first, date__lte=last).values_list(
            "date", "user_id"
        )
    )
    before = RotaDay.objects.filter(center=center, date__lt=first).order_by("-date").first()
    plan, unfilled = rota_days.plan_turns(
        days,
        people,
        taken=taken,
        blocked=_blocked(center, people, first, last, days),
        after=before.user_id if before else None,
    )
    created = RotaDay.objects.bulk_create(
        [RotaDay(center=center, date=d, user_id=u, changed_by=actor.user) for d, u in plan.items()]
    )
    if created or unfilled:  # nothing to lay out: nothing happened
        payload = {
            "month": str(month),
            "days": len(created),
            "unfilled": [str(d) for d in unfilled],
        }
        emit("rota.generated", center=center, aggregate=None, payload=payload)
        audit("rota.generated", actor=actor, center=center, detail=payload)
    return Generated(created=created, unfilled=unfilled)


def _check_can_take(center: Center, user: User, day: dt.date, field: str) -> None:
    span = rota_days.profiles_covering(center, [user.pk]).get(user.pk)
    if not rota_days.covers(span, day):
        message = _("%(name)s 在 %(day)s 没有本中心的在职档案") % {
            "name": user.display_name,
            "day": day.isoformat(),
        }
        raise ValidationFailed(message, fields={field: message})
    if user.pk in rota_days.leave_days(center, [user.pk], day, day).get(day, ()):
        message = _("%(name)s 在 %(day)s 请假，不能值班") % {
            "name": user.display_name,
            "day": day.isoformat(),
        }
        raise Conflict(message, code="on_leave", fields={field: message})


def _check_changeable(center: Center, day: dt.date, today: dt.date, field: str) -> None:
    if day < today:
        raise Conflict(_("已过去的日期不能调整"), code="rota_past", fields={field: _("已过去")})
    if not rota_days.is_service_day(center, day):
        raise ValidationFailed(
            _("该日不是工作日或服务日"), fields={field: _("该日不是工作日或服务日")}
        )


@transaction.atomic
def rota_set_day(
    *, actor: Actor, center: Center, day: dt.date, user: User, today: dt.date | None = None
) -> RotaDay:
    """Put one named duty manager on one service day."""
    actor.require(center, MANAGE)
    _check_changeable(center, day, _today(today), "date")
    if not DutyManager.objects.filter(center=center, user=user).exists():
        raise ValidationFailed(_("该人员不是值班长"), fields={"user": _("该人员不是值班长")})
    _check_can_take(center, user, day, "user")
    row, _created = RotaDay.objects.update_or_create(
        center=center, date=day, defaults={"user": user, "changed_by": actor.user}
    )
    payload = {"date": day.isoformat(), "user": user.pk}
    emit("rota.day_set", center=center, aggregate=row, payload=payload)
    audit("rota.day_set", actor=actor, center=center, obj=row, detail=payload)
    return row


@transaction.atomic
def rota_swap(
    *,
    actor: Actor,
    center: Center,
    first: dt.date,
    second: dt.date,
    today: dt.date | None = None,
) -> tuple[RotaDay, RotaDay]:
    """Exchange the duty managers of two rota days."""
    actor.require(center, MANAGE)
    if first == second:
        raise ValidationFailed(_("请选择两个不同的日期"), fields={"second": _("与第一天相同")})
    today = _today(today)
    _check_changeable(center, first, today, "first")
    _check_changeable(center, second, today, "second")
    rows = {
        r.date: r
        for r in RotaDay.objects.select_for_update()
        .filter(center=center, date__in=[first, second])
        .select_related("user")
    }
    for day, field in ((first, "first"), (second, "second")):
        if day not in rows:
            raise NotFound(_("该日尚未排班"), fields={field: _("该日尚未排班")})
    a, b = rows[first], rows[second]
    if a.user_id == b.user_id:
        raise ValidationFailed(
            _("两天是同一位值班长，无需调换"), fields={"second": _("同一位值班长")}
        )
    _check_can_take(center, b.user, first, "first")
    _check_can_take(center, a.user, second, "second")
    a.user, b.user = b.user, a.user
    a.changed_by = b.changed_by = actor.user
    a.save(update_fields=["user", "changed_by", "changed_at"])
    b.save(update_fields=["user", "changed_by", "changed_at"])
    payload = {"first": first.isoformat(), "second": second.isoformat()}
    emit("rota.swapped", center=center, aggregate=None, payload=payload)
    audit("rota.swapped", actor=actor, center=center, detail=payload)
    return a, b


# --- staff changes ------------------------------------------------------------------------


def _successor_of_center(center: Center, user: User | None, leaving: User, field: str) -> None:
    if user is None:
        return
    if user.pk == leaving.pk:
        raise ValidationFailed(
            _("接替人员不能是调离人员本人"), fields={field: _("不能是调离人员本人")}
        )
    known = (
        Membership.objects.filter(user=user, center=center).exists()
        or StaffProfile.objects.filter(user=user, center=center).exists()
    )
    if not known:
        raise ValidationFailed(
            _("接替人员不是本中心的工作人员"), fields={field: _("不是本中心的工作人员")}
        )


@transaction.atomic
def staff_change_request(
    *,
    actor: Actor,
    center: Center,
    leaving: User,
    reason: str,
    end_on: dt.date,
    successor: User | None,
    successor_start_on: dt.date,
    requested_on: dt.date | None = None,
    today: dt.date | None = None,
) -> StaffChange:
    """Record a written request for a staff change (001 C.2.8): asked a month
    ahead, first in then out. A person short of the minimum tenure may be
    asked for; the centre then consents only with a reason."""
    actor.require(center, MANAGE)
    today = _today(today)
    requested_on = requested_on or today
    reason = (reason or "").strip()
    errors: dict = {}
    if not reason:
        errors["reason"] = _("请填写调整原因")
    elif len(reason) > REASON_MAX:
        errors["reason"] = _("不超过200字")
    if requested_on > today:
        errors["requested_on"] = _("申请日期不能晚于今天")
    profile = StaffProfile.objects.filter(center=center, user=leaving, is_active=True).first()
    if profile is None:
        errors["leaving"] = _("该人员在本中心没有在职档案")
    elif profile.ended_on is not None:
        errors["leaving"] = _("该人员已定离岗日期")
    elif end_on <= profile.started_on:
        errors["end_on"] = _("离岗日期须在进驻日期之后")
    notice = center_setting(center, "staff.change_notice_days")
    if end_on < today:
        errors.setdefault("end_on", _("离岗日期已过"))
    elif (end_on - requested_on).days < notice:
        errors.setdefault(
            "end_on", _("须提前%(days)s天书面申请（先申请，后调整）") % {"days": notice}
        )
    if successor_start_on >= end_on:
        errors["successor_start_on"] = _("先进后出：接替人员须在调离人员离岗之前到岗")
    elif successor_start_on < requested_on:
        errors["successor_start_on"] = _("到岗日期不能早于申请日期")
    if errors:
        raise ValidationFailed(_("人员调整申请有误"), fields=errors)
    _successor_of_center(center, successor, leaving, "successor")
    if StaffChange.objects.filter(
        center=center, leaving=leaving, status=StaffChangeStatus.PENDING
    ).exists():
        raise Conflict(_("该人员已有待决定的调整申请"), code="change_pending")
    change = StaffChange.objects.create(
        center=center,
        leaving=leaving,
        reason=reason,
        requested_on=requested_on,
        end_on=end_on,
        successor=successor,
        successor_start_on=successor_start_on,
        recorded_by=actor.user,
    )
    emit("staff.change_requested", center=center, aggregate=change, payload=_payload(change))
    audit("staff.change_requested", actor=actor, center=center, obj=change)
    return change


def _payload(change: StaffChange) -> dict:
    return {
        "change": change.pk,
        "leaving": change.leaving_id,
        "successor": change.successor_id,
        "end_on": change.end_on.isoformat(),
        "status": change.status,
    }


def _start_successor(change: StaffChange, predecessor: StaffProfile) -> None:
    """The successor's profile starts on the agreed day: a new one of the
    predecessor's kind and department, one that had ended starts again, one not
    yet started moves to the day. A person already serving keeps their start."""
    profile = StaffProfile.objects.filter(center=change.center, user=change.successor).first()
    start = change.successor_start_on
    if profile is None:
        StaffProfile.objects.create(
            user=change.successor,
            center=change.center,
            kind=predecessor.kind,
            department=predecessor.department,
            started_on=start,
        )
        return
    serving = profile.is_active and profile.ended_on is None and profile.started_on <= start
    if serving:
        return
    profile.started_on, profile.ended_on, profile.is_active = start, None, True
    profile.save(update_fields=["started_on", "ended_on", "is_active"])


@transaction.atomic
def staff_change_decide(
    *,
    actor: Actor,
    change: StaffChange,
    consent: bool,
    reason: str = "",
    successor: User | None = None,
    today: dt.date | None = None,
) -> StaffChange:
    """The centre consents or refuses. Consent needs a successor (first in,
    then out) and, for a person short of the minimum tenure by the end date, a
    reason; it ends the predecessor's profile on the end date, starts the
    successor's, and clears the predecessor's rota days after the end."""
    center = change.center
    actor.require(center, MANAGE)
    today = _today(today)
    change = StaffChange.objects.select_for_update().get(pk=change.pk)
    if change.status != StaffChangeStatus.PENDING:
        raise Conflict(_("该申请已决定"), code="change_decided")
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ValidationFailed(_("不超过200字"), fields={"reason": _("不超过200字")})
    if not consent:
        if not reason:
            raise ValidationFailed(_("不同意须说明理由"), fields={"reason": _("请填写理由")})
        change.status = StaffChangeStatus.REFUSED
    else:
        if successor is not None and change.successor_id is None:
            _successor_of_center(center, successor, change.leaving, "successor")
            change.successor = successor
        if change.successor_id is None:
            raise ValidationFailed(
                _("先进后出：请先确定接替人员"), fields={"successor": _("请确定接替人员")}
            )
        predecessor = _profile(center, change.leaving, "leaving")
        if predecessor.ended_on is not None:
            raise Conflict(_("该人员已定离岗日期"), code="already_ending")
        tenure = tenure_of(predecessor, change.end_on)
        if not tenure.reached(change.end_on):
            if not reason:
                message = _("未满最短在岗期限（%(months)s个月），同意提前调整须说明理由") % {
                    "months": tenure.minimum
                }
                raise ValidationFailed(message, fields={"reason": message})
            change.tenure_waived = True
        change.status = StaffChangeStatus.CONSENTED
        _start_successor(change, predecessor)
        predecessor.ended_on = change.end_on
        predecessor.save(update_fields=["ended_on"])
        RotaDay.objects.filter(center=center, user=change.leaving, date__gt=change.end_on).delete()
    change.decided_by = actor.user
    change.decided_on = today
    change.decision_reason = reason
    change.save()
    emit("staff.change_decided", center=center, aggregate=change, payload=_payload(change))
    audit("staff.change_decided", actor=actor, center=center, obj=change)
    return change
