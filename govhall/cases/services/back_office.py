"""The department's back office: opinions, inspections, the decision, parallel
approval, the art. 45 procedures and the art. 42 extension."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import ApprovalMode
from govhall.core.actors import Actor
from govhall.core.center_settings import center_setting
from govhall.core.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from govhall.core.models import Department, User
from govhall.core.workdays import WorkingCalendar

from ..models import (
    Case,
    CaseStatus,
    Decision,
    DeliveryMethod,
    DocumentKind,
    Extension,
    Inspection,
    Opinion,
    ParallelAnswer,
    ParallelTask,
    ProcedureKind,
    Step,
    Suspension,
)
from .base import (
    DUE_FIELDS,
    MAX_TEXT,
    _emit,
    _issue,
    _lock,
    _now,
    _precheck,
    _recompute_due,
    _require_reviewer,
    _require_status,
    _reviews_for,
    _sms,
    _step,
    is_reviewer,
)
from .decisions import record_decision
from .intake import (
    _clean_text,
)

# --- back office ------------------------------------------------------------------------


@transaction.atomic
def case_opinion(*, actor: Actor, case: Case, text: str, now: dt.datetime | None = None) -> Opinion:
    _require_reviewer(actor, case)
    text = _clean_text(text, "opinion", limit=MAX_TEXT)
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.ACCEPTED, CaseStatus.SUSPENDED)
    opinion = Opinion.objects.create(
        case=case, department=case.department, author=actor.user, text=text, at=now
    )
    _step(case, Step.REVIEWED, at=now, actor=actor, department=case.department)
    _emit("case.reviewed", case)
    return opinion


@transaction.atomic
def case_inspect(
    *,
    actor: Actor,
    case: Case,
    inspectors: list[User],
    findings: str,
    inspected_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Inspection:
    """现场核查: at least two staff of the department go together."""
    _require_reviewer(actor, case)
    findings = _clean_text(findings, "findings", limit=MAX_TEXT)
    people = {u.pk: u for u in inspectors}
    if len(people) < 2:
        raise ValidationFailed(
            _("现场核查须由两名以上工作人员进行"),
            code="inspection_needs_two",
            fields={"inspectors": _("至少两人")},
        )
    if not all(_reviews_for(u, case.center, case.department) for u in people.values()):
        raise ValidationFailed(
            _("核查人员须为本部门的审批人员"),
            code="inspector_not_in_department",
            fields={"inspectors": _("含非本部门人员")},
        )
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.ACCEPTED, CaseStatus.SUSPENDED)
    inspection = Inspection.objects.create(
        case=case,
        inspected_on=inspected_on or timezone.localdate(now),
        findings=findings,
        recorded_by=actor.user,
        recorded_at=now,
    )
    inspection.inspectors.set(people.values())
    _step(case, Step.INSPECTED, at=now, actor=actor, department=case.department)
    _emit("case.inspected", case, inspectors=len(people))
    return inspection


@transaction.atomic
def case_decide(
    *,
    actor: Actor,
    case: Case,
    decision: str,
    opinion: str,
    now: dt.datetime | None = None,
) -> Case:
    """The lead department's decision. In parallel approval it comes after every
    department has answered, and one refusal refuses the whole."""
    _require_reviewer(actor, case)
    _precheck(case, CaseStatus.ACCEPTED)
    if decision not in Decision.values:
        raise ValidationFailed(_("决定应为 approve 或 reject"), fields={"decision": _("取值无效")})
    opinion = _clean_text(opinion, "opinion", limit=MAX_TEXT, required=decision == Decision.REJECT)
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.ACCEPTED)
    if case.approval_mode == ApprovalMode.PARALLEL:
        tasks = list(case.parallel_tasks.select_related("department"))
        pending = [t.department.name for t in tasks if not t.answer]
        if pending:
            raise Conflict(
                _("尚有并联审批部门未答复：%(names)s") % {"names": "、".join(pending)},
                code="parallel_pending",
            )
        if decision == Decision.APPROVE and any(t.answer == ParallelAnswer.DISAGREE for t in tasks):
            raise Conflict(
                _("有并联审批部门不同意，只能作出不予准予的决定"), code="parallel_refused"
            )
    case.status = CaseStatus.DECIDED
    case.decision, case.decision_opinion = decision, opinion
    case.decided_at = case.ready_at = now
    case.decided_by = actor.user
    case.save()
    record_decision(case, now=now)
    Opinion.objects.create(
        case=case, department=case.department, author=actor.user, text=opinion or "—", at=now
    )
    _step(case, Step.DECIDED, at=now, actor=actor, department=case.department)
    _step(case, Step.READY, at=now, actor=actor)
    _emit("case.decided", case, decision=decision)
    _notify_ready(case)
    return case


def _notify_ready(case: Case) -> None:
    if case.delivery_method == DeliveryMethod.POST:
        body = _("【%(center)s】您的办件%(number)s（%(item)s）已办结，结果将邮寄送达。")
    else:
        body = _(
            "【%(center)s】您的办件%(number)s（%(item)s）已办结，请携带身份证件到出件窗口领取。"
        )
    _sms(case, "ready", body, item=case.item_name)


@transaction.atomic
def parallel_answer(
    *,
    actor: Actor,
    case: Case,
    department: Department,
    answer: str,
    reason: str = "",
    now: dt.datetime | None = None,
) -> ParallelTask:
    """A parallel department answers 同意, 不同意 (with reasons) or 转报."""
    _require_reviewer(actor, case, department)
    _precheck(case, CaseStatus.ACCEPTED, CaseStatus.SUSPENDED)
    if answer not in (ParallelAnswer.AGREE, ParallelAnswer.DISAGREE, ParallelAnswer.FORWARD):
        raise ValidationFailed(_("答复应为同意、不同意或转报"), fields={"answer": _("取值无效")})
    reason = _clean_text(reason, "reason", limit=MAX_TEXT, required=answer != ParallelAnswer.AGREE)
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.ACCEPTED, CaseStatus.SUSPENDED)
    task = ParallelTask.objects.filter(case=case, department=department).first()
    if task is None:
        raise NotFound(_("该部门不是本办件的并联审批部门"), code="not_a_parallel_department")
    if task.answer:
        raise InvalidTransition(_("本部门已答复，不能重复答复"), code="already_answered")
    task.answer, task.reason = answer, reason
    task.answered_by, task.answered_at = actor.user, now
    task.save()
    _step(case, Step.PARALLEL_ANSWERED, at=now, actor=actor, department=department)
    _emit("case.parallel_answered", case, answer=answer, by=department.code)
    return task


# The longest a procedure other than a hearing may be announced to take.
MAX_PROCEDURE_DAYS = 250


@transaction.atomic
def case_suspend(
    *,
    actor: Actor,
    case: Case,
    kind: str,
    reason: str,
    expected_days: int | None = None,
    now: dt.datetime | None = None,
) -> Suspension:
    """Licensing Law art. 45: a special procedure stops the clock, with a written
    notice of how long it takes; a hearing (art. 47) is held within 20 working
    days of the request, the date on the notice."""
    _require_reviewer(actor, case)
    _precheck(case, CaseStatus.ACCEPTED)
    if kind not in ProcedureKind.values:
        raise ValidationFailed(_("特别程序类型无效"), fields={"kind": _("取值无效")})
    reason = _clean_text(reason, "reason", limit=MAX_TEXT)
    hearing_days = center_setting(case.center, "cases.hearing_days")
    limit = hearing_days if kind == ProcedureKind.HEARING else MAX_PROCEDURE_DAYS
    if not isinstance(expected_days, int) or not 1 <= expected_days <= limit:
        raise ValidationFailed(
            _("请写明特别程序预计所需的工作日（1至%(limit)s）") % {"limit": limit},
            fields={"expected_days": _("取值无效")},
        )
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.ACCEPTED)
    today = timezone.localdate(now)
    procedure = Suspension.objects.create(
        case=case,
        kind=kind,
        reason=reason,
        started_on=today,
        expected_days=expected_days,
        hold_by=WorkingCalendar().add_working_days(today, hearing_days)
        if kind == ProcedureKind.HEARING
        else None,
        started_by=actor.user,
    )
    case.status = CaseStatus.SUSPENDED
    case.save(update_fields=["status"])
    _step(case, Step.SUSPENDED, at=now, actor=actor, department=case.department)
    _issue(case, DocumentKind.SUSPENSION, at=now, procedure=procedure)
    _emit("case.suspended", case, procedure=kind)
    return procedure


@transaction.atomic
def case_resume(*, actor: Actor, case: Case, now: dt.datetime | None = None) -> Case:
    """The clock starts again; the working days after the notice up to and
    including the day of resumption are not counted."""
    _require_reviewer(actor, case)
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.SUSPENDED)
    cal = WorkingCalendar()
    procedure = case.suspensions.get(ended_on__isnull=True)
    procedure.ended_on = timezone.localdate(now)
    procedure.excluded_days = cal.working_days_between(procedure.started_on, procedure.ended_on)
    procedure.save(update_fields=["ended_on", "excluded_days"])
    case.suspended_days += procedure.excluded_days
    case.status = CaseStatus.ACCEPTED
    _recompute_due(case, cal)
    case.save(update_fields=[*DUE_FIELDS, "status", "suspended_days"])
    _step(case, Step.RESUMED, at=now, actor=actor, department=case.department)
    _emit("case.resumed", case, excluded_days=procedure.excluded_days)
    _sms(
        case,
        f"resumed:{procedure.pk}",
        _("【%(center)s】您的办件%(number)s特别程序已结束，恢复计时，预计办结日期%(due)s。"),
        due=case.due_date.isoformat(),
    )
    return case


@transaction.atomic
def case_extension_request(
    *, actor: Actor, case: Case, reason: str, now: dt.datetime | None = None
) -> Extension:
    """Licensing Law art. 42: a reviewer asks, in writing, for the one extension."""
    _require_reviewer(actor, case)
    reason = _clean_text(reason, "reason", limit=MAX_TEXT)
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.ACCEPTED, CaseStatus.SUSPENDED)
    if Extension.objects.filter(case=case).exists():
        raise Conflict(_("办件已申请过延期，只能延期一次"), code="extension_exists")
    ext = Extension.objects.create(
        case=case,
        reason=reason,
        # Art. 42: 10 working days; 15 for joint or unified handling (并联).
        days=center_setting(
            case.center,
            "cases.extension_days_joint"
            if case.approval_mode == ApprovalMode.PARALLEL
            else "cases.extension_days",
        ),
        requested_by=actor.user,
        requested_at=now,
    )
    _step(case, Step.EXTENSION_REQUESTED, at=now, actor=actor, department=case.department)
    _emit("case.extension_requested", case, days=ext.days)
    return ext


@transaction.atomic
def case_extension_approve(*, actor: Actor, case: Case, now: dt.datetime | None = None) -> Case:
    """Approved by another reviewer of the department or the centre's admin,
    never by the one who asked; the citizen gets the written reasons."""
    actor.require(case.center, "case.extension.approve")
    if (
        not (
            is_reviewer(actor, case.center, case.department)
            or actor.can(case.center, "case.oversee")
        )
        or actor.user is None
    ):
        raise PermissionDenied(_("无权批准延期"), code="forbidden_department")
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.ACCEPTED, CaseStatus.SUSPENDED)
    ext = Extension.objects.filter(case=case).first()
    if ext is None or ext.approved_at is not None:
        raise InvalidTransition(_("没有待批准的延期申请"), code="no_pending_extension")
    if ext.requested_by_id == actor.user.pk:
        raise PermissionDenied(_("延期须由申请人以外的负责人批准"), code="approver_is_requester")
    ext.approved_by, ext.approved_at = actor.user, now
    ext.save(update_fields=["approved_by", "approved_at"])
    case.extension_days = ext.days
    _recompute_due(case, WorkingCalendar())
    case.save(update_fields=[*DUE_FIELDS, "extension_days"])
    _step(case, Step.EXTENDED, at=now, actor=actor, department=case.department)
    _issue(case, DocumentKind.EXTENSION, at=now, ext=ext)
    _emit("case.extended", case, days=ext.days)
    return case
