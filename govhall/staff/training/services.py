"""State changes of training plans, sessions and attendance (001 附录B B.6).

A session keeps the invited staff away from their windows while it runs: it is
an absence source (hooks.py), so the whereabouts board shows 培训 and the other
post serves. A session that would leave a window with nobody at all (both of its
posts invited, or the other post away already) is refused with the list of those
windows unless the centre confirms it has arranged for them."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.errors import Conflict, InvalidTransition, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.models import Center, Department, User
from govhall.core.opening import intervals_on
from govhall.staff import posts
from govhall.staff.profiles.models import StaffKind

from .models import (
    Attendance,
    Invitation,
    SessionStatus,
    TrainingKind,
    TrainingPlan,
    TrainingSession,
)

TOPIC_MAX, NAME_MAX, PLACE_MAX, NOTE_MAX = 100, 60, 100, 2000
MAX_SESSION_HOURS = 10
MAX_PLAN_MONTHS = 12


class Audience:
    ALL = "all"
    KIND = "kind"
    DEPARTMENT = "department"
    PEOPLE = "people"


def center_staff(center: Center):
    """The users with an active profile at the centre."""
    return User.objects.filter(
        staff_profiles__center=center, staff_profiles__is_active=True
    ).order_by("staff_number", "pk")


def resolve_audience(
    center: Center,
    *,
    mode: str,
    kind: str = "",
    department: Department | None = None,
    user_ids: list[int] | None = None,
) -> tuple[list[User], str]:
    """The invited users and the audience in words."""
    staff = center_staff(center)
    if mode == Audience.ALL:
        return list(staff), gettext("全体工作人员")
    if mode == Audience.KIND:
        if kind not in StaffKind.values:
            raise ValidationFailed(_("请选择人员类别"), fields={"kind": _("请选择人员类别")})
        users = staff.filter(staff_profiles__center=center, staff_profiles__kind=kind)
        return list(users.distinct()), str(StaffKind(kind).label)
    if mode == Audience.DEPARTMENT:
        if department is None:
            raise ValidationFailed(_("请选择部门"), fields={"department": _("请选择部门")})
        users = staff.filter(staff_profiles__center=center, staff_profiles__department=department)
        return list(users.distinct()), department.name
    if mode == Audience.PEOPLE:
        ids = list(dict.fromkeys(user_ids or []))
        users = list(staff.filter(pk__in=ids))
        if len(users) != len(ids):
            raise ValidationFailed(
                _("所选人员不在本中心"), fields={"people": _("所选人员不在本中心")}
            )
        return users, gettext("指定人员")
    raise ValidationFailed(_("请选择参训对象"), fields={"audience": _("请选择参训对象")})


def _text(value: str, field: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(_("必填项未填写"), fields={field: _("必填")})
    if len(value) > limit:
        raise ValidationFailed(_("内容过长"), fields={field: _("内容过长")})
    return value


def _month(value: dt.date) -> dt.date:
    return value.replace(day=1)


@transaction.atomic
def plan_create(
    *,
    actor: Actor,
    center: Center,
    title: str,
    first_month: dt.date,
    last_month: dt.date,
    note: str = "",
) -> TrainingPlan:
    actor.require(center, "training.manage")
    title = _text(title, "title", 100)
    note = _text(note, "note", NOTE_MAX, required=False)
    first, last = _month(first_month), _month(last_month)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months < 1:
        raise ValidationFailed(
            _("结束月份不能早于起始月份"), fields={"last_month": _("结束月份不能早于起始月份")}
        )
    if months > MAX_PLAN_MONTHS:
        raise ValidationFailed(
            _("一个计划最多覆盖12个月"), fields={"last_month": _("一个计划最多覆盖12个月")}
        )
    plan = TrainingPlan.objects.create(
        center=center,
        title=title,
        first_month=first,
        last_month=last,
        note=note,
        created_by=actor.user,
    )
    emit("training.plan_created", center=center, aggregate=plan, payload={"plan": plan.pk})
    audit("training.plan_created", actor=actor, center=center, obj=plan)
    return plan


def _check_session_fields(
    topic: str, kind: str, trainer: str, place: str, starts_at: dt.datetime, ends_at: dt.datetime
) -> tuple[str, str, str]:
    topic = _text(topic, "topic", TOPIC_MAX)
    trainer = _text(trainer, "trainer", NAME_MAX)
    place = _text(place, "place", PLACE_MAX)
    if kind not in TrainingKind.values:
        raise ValidationFailed(_("请选择培训类别"), fields={"kind": _("请选择培训类别")})
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValidationFailed(_("时间须带时区"), fields={"starts_at": _("时间须带时区")})
    if ends_at <= starts_at:
        raise ValidationFailed(
            _("结束时间须晚于开始时间"), fields={"ends_at": _("结束时间须晚于开始时间")}
        )
    if ends_at - starts_at > dt.timedelta(hours=MAX_SESSION_HOURS):
        raise ValidationFailed(
            _("一场培训不超过10小时"), fields={"ends_at": _("一场培训不超过10小时")}
        )
    return topic, trainer, place


def open_parts(
    center: Center, start: dt.datetime, end: dt.datetime
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The parts of [start, end) when the hall is open: a session after closing
    time (or on a Saturday afternoon) takes nobody from a window."""
    tz = timezone.get_current_timezone()
    day, last = timezone.localtime(start).date(), timezone.localtime(end).date()
    parts = []
    while day <= last:
        for a, b in intervals_on(center, day):
            lo = max(start, dt.datetime.combine(day, a, tz))
            hi = min(end, dt.datetime.combine(day, b, tz))
            if lo < hi:
                parts.append((lo, hi))
        day += dt.timedelta(days=1)
    return parts


def uncovered_by(session: TrainingSession) -> list:
    """The windows the session leaves with nobody while the hall is open (its own
    invitations already count as absences, so both posts of a window invited
    together show)."""
    found = {}
    parts = open_parts(session.center, session.starts_at, session.ends_at)
    for inv in session.invitations.select_related("user"):
        for start, end in parts:
            for window in posts.uncovered_windows(session.center, inv.user, start, end):
                found[window.pk] = window
    return sorted(found.values(), key=lambda w: w.number)


def _windows_text(windows) -> str:
    return "、".join(w.name for w in windows)


@transaction.atomic
def session_create(
    *,
    actor: Actor,
    center: Center,
    topic: str,
    kind: str,
    trainer: str,
    place: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    invitees: list[User],
    audience: str = "",
    confirm_uncovered: bool = False,
) -> TrainingSession:
    actor.require(center, "training.manage")
    topic, trainer, place = _check_session_fields(topic, kind, trainer, place, starts_at, ends_at)
    if not invitees:
        raise ValidationFailed(_("没有参训人员"), fields={"audience": _("没有参训人员")})
    staff_ids = set(center_staff(center).values_list("pk", flat=True))
    if any(u.pk not in staff_ids for u in invitees):
        raise ValidationFailed(_("所选人员不在本中心"), fields={"people": _("所选人员不在本中心")})
    session = TrainingSession.objects.create(
        center=center,
        topic=topic,
        kind=kind,
        trainer=trainer,
        place=place,
        starts_at=starts_at,
        ends_at=ends_at,
        audience=(audience or "")[:100],
        created_by=actor.user,
    )
    Invitation.objects.bulk_create(
        Invitation(session=session, user=u) for u in dict.fromkeys(invitees)
    )
    uncovered = uncovered_by(session)
    if uncovered and not confirm_uncovered:
        # Raising undoes the session: nothing is written until the centre confirms.
        raise Conflict(
            _("培训期间以下窗口无人值守：%(windows)s。请调整参训人员或时间，或确认已另行安排。")
            % {"windows": _windows_text(uncovered)},
            code="windows_uncovered",
            fields={"windows": _windows_text(uncovered)},
        )
    if uncovered:
        session.uncovered_confirmed = _windows_text(uncovered)[:300]
        session.save(update_fields=["uncovered_confirmed"])
    emit(
        "training.session_created",
        center=center,
        aggregate=session,
        payload={"session": session.pk, "invited": session.invitations.count()},
    )
    audit(
        "training.session_created",
        actor=actor,
        center=center,
        obj=session,
        detail={"uncovered": session.uncovered_confirmed},
    )
    return session


@transaction.atomic
def session_cancel(
    *, actor: Actor, session: TrainingSession, reason: str, now: dt.datetime | None = None
) -> TrainingSession:
    actor.require(session.center, "training.manage")
    reason = _text(reason, "reason", 200)
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    now = now or timezone.now()
    if session.status != SessionStatus.PLANNED or session.starts_at <= now:
        raise InvalidTransition(_("只能取消尚未开始的培训"), code="session_not_cancellable")
    session.status = SessionStatus.CANCELLED
    session.cancel_reason = reason
    session.save(update_fields=["status", "cancel_reason"])
    emit("training.session_cancelled", center=session.center, aggregate=session)
    audit("training.session_cancelled", actor=actor, center=session.center, obj=session)
    return session


@transaction.atomic
def attendance_record(
    *,
    actor: Actor,
    session: TrainingSession,
    marks: dict[int, str],
    notes: dict[int, str] | None = None,
    now: dt.datetime | None = None,
) -> TrainingSession:
    """Record who came (present, absent, excused): once the session has begun;
    a cancelled session has no attendance."""
    actor.require(session.center, "training.manage")
    now = now or timezone.now()
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.status == SessionStatus.CANCELLED:
        raise InvalidTransition(_("培训已取消"), code="session_cancelled")
    if session.starts_at > now:
        raise InvalidTransition(_("培训尚未开始，不能记录出勤"), code="session_not_started")
    allowed = {Attendance.PRESENT, Attendance.ABSENT, Attendance.EXCUSED}
    invitations = {i.user_id: i for i in session.invitations.all()}
    if not marks:
        raise ValidationFailed(_("请记录出勤"), fields={"marks": _("请记录出勤")})
    notes = notes or {}
    for user_id, mark in marks.items():
        if user_id not in invitations:
            raise ValidationFailed(_("该人员未受邀参加本场培训"), fields={"marks": str(user_id)})
        if mark not in allowed:
            raise ValidationFailed(_("出勤状态无效"), fields={"marks": str(user_id)})
        if len(notes.get(user_id, "")) > 200:
            raise ValidationFailed(_("内容过长"), fields={"notes": str(user_id)})
    for user_id, mark in marks.items():
        inv = invitations[user_id]
        inv.attendance = mark
        inv.note = notes.get(user_id, inv.note).strip()
        inv.recorded_by = actor.user
        inv.recorded_at = now
        inv.save(update_fields=["attendance", "note", "recorded_by", "recorded_at"])
    if session.status == SessionStatus.PLANNED:
        session.status = SessionStatus.HELD
        session.save(update_fields=["status"])
    counts = {m: sum(1 for v in marks.values() if v == m) for m in allowed}
    emit(
        "training.attendance_recorded",
        center=session.center,
        aggregate=session,
        payload={"session": session.pk, **{str(k): v for k, v in counts.items()}},
    )
    audit("training.attendance_recorded", actor=actor, center=session.center, obj=session)
    return session
