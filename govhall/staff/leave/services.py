"""State changes of leave (001 E.2) and of the department lead's absence (C.2.7).

requested → approved (the home department) → filed (the centre, naming the
cover) → [in effect from its start] → returned (销假); requested → rejected
(with a reason); requested, approved or filed → cancelled before it starts.

The A/B rule (B.4): filing is refused while a window of the person would be left
with nobody (the other post away too, no cover or the cover away). Two filings
that could uncover the same window (A and B at once, or a cover going on leave
while named) lock the same rows first: the people and the posts of their windows."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.models import Center, Department, Membership, NotificationChannel, User
from govhall.core.notify import notify, official
from govhall.hall.models import WindowPost

from .. import posts
from . import selectors
from .days import count_days, working_days_inclusive
from .models import LIVE, LeadAbsence, LeaveKind, LeaveRequest, LeaveStatus

MAX_SPAN = dt.timedelta(days=366)
REASON_MAX = 200
# C.2.7: away more than two (working) days, the lead names a deputy.
DEPUTY_AFTER_DAYS = 2


def _payload(leave: LeaveRequest) -> dict:
    return {"leave": leave.pk, "status": leave.status, "kind": leave.kind, "days": str(leave.days)}


def _lock_people(ids) -> None:
    """Row locks on the people (in id order, so two callers never deadlock)."""
    list(User.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))


def _staff_of(center: Center, user: User | None) -> bool:
    return bool(
        user and user.is_active and Membership.objects.filter(center=center, user=user).exists()
    )


def _reason(text: str, field: str = "reason") -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(_("请填写事由"), fields={field: _("必填")})
    if len(text) > REASON_MAX:
        raise ValidationFailed(_("事由过长"), fields={field: _("不超过200字")})
    return text


def _tell(leave: LeaveRequest, user: User, step: str, template, **params) -> None:
    notify(
        center=leave.center,
        key=f"leave:{leave.pk}:{step}:{user.pk}",
        channel=NotificationChannel.SMS,
        recipient=user.mobile,
        body=official(template, **params),
    )


@transaction.atomic
def leave_request(
    *,
    actor: Actor,
    center: Center,
    kind: str,
    start: dt.datetime,
    end: dt.datetime,
    reason: str,
    now: dt.datetime | None = None,
) -> LeaveRequest:
    """The actor asks leave for themselves (E.2.2)."""
    actor.require(center, "staff.self")
    if actor.user is None:
        raise PermissionDenied(_("只有工作人员本人可以请假"), code="staff_only")
    now = now or timezone.now()
    if kind not in LeaveKind.values:
        raise ValidationFailed(_("请选择请假类别"), fields={"kind": _("无效的类别")})
    reason = _reason(reason)
    if end <= start:
        raise ValidationFailed(_("结束时间须晚于开始时间"), fields={"end": _("须晚于开始时间")})
    if end - start > MAX_SPAN:
        raise ValidationFailed(_("一次请假不超过一年"), fields={"end": _("一次请假不超过一年")})
    user = actor.user
    _lock_people([user.pk])
    overlap = LeaveRequest.objects.filter(
        center=center, user=user, status__in=LIVE, start__lt=end, end__gt=start
    )
    if overlap.exists():
        raise Conflict(_("与您已有的请假时间重叠"), code="leave_overlap")
    leave = LeaveRequest.objects.create(
        center=center,
        user=user,
        department=selectors.home_department(center, user),
        kind=kind,
        start=start,
        end=end,
        planned_end=end,
        days=count_days(start, end),
        reason=reason,
        requested_at=now,
    )
    emit("leave.requested", center=center, aggregate=leave, payload=_payload(leave))
    audit("leave.requested", actor=actor, center=center, obj=leave)
    for approver in selectors.approvers(leave):
        _tell(
            leave,
            approver,
            "ask",
            _("【政务服务中心】%(name)s 的请假申请（%(kind)s %(days)s 天）待您审批。"),
            name=user.display_name,
            kind=leave.get_kind_display(),
            days=leave.days,
        )
    return leave


def _locked(leave: LeaveRequest) -> LeaveRequest:
    # The leave's row alone (`of`): joined with its centre, FOR UPDATE would lock
    # the centre's row as well and serialise every step of every centre's leave.
    return (
        LeaveRequest.objects.select_for_update(of=("self",))
        .select_related("center")
        .get(pk=leave.pk)
    )


def _require_approver(actor: Actor, leave: LeaveRequest) -> None:
    actor.require(leave.center, "leave.approve")
    if actor.user is not None and actor.user.pk == leave.user_id:
        raise PermissionDenied(_("不能审批本人的请假"), code="own_leave")
    if not selectors.may_approve(actor, leave):
        raise PermissionDenied(_("该请假应由其所属部门审批"), code="not_home_department")


@transaction.atomic
def leave_approve(
    *, actor: Actor, leave: LeaveRequest, note: str = "", now: dt.datetime | None = None
) -> LeaveRequest:
    leave = _locked(leave)
    _require_approver(actor, leave)
    if leave.status != LeaveStatus.REQUESTED:
        raise InvalidTransition(_("该请假不在待审批状态"))
    leave.status = LeaveStatus.APPROVED
    leave.decided_by, leave.decided_at = actor.user, now or timezone.now()
    leave.decision_note = (note or "").strip()[:REASON_MAX]
    leave.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    emit("leave.approved", center=leave.center, aggregate=leave, payload=_payload(leave))
    audit("leave.approved", actor=actor, center=leave.center, obj=leave)
    return leave


@transaction.atomic
def leave_reject(
    *, actor: Actor, leave: LeaveRequest, reason: str, now: dt.datetime | None = None
) -> LeaveRequest:
    leave = _locked(leave)
    _require_approver(actor, leave)
    reason = _reason(reason)
    if leave.status != LeaveStatus.REQUESTED:
        raise InvalidTransition(_("该请假不在待审批状态"))
    leave.status = LeaveStatus.REJECTED
    leave.decided_by, leave.decided_at = actor.user, now or timezone.now()
    leave.decision_note = reason
    leave.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    emit("leave.rejected", center=leave.center, aggregate=leave, payload=_payload(leave))
    audit("leave.rejected", actor=actor, center=leave.center, obj=leave)
    _tell(
        leave,
        leave.user,
        "rejected",
        _("【政务服务中心】您的请假申请未获批准：%(reason)s"),
        reason=reason,
    )
    return leave


def uncovered(leave: LeaveRequest, cover: User | None = None):
    """The windows this leave would leave with nobody (B.4), with `cover` named."""
    return posts.uncovered_windows(leave.center, leave.user, leave.start, leave.end, cover=cover)


@transaction.atomic
def leave_file(
    *,
    actor: Actor,
    leave: LeaveRequest,
    cover: User | None = None,
    now: dt.datetime | None = None,
) -> LeaveRequest:
    """The centre files approved leave and names the cover (E.2.2-E.2.3)."""
    actor.require(leave.center, "leave.file")
    leave = _locked(leave)
    if actor.user is not None and actor.user.pk == leave.user_id and not actor.is_superuser:
        raise PermissionDenied(_("不能为本人的请假备案"), code="own_leave")
    if leave.status != LeaveStatus.APPROVED:
        raise InvalidTransition(_("只有部门已批准的请假可以备案"))
    if cover is not None and (cover.pk == leave.user_id or not _staff_of(leave.center, cover)):
        raise ValidationFailed(
            _("顶岗人员须是本中心的其他工作人员"), fields={"cover": _("须是本中心的其他工作人员")}
        )
    people = [leave.user_id] + ([cover.pk] if cover else [])
    _lock_people(people)
    windows = WindowPost.objects.filter(user_id__in=people, window__center=leave.center)
    list(
        WindowPost.objects.select_for_update()
        .filter(window_id__in=windows.values("window_id"))
        .order_by("pk")
        .values_list("pk")
    )
    left = uncovered(leave, cover)
    if left:
        names = "、".join(w.name for w in left)
        raise ValidationFailed(
            _("请假期间以下窗口将无人在岗，请指定顶岗人员：%(windows)s") % {"windows": names},
            code="window_uncovered",
            fields={"cover": _("请指定有空的顶岗人员：%(windows)s") % {"windows": names}},
        )
    leave.status = LeaveStatus.FILED
    leave.filed_by, leave.filed_at, leave.cover = actor.user, now or timezone.now(), cover
    leave.save(update_fields=["status", "filed_by", "filed_at", "cover"])
    emit("leave.filed", center=leave.center, aggregate=leave, payload=_payload(leave))
    audit("leave.filed", actor=actor, center=leave.center, obj=leave)
    _tell(
        leave, leave.user, "filed", _("【政务服务中心】您的请假已在中心备案，假期结束请及时销假。")
    )
    return leave


def _own_or_centre(actor: Actor, leave: LeaveRequest) -> None:
    if actor.user is not None and actor.user.pk == leave.user_id:
        actor.require(leave.center, "staff.self")
    else:
        actor.require(leave.center, "leave.file")


@transaction.atomic
def leave_cancel(
    *, actor: Actor, leave: LeaveRequest, now: dt.datetime | None = None
) -> LeaveRequest:
    """Withdrawn by the person or the centre before it starts."""
    leave = _locked(leave)
    _own_or_centre(actor, leave)
    now = now or timezone.now()
    if leave.status not in LIVE:
        raise InvalidTransition(_("该请假已结束或已撤销"))
    if leave.start <= now:
        raise InvalidTransition(_("假期已开始，请办理销假"), code="leave_started")
    leave.status = LeaveStatus.CANCELLED
    leave.cancelled_by, leave.cancelled_at = actor.user, now
    leave.save(update_fields=["status", "cancelled_by", "cancelled_at"])
    emit("leave.cancelled", center=leave.center, aggregate=leave, payload=_payload(leave))
    audit("leave.cancelled", actor=actor, center=leave.center, obj=leave)
    return leave


@transaction.atomic
def leave_return(
    *,
    actor: Actor,
    leave: LeaveRequest,
    at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> LeaveRequest:
    """销假 (E.2.4): the person is back; back early, the leave ends then."""
    leave = _locked(leave)
    _own_or_centre(actor, leave)
    now = now or timezone.now()
    at = at or now
    if leave.status != LeaveStatus.FILED:
        raise InvalidTransition(_("只有已备案的请假可以销假"))
    if leave.start >= now:
        raise InvalidTransition(_("假期尚未开始，如不再请假请撤销"), code="leave_not_started")
    if at <= leave.start or at > now:
        raise ValidationFailed(
            _("销假时间须在假期开始之后、当前时间之前"), fields={"at": _("时间不在假期内")}
        )
    leave.status = LeaveStatus.RETURNED
    leave.returned_at, leave.returned_by = at, actor.user
    if at < leave.end:
        leave.end = at
        leave.days = count_days(leave.start, leave.end)
    leave.save(update_fields=["status", "returned_at", "returned_by", "end", "days"])
    emit("leave.returned", center=leave.center, aggregate=leave, payload=_payload(leave))
    audit("leave.returned", actor=actor, center=leave.center, obj=leave)
    if leave.decided_by_id and (actor.user is None or leave.decided_by_id != actor.user.pk):
        _tell(
            leave,
            leave.decided_by,
            "returned",
            _("【政务服务中心】%(name)s 已销假。"),
            name=leave.user.display_name,
        )
    return leave


# --- the department lead's absence (C.2.7) ------------------------------------------


@transaction.atomic
def lead_absence_report(
    *,
    actor: Actor,
    center: Center,
    lead: User,
    start_date: dt.date,
    end_date: dt.date,
    reason: str,
    deputy: User | None = None,
    department: Department | None = None,
    now: dt.datetime | None = None,
) -> LeadAbsence:
    """The lead (or the centre admin for them) reports an absence to the centre."""
    actor.require(center, "leave.approve", "staff.manage")
    if actor.user is None or (actor.user.pk != lead.pk and not actor.can(center, "staff.manage")):
        raise PermissionDenied(_("只能报备本人的离岗"), code="own_absence_only")
    led = selectors.lead_departments(center, lead)
    if not led:
        raise ValidationFailed(_("不是本中心的部门首席代表"), fields={"lead": _("不是首席代表")})
    if department is None:
        department = Department.objects.get(pk=min(led))
    elif department.pk not in led:
        raise ValidationFailed(_("不是该部门的首席代表"), fields={"department": _("无效的部门")})
    reason = _reason(reason)
    if end_date < start_date:
        raise ValidationFailed(
            _("结束日期不能早于开始日期"), fields={"end_date": _("不能早于开始日期")}
        )
    if (end_date - start_date).days > 366:
        raise ValidationFailed(_("一次报备不超过一年"), fields={"end_date": _("不超过一年")})
    days = working_days_inclusive(start_date, end_date)
    if days < 1:
        raise ValidationFailed(_("所选日期没有工作日"), fields={"end_date": _("没有工作日")})
    if deputy is not None and (deputy.pk == lead.pk or not _staff_of(center, deputy)):
        raise ValidationFailed(
            _("临时负责人须是本中心的其他工作人员"),
            fields={"deputy": _("须是本中心的其他工作人员")},
        )
    if days > DEPUTY_AFTER_DAYS and deputy is None:
        raise ValidationFailed(
            _("离岗两天以上须明确临时负责人"), fields={"deputy": _("离岗两天以上须指定")}
        )
    _lock_people([lead.pk])
    if selectors.lead_absences_between(center, [lead.pk], start_date, end_date).exists():
        raise Conflict(_("与已报备的离岗时间重叠"), code="lead_absence_overlap")
    absence = LeadAbsence.objects.create(
        center=center,
        department=department,
        lead=lead,
        start_date=start_date,
        end_date=end_date,
        days=days,
        reason=reason,
        deputy=deputy,
        reported_by=actor.user,
        reported_at=now or timezone.now(),
    )
    payload = {"absence": absence.pk, "days": days, "deputy": deputy is not None}
    emit("lead_absence.reported", center=center, aggregate=absence, payload=payload)
    audit("lead_absence.reported", actor=actor, center=center, obj=absence)
    return absence


@transaction.atomic
def lead_absence_cancel(
    *, actor: Actor, absence: LeadAbsence, now: dt.datetime | None = None
) -> LeadAbsence:
    actor.require(absence.center, "leave.approve", "staff.manage")
    absence = LeadAbsence.objects.select_for_update().get(pk=absence.pk)
    if actor.user is None or (
        actor.user.pk != absence.lead_id and not actor.can(absence.center, "staff.manage")
    ):
        raise PermissionDenied(_("只能撤销本人的离岗报备"), code="own_absence_only")
    now = now or timezone.now()
    if absence.cancelled_at is not None:
        raise InvalidTransition(_("该报备已撤销"))
    if absence.end_date < timezone.localdate(now):
        raise InvalidTransition(_("离岗已结束，不能撤销"))
    absence.cancelled_at = now
    absence.save(update_fields=["cancelled_at"])
    emit("lead_absence.cancelled", center=absence.center, aggregate=absence, payload={})
    audit("lead_absence.cancelled", actor=actor, center=absence.center, obj=absence)
    return absence
