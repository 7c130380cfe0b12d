"""The assessment pages: the admin's month (run, publish, answer objections,
finalize), the scheme's weights, the 公示 every staff member reads (and objects
on their own line), and a department lead's page of their people's results."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from govhall.core.errors import DomainError, ValidationFailed
from govhall.core.months import Month, month_of
from govhall.core.web import center_or_404, need

from . import formulas, selectors, services
from .models import AssessmentRun, RunState

MANAGE = "assessment.manage"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def month_from(value: str | None, *, default: Month | None = None, strict: bool = False) -> Month:
    """'2026-11' → that month; empty → `default`; anything else is refused when
    `strict` (a form posted), else the default (a link typed by hand)."""
    match = _MONTH.match(value or "")
    if match:
        year, number = int(match[1]), int(match[2])
        if 2000 <= year <= 2999 and 1 <= number <= 12:
            return Month(dt.date(year, number, 1))
    if strict or default is None:
        raise ValidationFailed(
            _("月份格式应为 YYYY-MM。"), code="bad_month", fields={"month": _("月份无效")}
        )
    return default


def last_month() -> Month:
    return month_of(timezone.localdate().replace(day=1) - dt.timedelta(days=1))


def _manage_context(center, month: Month, error=None) -> dict:
    run = selectors.run_for(center, month)
    rows = list(selectors.results(run)) if run else []
    today = timezone.localdate()
    return {
        "center": center,
        "month": month,
        "run": run,
        "rows": rows,
        "scheme": services.scheme_of(center),
        "runs": list(selectors.runs(center)[:12]),
        "error": error,
        "window_open": bool(run and services.window_open(run, today)),
        "pending": sum(
            1 for r in rows if hasattr(r, "objection") and r.objection.state == "pending"
        ),
        "states": RunState,
    }


def _manage_page(request, center, month, error=None):
    status = error.status if error else 200
    return render(
        request,
        "reports/assessment/manage.html",
        _manage_context(center, month, error),
        status=status,
    )


@require_GET
def manage(request, center: str):
    found = center_or_404(center)
    _actor, refusal = need(request, found, MANAGE)
    if refusal:
        return refusal
    return _manage_page(request, found, month_from(request.GET.get("month"), default=last_month()))


def _back(center, month: Month):
    url = reverse("reports:assessment_manage", args=[center.code])
    return redirect(f"{url}?month={month}")


def _run(found, pk) -> AssessmentRun:
    try:
        return selectors.runs(found).get(pk=int(pk))
    except (AssessmentRun.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@require_POST
def run(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, MANAGE)
    if refusal:
        return refusal
    month = last_month()
    try:
        month = month_from(request.POST.get("month"), strict=True)
        services.assessment_run(actor=actor, center=found, month=month)
    except DomainError as exc:
        return _manage_page(request, found, month, exc)
    messages.success(request, _("已计算考核结果（草稿）。"))
    return _back(found, month)


@require_POST
def publish(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, MANAGE)
    if refusal:
        return refusal
    target = _run(found, pk)
    try:
        services.assessment_publish(actor=actor, run=target)
    except DomainError as exc:
        return _manage_page(request, found, Month(target.month), exc)
    messages.success(request, _("考核结果已公示。"))
    return _back(found, Month(target.month))


@require_POST
def finalize(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, MANAGE)
    if refusal:
        return refusal
    target = _run(found, pk)
    try:
        services.assessment_finalize(actor=actor, run=target)
    except DomainError as exc:
        return _manage_page(request, found, Month(target.month), exc)
    messages.success(request, _("考核已定稿，结果已送各部门。"))
    return _back(found, Month(target.month))


def _adjustment(text: str):
    try:
        return float(text) if text.strip() else None
    except ValueError:
        return None


@require_POST
def answer(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, MANAGE)
    if refusal:
        return refusal
    objection = selectors.objection_for(found, pk)
    if objection is None:
        raise Http404
    month = Month(objection.result.run.month)
    upheld = request.POST.get("decision") == "uphold"
    try:
        services.objection_answer(
            actor=actor,
            objection=objection,
            upheld=upheld,
            answer=request.POST.get("answer", "")[:2000],
            adjustment=_adjustment(request.POST.get("adjustment", "")[:20]),
        )
    except DomainError as exc:
        return _manage_page(request, found, month, exc)
    messages.success(request, _("已答复异议。"))
    return _back(found, month)


def _int(text: str):
    text = (text or "").strip()
    return int(text) if re.fullmatch(r"-?\d{1,4}", text) else text


@require_http_methods(["GET", "POST"])
def scheme(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, MANAGE)
    if refusal:
        return refusal
    error, values = None, None
    if request.method == "POST":
        values = {p: _int(request.POST.get(p, "")) for p in formulas.PARTS}
        days = _int(request.POST.get("objection_days", ""))
        try:
            services.scheme_save(actor=actor, center=found, weights=values, objection_days=days)
        except DomainError as exc:
            error = exc
            values["objection_days"] = days
        else:
            messages.success(request, _("考核方案已保存。"))
            return redirect(reverse("reports:assessment_scheme", args=[found.code]))
    current = services.scheme_of(found)
    values = values or {**current.weights(), "objection_days": current.objection_days}
    context = {"center": found, "values": values, "error": error, "parts": formulas.PARTS}
    return render(
        request,
        "reports/assessment/scheme.html",
        context,
        status=error.status if error else 200,
    )


def _public_context(actor, center, error=None) -> dict:
    target = selectors.public_run(center)
    rows = list(selectors.results(target)) if target else []
    mine = next((r for r in rows if r.user_id == getattr(actor.user, "pk", None)), None)
    return {
        "center": center,
        "run": target,
        "rows": rows,
        "mine": mine,
        "window_open": bool(target and services.window_open(target, timezone.localdate())),
        "error": error,
    }


@require_GET
def public(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.self", MANAGE)
    if refusal:
        return refusal
    return render(request, "reports/assessment/public.html", _public_context(actor, found))


@require_POST
def object_(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.self")
    if refusal:
        return refusal
    result = selectors.result_for(found, pk)
    if result is None:
        raise Http404
    try:
        services.objection_file(
            actor=actor, result=result, reason=request.POST.get("reason", "")[:4000]
        )
    except DomainError as exc:
        context = _public_context(actor, found, exc)
        return render(request, "reports/assessment/public.html", context, status=exc.status)
    messages.success(request, _("异议已提交，请等待答复。"))
    return redirect(reverse("reports:assessment_public", args=[found.code]))


@require_GET
def department(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "assessment.department")
    if refusal:
        return refusal
    finals = list(selectors.final_runs(found)[:12])
    chosen = finals[0] if finals else None
    wanted = request.GET.get("month")
    if wanted:
        month = month_from(wanted, default=Month(chosen.month) if chosen else last_month())
        chosen = next((r for r in finals if r.month == month.first), None)
    rows = list(selectors.department_results(actor, found, chosen)) if chosen else []
    context = {"center": found, "run": chosen, "runs": finals, "rows": rows}
    return render(request, "reports/assessment/department.html", context)
