"""Reads of the assessment, each scoped to one centre: the admin's months, the
公示 every staff member reads, and a department lead's own department."""

from __future__ import annotations

from govhall.core.actors import Actor
from govhall.core.models import Center
from govhall.core.months import Month
from govhall.staff.attendance.selectors import led_departments

from .models import AssessmentResult, AssessmentRun, Objection, ObjectionState, RunState


def runs(center: Center):
    return AssessmentRun.objects.filter(center=center).order_by("-month")


def run_for(center: Center, month: Month) -> AssessmentRun | None:
    return runs(center).filter(month=month.first).first()


def results(run: AssessmentRun):
    return run.results.select_related("user", "department", "objection")


def public_run(center: Center) -> AssessmentRun | None:
    """The latest month put up for the staff (公示 or final)."""
    return runs(center).exclude(state=RunState.DRAFT).first()


def own_result(run: AssessmentRun, user) -> AssessmentResult | None:
    if user is None:
        return None
    return results(run).filter(user=user).first()


def result_for(center: Center, pk) -> AssessmentResult | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return AssessmentResult.objects.filter(run__center=center, pk=pk).select_related("run").first()


def objection_for(center: Center, pk) -> Objection | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        Objection.objects.filter(result__run__center=center, pk=pk)
        .select_related("result__run")
        .first()
    )


def pending_objections(center: Center) -> int:
    return Objection.objects.filter(
        result__run__center=center, state=ObjectionState.PENDING
    ).count()


def department_results(actor: Actor, center: Center, run: AssessmentRun):
    """A final month's results of the departments the actor leads (all, for
    one who reads every person at the centre)."""
    qs = results(run).filter(run__state=RunState.FINAL)
    led = led_departments(actor, center)
    return qs if led is None else qs.filter(department__in=led)


def final_runs(center: Center):
    return runs(center).filter(state=RunState.FINAL)
