"""The planning pages (thin: they call selectors; planning changes nothing)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from govhall.core.errors import DomainError
from govhall.core.web import center_or_404, need

from . import selectors
from .calendar_effects import LABELS
from .forms import PlanForm, YearForm
from .plan import WhatIf
from .sim_plan import simulate_plan
from .suggest import suggestions
from .yearly import year_view

SIM_RUNS = 20


def _refused(request, center, form, exc: DomainError, template="planning/day.html"):
    context = {"center": center, "form": form, "error": exc, "plan": None}
    return render(request, template, context, status=exc.status)


def _chart(plan, base, sim) -> dict:
    rows = plan.rows
    return {
        "labels": [f"{r.start:%H:%M}" for r in rows],
        "expected": [round(r.arrivals_expected, 1) for r in rows],
        "actual": [r.arrivals_actual for r in rows]
        if rows and rows[0].arrivals_actual is not None
        else None,
        "needed": [r.windows_needed for r in rows],
        "rostered": [r.windows_rostered for r in rows],
        "load": [round(r.load, 1) for r in rows],
        "base_needed": [r.windows_needed for r in base.rows] if base else None,
        "wait": [
            None if r.expected_wait_minutes is None else round(r.expected_wait_minutes, 1)
            for r in rows
        ],
        "sim_wait": [None if w is None else round(w, 1) for w in sim.mean_wait] if sim else None,
        "target_minutes": plan.target.minutes if plan.target else None,
    }


def _explain(plan, queues) -> list[dict]:
    """What each queue's forecast is made of, in words."""
    names = {q.pk: q.name for q in queues}
    out = []
    for q, f in plan.forecasts.items():
        out.append(
            {
                "queue": names.get(q, "?"),
                "total": f.day_total,
                "reference_days": f.reference_days,
                "trend": (f.trend - 1) * 100,
                "tag": str(LABELS.get(f.tag, "")) if f.tag else "",
                "factor": f.calendar_factor,
                "measured": f.calendar_measured,
                "booked": f.booked,
            }
        )
    return out


@require_GET
def day(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, selectors.CAPABILITY)
    if refusal:
        return refusal
    form = PlanForm(request.GET or None)
    if request.GET and not form.is_valid():
        exc = DomainError(_("请检查输入"), code="validation_error", status=422)
        return _refused(request, found, form, exc)
    data = form.cleaned_data if request.GET else {}
    ctx = selectors.context(found)
    queues = selectors.queues_of(found)
    try:
        day_ = selectors.check_day(data.get("date") or selectors.default_day(ctx.today), ctx.today)
        queue = selectors.queue_by_code(found, data["queue"]) if data.get("queue") else None
        merge = (
            selectors.queue_by_code(found, data["merge"], "merge") if data.get("merge") else None
        )
    except DomainError as exc:
        return _refused(request, found, form, exc)
    whatif = WhatIf(
        extra_windows=data.get("extra") or 0,
        faster_percent=data.get("faster") or 0,
        more_arrivals_percent=data.get("more") or 0,
        merge_queue_id=merge.pk if merge and queue and merge.pk != queue.pk else None,
    )
    plan = selectors.day_plan(actor, found, day_, queue, whatif, ctx)
    base = selectors.day_plan(actor, found, day_, queue, ctx=ctx) if whatif.active else None
    separate = None
    if whatif.merge_queue_id and base:
        other = selectors.day_plan(actor, found, day_, merge, ctx=ctx)
        separate = base.peak_needed + other.peak_needed
    sim = (
        simulate_plan(plan, ctx.desks, runs=SIM_RUNS)
        if data.get("simulate") and plan.rows
        else None
    )
    names = {uid: name for d in ctx.desks for _p, uid, name in d.holders}
    sim_rows = None
    if sim:
        sim_rows = list(zip(sim.mean_wait, sim.within_target, strict=True))
    context = {
        "center": found,
        "form": form,
        "plan": plan,
        "base": base,
        "separate": separate,
        "rows": list(zip(plan.rows, sim_rows or [None] * len(plan.rows), strict=True)),
        "sim": sim,
        "sim_runs": SIM_RUNS,
        "day": day_,
        "queue": queue,
        "merge": merge,
        "queues": queues,
        "whatif": whatif,
        "week": selectors.week_of(actor, found, day_, queue, ctx=ctx),
        "accuracy": [(q, selectors.accuracy(actor, found, ctx).get(q.pk)) for q in queues],
        "services": selectors.service_table(actor, found, ctx),
        "suggestions": suggestions(plan, ctx.desks, names),
        "explain": _explain(plan, queues),
        "chart": _chart(plan, base, sim),
        "weeks": ctx.weeks,
        "target_percent": round(plan.target.share * 100) if plan.target else None,
        "held_out": selectors.HELD_OUT_WEEKS,
        "today": ctx.today,
    }
    return render(request, "planning/day.html", context)


@require_GET
def year(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, selectors.CAPABILITY)
    if refusal:
        return refusal
    form = YearForm(request.GET or None)
    today = timezone.localdate()
    if request.GET and not form.is_valid():
        exc = DomainError(_("请检查输入"), code="validation_error", status=422)
        return _refused(request, found, form, exc, "planning/year.html")
    chosen = (form.cleaned_data.get("year") if request.GET else None) or today.year
    if chosen > today.year:
        exc = DomainError(_("尚无该年度的数据"), code="year_in_future", status=422)
        return _refused(request, found, form, exc, "planning/year.html")
    view = year_view(actor, found, chosen, today)
    return render(
        request,
        "planning/year.html",
        {
            "center": found,
            "form": form,
            "view": view,
            "years": range(today.year - 4, today.year + 1),
        },
    )
