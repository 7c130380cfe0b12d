"""State changes of attendance (001 附录E E.1).

Nobody punches for someone else (E.1.2): a clock-in device punches for the
staff number typed or scanned at it, a staff user only for themself, and only
at the present moment (a past time from one's own token would be a forged
arrival); a device may hand in punches it kept while offline, up to
DEVICE_BACKLOG old. Everything else about the past is the centre's: a punch
added for a broken clock (E.1.3) with its reason, audited and marked with who
added it; force majeure (E.1.5); and the service desk's excuse for lateness
reported beforehand (E.1.4)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.models import Center, User
from govhall.core.workdays import WorkingCalendar

from ..profiles.models import StaffProfile
from . import selectors
from .models import DeviceFault, Excuse, ExcuseKind, ForceMajeure, Punch, PunchKind, PunchSource

CLOCK_SKEW = dt.timedelta(minutes=2)  # a device's clock a little ahead is no future punch
SELF_TOLERANCE = dt.timedelta(minutes=2)  # one's own punch is now, give or take
DEVICE_BACKLOG = dt.timedelta(hours=24)  # punches kept by a device while offline
DUPLICATE = dt.timedelta(minutes=1)  # the same person and kind within this: one punch
REASON_MAX = 200
DEVICE_MAX = 60


def _not_found(field: str = "staff_number"):
    return NotFound(
        _("本中心没有该工号的在岗人员"), code="staff_not_found", fields={field: _("工号不存在")}
    )


def _required_text(value: str, field: str, limit: int = REASON_MAX) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(_("请填写必填项"), fields={field: _("必填")})
    if len(value) > limit:
        raise ValidationFailed(_("内容过长"), fields={field: _("内容过长")})
    return value


def _profile_for_self(actor: Actor, center: Center | None) -> StaffProfile:
    profiles = [
        p for p in selectors.active_profiles_of(actor.user) if center is None or p.center == center
    ]
    if not profiles:
        raise _not_found()
    if len(profiles) > 1:
        raise ValidationFailed(
            _("您在多个中心在岗，请指明中心"),
            code="center_required",
            fields={"center": _("必填")},
        )
    return profiles[0]


def _locked(profile: StaffProfile) -> StaffProfile:
    """One person's punches are taken one at a time: the profile row is the
    lock, so two simultaneous punches never both see an empty day."""
    return StaffProfile.objects.select_for_update().get(pk=profile.pk)


def _duplicate(profile: StaffProfile, kind: str, at: dt.datetime) -> Punch | None:
    return Punch.objects.filter(
        center=profile.center_id,
        user=profile.user_id,
        kind=kind,
        at__gt=at - DUPLICATE,
        at__lt=at + DUPLICATE,
    ).first()


def _create(profile: StaffProfile, *, kind: str, at: dt.datetime, **extra) -> Punch:
    punch = Punch.objects.create(
        center=profile.center,
        user=profile.user,
        kind=kind,
        at=at,
        day=timezone.localdate(at),
        **extra,
    )
    emit(
        "attendance.punched",
        center=profile.center,
        aggregate=punch,
        payload={"user": profile.user_id, "kind": kind, "source": punch.source},
    )
    return punch


def _kind(kind: str) -> str:
    if kind not in PunchKind.values:
        raise ValidationFailed(_("打卡类型无效"), fields={"kind": _("取值无效")})
    return kind


@transaction.atomic
def punch_record(
    *,
    actor: Actor,
    staff_number: str,
    kind: str,
    at: dt.datetime | None = None,
    center: Center | None = None,
    now: dt.datetime | None = None,
) -> tuple[Punch, bool]:
    """A punch at the clock (a device token) or one's own (a staff user).
    Returns (punch, created); a repeat within a minute returns the first."""
    now = now or timezone.now()
    kind = _kind(kind)
    staff_number = (staff_number or "").strip()
    if at is not None and timezone.is_naive(at):
        at = timezone.make_aware(at)
    if actor.is_staff_user:
        if staff_number and staff_number != actor.user.staff_number:
            raise PermissionDenied(_("只能为本人打卡，不得代他人考勤"), code="punch_for_other")
        if not actor.user.staff_number:
            raise _not_found()
        profile = _profile_for_self(actor, center)
        actor.require(profile.center, "staff.self")
        if at is not None and abs(at - now) > SELF_TOLERANCE:
            raise ValidationFailed(
                _("本人打卡只能记录当前时间"),
                code="punch_time_not_now",
                fields={"at": _("本人打卡只能记录当前时间")},
            )
        source, device = PunchSource.SELF, None
    else:
        token = actor.token
        if token is None or token.center is None:
            raise PermissionDenied(_("当前角色无权执行此操作"), code="forbidden_role")
        if center is not None and center.pk != token.center_id:
            raise _not_found()
        center = token.center
        actor.require(center, "attendance.punch")
        profile = selectors.profile_by_number(center, staff_number)
        if profile is None:
            raise _not_found()
        if at is not None and at > now + CLOCK_SKEW:
            raise ValidationFailed(
                _("打卡时间晚于当前时间"), code="punch_in_future", fields={"at": _("时间无效")}
            )
        if at is not None and at < now - DEVICE_BACKLOG:
            raise ValidationFailed(
                _("打卡时间过早，请由中心补录"), code="punch_too_old", fields={"at": _("时间无效")}
            )
        source, device = PunchSource.DEVICE, token
    at = now if at is None or source == PunchSource.SELF else at
    profile = _locked(profile)
    found = _duplicate(profile, kind, at)
    if found is not None:
        return found, False
    return _create(profile, kind=kind, at=at, source=source, device=device), True


@transaction.atomic
def punch_add(
    *,
    actor: Actor,
    center: Center,
    staff_number: str,
    kind: str,
    at: dt.datetime,
    reason: str,
    fault: DeviceFault | None = None,
    now: dt.datetime | None = None,
) -> Punch:
    """补录 (E.1.3): the centre adds a punch the clock could not take."""
    actor.require(center, "attendance.manage")
    now = now or timezone.now()
    kind = _kind(kind)
    reason = _required_text(reason, "reason")
    profile = selectors.profile_by_number(center, (staff_number or "").strip())
    if profile is None:
        raise _not_found()
    if profile.user_id == getattr(actor.user, "pk", None):
        raise PermissionDenied(_("不能为本人补录打卡"), code="manual_punch_for_self")
    if at > now:
        raise ValidationFailed(_("补录时间晚于当前时间"), fields={"at": _("时间无效")})
    if fault is not None:
        if fault.center_id != center.pk:
            raise ValidationFailed(_("设备故障记录不存在"), fields={"fault": _("取值无效")})
        if at < fault.started_at or (fault.ended_at and at > fault.ended_at):
            raise ValidationFailed(
                _("补录时间不在设备故障期间"), fields={"at": _("不在设备故障期间")}
            )
    profile = _locked(profile)
    if _duplicate(profile, kind, at) is not None:
        raise Conflict(_("该时间已有打卡记录"), code="punch_exists")
    punch = _create(
        profile,
        kind=kind,
        at=at,
        source=PunchSource.MANUAL,
        added_by=actor.user,
        reason=reason,
        fault=fault,
    )
    audit(
        "attendance.punch_added",
        actor=actor,
        center=center,
        obj=punch,
        detail={"staff_number": profile.user.staff_number, "kind": kind, "reason": reason},
    )
    return punch


@transaction.atomic
def device_fault_report(
    *,
    actor: Actor,
    center: Center,
    device: str,
    started_at: dt.datetime,
    description: str,
    ended_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> DeviceFault:
    actor.require(center, "attendance.manage")
    now = now or timezone.now()
    device = _required_text(device, "device", DEVICE_MAX)
    description = _required_text(description, "description")
    if started_at > now:
        raise ValidationFailed(_("故障开始时间晚于当前时间"), fields={"started_at": _("时间无效")})
    if ended_at is not None and ended_at < started_at:
        raise ValidationFailed(_("恢复时间早于故障开始"), fields={"ended_at": _("时间无效")})
    fault = DeviceFault.objects.create(
        center=center,
        device=device,
        started_at=started_at,
        ended_at=ended_at,
        description=description,
        reported_by=actor.user,
        reported_at=now,
    )
    emit("attendance.fault_reported", center=center, aggregate=fault, payload={"fault": fault.pk})
    audit("attendance.fault_reported", actor=actor, center=center, obj=fault)
    return fault


@transaction.atomic
def excuse_record(
    *,
    actor: Actor,
    center: Center,
    staff_number: str,
    kind: str,
    expected_at: dt.datetime,
    reason: str,
    now: dt.datetime | None = None,
) -> Excuse:
    """E.1.4: at the service desk, before the time: "X will be late for work
    (reason), expected at …", or will leave early at …. Not counted up to then."""
    actor.require(center, "attendance.excuse")
    now = now or timezone.now()
    if kind not in ExcuseKind.values:
        raise ValidationFailed(_("报备类型无效"), fields={"kind": _("取值无效")})
    reason = _required_text(reason, "reason")
    profile = selectors.profile_by_number(center, (staff_number or "").strip())
    if profile is None:
        raise _not_found()
    if profile.user_id == getattr(actor.user, "pk", None):
        raise PermissionDenied(_("本人的报备请由他人登记"), code="excuse_for_self")
    day = timezone.localdate(expected_at)
    rules = selectors.day_rules(center, day, WorkingCalendar())
    if not rules.counted:
        raise ValidationFailed(
            _("该日不是工作日，不计考勤"),
            code="not_a_working_day",
            fields={"expected_at": _("该日不计考勤")},
        )
    if not rules.arrive_by < expected_at <= rules.closes:
        raise ValidationFailed(
            _("预计时间应在当日到岗时间与下班时间之间"),
            fields={"expected_at": _("时间无效")},
        )
    deadline = rules.arrive_by if kind == ExcuseKind.LATE else expected_at
    if now >= deadline:
        raise ValidationFailed(
            _("报备应在到岗时间（或离岗时间）之前登记"),
            code="excuse_after_the_time",
            fields={"expected_at": _("已过报备时间")},
        )
    try:
        with transaction.atomic():
            excuse = Excuse.objects.create(
                center=center,
                user=profile.user,
                day=day,
                kind=kind,
                expected_at=expected_at,
                reason=reason,
                recorded_by=actor.user,
                recorded_at=now,
            )
    except IntegrityError as exc:
        raise Conflict(_("该人员当日已有同类报备"), code="excuse_exists") from exc
    emit("attendance.excused", center=center, aggregate=excuse, payload={"user": profile.user_id})
    audit(
        "attendance.excused",
        actor=actor,
        center=center,
        obj=excuse,
        detail={"staff_number": profile.user.staff_number, "kind": kind, "reason": reason},
    )
    return excuse


@transaction.atomic
def force_majeure_record(
    *,
    actor: Actor,
    center: Center,
    day: dt.date,
    reason: str,
    users: list[User] | None = None,
    everyone: bool = False,
    now: dt.datetime | None = None,
) -> ForceMajeure:
    """E.1.5: lateness and absence that day, for those named (or everyone), not counted."""
    actor.require(center, "attendance.manage")
    now = now or timezone.now()
    reason = _required_text(reason, "reason")
    users = list(users or [])
    if not everyone and not users:
        raise ValidationFailed(_("请选择适用人员"), fields={"users": _("必填")})
    if day > timezone.localdate(now):
        raise ValidationFailed(_("日期晚于今天"), fields={"day": _("时间无效")})
    here = set(selectors.active_profiles(center, day).values_list("user_id", flat=True))
    if any(u.pk not in here for u in users):
        raise ValidationFailed(_("所选人员不在本中心"), fields={"users": _("取值无效")})
    fm = ForceMajeure.objects.create(
        center=center,
        day=day,
        reason=reason,
        everyone=everyone,
        recorded_by=actor.user,
        recorded_at=now,
    )
    fm.users.set(users)
    emit("attendance.force_majeure", center=center, aggregate=fm, payload={"day": str(day)})
    audit(
        "attendance.force_majeure",
        actor=actor,
        center=center,
        obj=fm,
        detail={"reason": reason, "everyone": everyone, "users": [u.pk for u in users]},
    )
    return fm
