"""The assessment's changes of state: the scheme's weights, a month's run
(draft), its publication (公示, objections open), objections filed and answered,
and the final lock that sends each department its people's results (C.2.9)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.events import emit
from govhall.core.models import Center, NotificationChannel
from govhall.core.months import Month
from govhall.core.notify import notify, official
from govhall.core.workdays import deadline
from govhall.staff.leave.selectors import leads_of

from . import collect, formulas
from .models import (
    AssessmentResult,
    AssessmentRun,
    AssessmentScheme,
    Objection,
    ObjectionState,
    RunState,
)

REASON_MAX = 1000
NOTE_MAX = 500
MAX_OBJECTION_DAYS = 30
MANAGE = "assessment.manage"


def scheme_of(center: Center) -> AssessmentScheme:
    """The centre's scheme; the defaults (40/30/20/10, 5 working days) until saved."""
    return AssessmentScheme.objects.filter(center=center).first() or AssessmentScheme(center=center)


_PROBLEMS = {
    "integer": _("应为整数"),
    "range": _("应在 0 到 100 之间"),
    "sum": _("四项权重之和应为 100"),
}


@transaction.atomic
def scheme_save(*, actor: Actor, center: Center, weights: dict, objection_days) -> AssessmentScheme:
    actor.require(center, MANAGE)
    problems = {k: _PROBLEMS[v] for k, v in formulas.weights_problems(weights).items()}
    if (
        isinstance(objection_days, bool)
        or not isinstance(objection_days, int)
        or not 1 <= objection_days <= MAX_OBJECTION_DAYS
    ):
        problems["objection_days"] = _("应为 1 到 30 之间的整数")
    if problems:
        raise ValidationFailed(_("考核方案不正确。"), code="bad_scheme", fields=problems)
    scheme = AssessmentScheme.objects.select_for_update().filter(center=center).first()
    scheme = scheme or AssessmentScheme(center=center)
    for part in formulas.PARTS:
        setattr(scheme, f"w_{part}", weights[part])
    scheme.objection_days = objection_days
    scheme.updated_by = actor.user
    scheme.save()
    emit(
        "assessment.scheme_saved",
        center=center,
        aggregate=scheme,
        payload={**scheme.weights(), "objection_days": objection_days},
    )
    return scheme


def _month_allowed(month: Month, today: dt.date) -> None:
    # A month is assessed once it has begun; the current month gives a partial
    # picture the admin may look at as a draft.
    if month.first > today:
        raise ValidationFailed(
            _("不能考核尚未开始的月份。"), code="bad_month", fields={"month": _("月份无效")}
        )


def _score(raw: dict, center_figures: dict, weights: dict) -> dict:
    scores = {
        "quality": formulas.quality(
            rated=raw["rated"],
            satisfied=raw["satisfied"],
            bad_counted=raw["bad"] - raw["bad_unfounded"],
        ),
        "efficiency": formulas.efficiency(
            mean_service=raw["mean_service"],
            center_mean_service=center_figures["mean_service"],
            served=raw["served"],
            center_mean_served=center_figures["mean_served"],
            cases=raw["cases"],
            cases_on_time=raw["cases_on_time"],
        ),
        "attendance": formulas.attendance(
            late=raw["late"], early=raw["early"], missing=raw["missing"], absences=raw["absences"]
        ),
        "training": formulas.training(
            invited=raw["invited"], attended=raw["attended"], exam_scores=raw["exam_scores"]
        ),
    }
    return scores


def _rerank(run: AssessmentRun) -> None:
    results = list(run.results.select_related("user"))
    ranked = formulas.ranks(
        [formulas.Ranked(r.pk, r.user.staff_number or "", r.total) for r in results]
    )
    for result in results:
        result.rank = ranked[result.pk]
    AssessmentResult.objects.bulk_update(results, ["rank"])


@transaction.atomic
def assessment_run(
    *, actor: Actor, center: Center, month: Month, now: dt.datetime | None = None
) -> AssessmentRun:
    """Compute (or recompute) the month as a draft; a published or final month
    is not computed again."""
    actor.require(center, MANAGE)
    now = now or timezone.now()
    _month_allowed(month, timezone.localdate(now))
    run = AssessmentRun.objects.select_for_update().filter(center=center, month=month.first).first()
    if run is not None and run.state != RunState.DRAFT:
        raise InvalidTransition(
            _("该月考核已公示或定稿，不能重新计算。"), code="assessment_not_draft"
        )
    weights = scheme_of(center).weights()
    profiles = collect.people(center, month)
    ids = [p.user_id for p in profiles]
    per_ticket, center_figures = collect.tickets(center, month, ids)
    parts = (
        per_ticket,
        collect.ratings(center, month, ids),
        collect.cases(center, month, ids),
        collect.attendance(center, month, profiles, now),
        collect.training(center, month, ids),
    )
    if run is None:
        run = AssessmentRun(center=center, month=month.first)
    run.weights, run.center_figures = weights, center_figures
    run.computed_at, run.computed_by = now, actor.user
    run.save()
    run.results.all().delete()
    people = []
    for profile in profiles:
        raw = {}
        for part in parts:
            raw.update(part.get(profile.user_id, {}))
        known = formulas.has_figures(raw, center_figures)
        raw["no_figures"] = [p for p in formulas.PARTS if p not in known]
        people.append((profile, raw, _score(raw, center_figures, weights), known))
    formulas.fill_missing([(scores, known) for _p, _r, scores, known in people])
    rows = []
    for profile, raw, scores, _known in people:
        total = formulas.total(scores, weights)
        rows.append(
            AssessmentResult(
                run=run,
                user=profile.user,
                department=profile.department,
                quality=scores["quality"],
                efficiency=scores["efficiency"],
                attendance=scores["attendance"],
                training=scores["training"],
                computed_total=total,
                total=total,
                raw=raw,
            )
        )
    AssessmentResult.objects.bulk_create(rows)
    _rerank(run)
    emit(
        "assessment.computed",
        center=center,
        aggregate=run,
        payload={"month": str(month), "people": len(rows)},
    )
    return run


def _locked(run: AssessmentRun) -> AssessmentRun:
    return AssessmentRun.objects.select_for_update().select_related("center").get(pk=run.pk)


@transaction.atomic
def assessment_publish(
    *, actor: Actor, run: AssessmentRun, now: dt.datetime | None = None
) -> AssessmentRun:
    """公示: the ranking goes up for the centre's staff; objections until the
    deadline (the scheme's working days from today)."""
    actor.require(run.center, MANAGE)
    run = _locked(run)
    if run.state != RunState.DRAFT:
        raise InvalidTransition(_("只有草稿可以公示。"), code="assessment_not_draft")
    if not run.results.exists():
        raise Conflict(_("本月没有考核对象，无法公示。"), code="assessment_empty")
    now = now or timezone.now()
    due = deadline(timezone.localdate(now), scheme_of(run.center).objection_days)
    run.state, run.published_at = RunState.PUBLISHED, now
    run.objection_until, run.objection_until_provisional = due.date, due.provisional
    run.save()
    emit(
        "assessment.published",
        center=run.center,
        aggregate=run,
        payload={"month": f"{run.month:%Y-%m}", "objection_until": due.date.isoformat()},
    )
    return run


def window_open(run: AssessmentRun, today: dt.date) -> bool:
    return (
        run.state == RunState.PUBLISHED
        and run.objection_until is not None
        and (today <= run.objection_until)
    )


@transaction.atomic
def objection_file(
    *, actor: Actor, result: AssessmentResult, reason: str, now: dt.datetime | None = None
) -> Objection:
    """A staff member objects to their own result, within the window."""
    run = _locked(result.run)
    actor.require(run.center, "staff.self")
    if actor.user is None or actor.user.pk != result.user_id:
        raise PermissionDenied(_("只能对本人的考核结果提出异议。"), code="not_own_result")
    now = now or timezone.now()
    if not window_open(run, timezone.localdate(now)):
        raise InvalidTransition(_("不在公示异议期内。"), code="objection_window_closed")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("请填写异议理由。"), fields={"reason": _("必填")})
    if len(reason) > REASON_MAX:
        raise ValidationFailed(_("异议理由过长。"), fields={"reason": _("不超过1000字")})
    if Objection.objects.filter(result=result).exists():
        raise Conflict(_("已对该结果提出过异议。"), code="objection_exists")
    objection = Objection.objects.create(result=result, reason=reason, filed_at=now)
    emit(
        "assessment.objection_filed",
        center=run.center,
        aggregate=objection,
        payload={"run": run.pk, "month": f"{run.month:%Y-%m}"},
    )
    return objection


@transaction.atomic
def objection_answer(
    *,
    actor: Actor,
    objection: Objection,
    upheld: bool,
    answer: str,
    adjustment: float | None = None,
    now: dt.datetime | None = None,
) -> Objection:
    """Upheld: the total moves by `adjustment` (the note is the answer) and the
    run is ranked again; rejected: the result stands."""
    objection = (
        Objection.objects.select_for_update().select_related("result__run").get(pk=objection.pk)
    )
    run = _locked(objection.result.run)
    actor.require(run.center, MANAGE)
    if run.state != RunState.PUBLISHED:
        raise InvalidTransition(_("考核已定稿，不能再答复异议。"), code="assessment_not_published")
    if objection.state != ObjectionState.PENDING:
        raise InvalidTransition(_("该异议已答复。"), code="objection_answered")
    answer = (answer or "").strip()
    fields = {}
    if not answer:
        fields["answer"] = _("必填")
    elif len(answer) > NOTE_MAX:
        fields["answer"] = _("不超过500字")
    if upheld and (
        adjustment is None
        or isinstance(adjustment, bool)
        or not isinstance(adjustment, int | float)
        or not -100 <= adjustment <= 100
        or adjustment == 0
    ):
        fields["adjustment"] = _("应为 -100 到 100 之间的非零分值")
    if fields:
        raise ValidationFailed(_("请检查答复。"), fields=fields)
    now = now or timezone.now()
    objection.state = ObjectionState.UPHELD if upheld else ObjectionState.REJECTED
    objection.answer, objection.answered_at, objection.answered_by = answer, now, actor.user
    objection.save()
    if upheld:
        result = objection.result
        result.adjustment = round(float(adjustment), 1)
        result.adjustment_note = answer
        result.total = formulas.clamp(result.computed_total + result.adjustment)
        result.save(update_fields=["adjustment", "adjustment_note", "total"])
        _rerank(run)
    emit(
        "assessment.objection_answered",
        center=run.center,
        aggregate=objection,
        payload={"run": run.pk, "upheld": upheld},
    )
    return objection


@transaction.atomic
def assessment_finalize(
    *, actor: Actor, run: AssessmentRun, now: dt.datetime | None = None
) -> AssessmentRun:
    """After the window, with every objection answered: lock the month and tell
    each department's leads that their people's results are ready (C.2.9)."""
    actor.require(run.center, MANAGE)
    run = _locked(run)
    if run.state != RunState.PUBLISHED:
        raise InvalidTransition(_("只有公示中的考核可以定稿。"), code="assessment_not_published")
    now = now or timezone.now()
    if window_open(run, timezone.localdate(now)):
        raise Conflict(_("公示异议期尚未结束。"), code="objection_window_open")
    if Objection.objects.filter(result__run=run, state=ObjectionState.PENDING).exists():
        raise Conflict(_("还有未答复的异议。"), code="objections_pending")
    run.state, run.finalized_at = RunState.FINAL, now
    run.save()
    departments = set(
        run.results.filter(department__isnull=False).values_list("department_id", flat=True)
    )
    told = 0
    for dept_id in sorted(departments):
        count = run.results.filter(department_id=dept_id).count()
        for lead in leads_of(run.center, dept_id):
            sent = notify(
                center=run.center,
                key=f"assessment:{run.pk}:{dept_id}:{lead.pk}",
                channel=NotificationChannel.SMS,
                recipient=lead.mobile,
                body=official(
                    _(
                        "%(center)s %(month)s 工作人员考核结果已定稿（贵部门 %(count)s 人），请登录平台查看。"
                    ),
                    center=run.center.name,
                    month=f"{run.month:%Y-%m}",
                    count=count,
                ),
            )
            told += sent is not None
    emit(
        "assessment.finalized",
        center=run.center,
        aggregate=run,
        payload={"month": f"{run.month:%Y-%m}", "departments": len(departments), "told": told},
    )
    return run
