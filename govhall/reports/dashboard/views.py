"""The report pages (any registered Report, a period, its tables and charts, the
workbook), the centre's live dashboard, the district's side-by-side view and the
monthly reports. Thin: selectors and builders read, services change."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from govhall.core.errors import DomainError
from govhall.core.models import Center, District
from govhall.core.web import center_or_404, denied, need, request_actor

from .. import tables
from . import district as district_figures
from . import live, pages, services
from .models import MonthlyReport
from .xlsx import workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report_or_404(name: str) -> tables.Report:
    report = tables.get(name[:64])
    if report is None or report.district:
        raise Http404
    return report


def _visible_reports(actor, center) -> list[tables.Report]:
    shown = [
        r
        for r in tables.REPORTS.values()
        if not r.district and any(actor.can(center, c) for c in r.needs)
    ]
    return sorted(shown, key=lambda r: (r.order, r.name))


@require_GET
def index(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "report.read")
    if refusal:
        return refusal
    return render(
        request,
        "reports/index.html",
        {
            "center": found,
            "reports": _visible_reports(actor, found),
            "query": request.GET.urlencode(),
        },
    )


@require_GET
def report_page(request, center: str, report: str):
    found = center_or_404(center)
    chosen = _report_or_404(report)
    actor, refusal = need(request, found, *chosen.needs)
    if refusal:
        return refusal
    context = {"center": found, "report": chosen, "reports": _visible_reports(actor, found)}
    try:
        period = pages.period_from(request.GET)
    except DomainError as exc:
        context.update(
            error=exc,
            picker={
                "kind": request.GET.get("period", "month"),
                "kinds": pages.picker(pages.period_from({}), {})["kinds"],
            },
        )
        return render(request, "reports/report.html", context, status=exc.status)
    built = pages.build(chosen, actor, [found], period)
    views_ = [pages.view_table(t, i) for i, t in enumerate(built)]
    context.update(
        period=period,
        period_text=pages.period_text(period),
        picker=pages.picker(period, request.GET),
        tables=views_,
        charts=[v["chart"] for v in views_ if v["chart"]],
    )
    return render(request, "reports/report.html", context)


def xlsx_response(report: tables.Report, actor, center, params) -> HttpResponse:
    period = pages.period_from(params)  # DomainError: the caller's error shape
    built = pages.build(report, actor, [center], period)
    text = pages.period_text(period)
    content = workbook(f"{center.name} {report.title}", text, built)
    response = HttpResponse(content, content_type=XLSX)
    filename = f"{center.code}-{report.name}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def report_xlsx(request, center: str, report: str):
    found = center_or_404(center)
    chosen = _report_or_404(report)
    actor, refusal = need(request, found, *chosen.needs)
    if refusal:
        return refusal
    try:
        return xlsx_response(chosen, actor, found, request.GET)
    except DomainError as exc:
        return denied(request, exc.message, exc.status)


# --- the live dashboard ---------------------------------------------------------------


@require_GET
def live_page(request, center: str):
    found = center_or_404(center)
    _actor, refusal = need(request, found, "report.live")
    if refusal:
        return refusal
    return render(request, "reports/live.html", {"center": found, "hall": live.hall_now(found)})


@require_GET
def live_panel(request, center: str):
    """The part htmx fetches on the hall's events (live.js), and every minute."""
    found = center_or_404(center)
    _actor, refusal = need(request, found, "report.live")
    if refusal:
        return refusal
    return render(
        request, "reports/_live_panel.html", {"center": found, "hall": live.hall_now(found)}
    )


# --- the district ---------------------------------------------------------------------


@require_GET
def district_page(request, district: str):
    actor = request_actor(request)
    found = District.objects.filter(code=district[:32]).first()
    if found is None:
        raise Http404
    if not actor.is_authenticated:
        return denied(request, gettext("请先登录，或用设备令牌绑定本设备"), 401)
    centers = district_figures.district_centers(actor, found)
    if not centers:
        return denied(request, gettext("只有区主管部门可以查看各中心的统计"), 403)
    context = {"district": found, "rankable": district_figures.COLUMNS[1:]}
    try:
        period = pages.period_from(request.GET)
    except DomainError as exc:
        context.update(
            error=exc,
            picker={"kind": "month", "kinds": pages.picker(pages.period_from({}), {})["kinds"]},
        )
        return render(request, "reports/district.html", context, status=exc.status)
    rank = request.GET.get("rank", "tickets")
    table = district_figures.side_by_side(centers, period, rank)
    view = pages.view_table(table, 0)
    codes = [r["_key"] for r in table.rows]
    context.update(
        period=period,
        period_text=pages.period_text(period),
        picker=pages.picker(period, request.GET),
        rank=rank if rank in district_figures.RANKABLE else "tickets",
        table=view,
        rows=list(zip(codes, view["rows"], strict=True)),
        charts=[view["chart"]] if view["chart"] else [],
    )
    return render(request, "reports/district.html", context)


# --- a district's registered reports (Report.district: every centre of it at once) ------


def _district_report(request, district: str, report: str):
    """(district, report, actor, centres) or (None, refusal): the centres of the
    district where the actor holds one of the report's capabilities."""
    found = District.objects.filter(code=district[:32]).first()
    chosen = tables.get(report[:64])
    if found is None or chosen is None or not chosen.district:
        raise Http404
    actor = request_actor(request)
    if not actor.is_authenticated:
        return None, denied(request, gettext("请先登录，或用设备令牌绑定本设备"), 401)
    centers = [
        c
        for c in Center.objects.filter(district=found, is_active=True).order_by("code")
        if any(actor.can(c, n) for n in chosen.needs)
    ]
    if not centers:
        return None, denied(request, gettext("只有区主管部门可以查看各中心的统计"), 403)
    return (found, chosen, actor, centers), None


@require_GET
def district_report_page(request, district: str, report: str):
    found, refusal = _district_report(request, district, report)
    if refusal:
        return refusal
    area, chosen, actor, centers = found
    context = {"district": area, "report": chosen, "reports": []}
    try:
        period = pages.period_from(request.GET)
    except DomainError as exc:
        context.update(error=exc, picker=pages.picker(pages.period_from({}), {}))
        return render(request, "reports/report.html", context, status=exc.status)
    views_ = [
        pages.view_table(t, i) for i, t in enumerate(pages.build(chosen, actor, centers, period))
    ]
    context.update(
        period=period,
        period_text=pages.period_text(period),
        picker=pages.picker(period, request.GET),
        tables=views_,
        charts=[v["chart"] for v in views_ if v["chart"]],
    )
    return render(request, "reports/report.html", context)


@require_GET
def district_report_xlsx(request, district: str, report: str):
    found, refusal = _district_report(request, district, report)
    if refusal:
        return refusal
    area, chosen, actor, centers = found
    try:
        period = pages.period_from(request.GET)
    except DomainError as exc:
        return denied(request, exc.message, exc.status)
    content = workbook(
        f"{area.name} {chosen.title}",
        pages.period_text(period),
        pages.build(chosen, actor, centers, period),
    )
    response = HttpResponse(content, content_type=XLSX)
    name = f"{area.code}-{chosen.name}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- the monthly reports --------------------------------------------------------------


def _last_month() -> dt.date:
    return (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


@require_GET
def monthly_list(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "report.read")
    if refusal:
        return refusal
    reports = MonthlyReport.objects.filter(center=found).defer("pdf")
    return render(
        request,
        "reports/monthly.html",
        {
            "center": found,
            "reports": reports,
            "last_month": _last_month(),
            "can_make": actor.can(found, "report.read"),
        },
    )


@require_GET
def monthly_pdf(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "report.read")
    if refusal:
        return refusal
    report = get_object_or_404(MonthlyReport, center=found, pk=pk)
    services.monthly_report_seen(actor=actor, report=report)
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{found.code}-{report.month:%Y-%m}.pdf"'
    return response


@require_POST
def monthly_make(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "report.read")
    if refusal:
        return refusal
    text = request.POST.get("month", "")
    try:
        month = dt.date.fromisoformat(f"{text[:7]}-01") if len(text) == 7 else None
    except ValueError:
        month = None
    if month is None:
        messages.error(request, gettext("月份格式应为 YYYY-MM。"))
        return redirect("reports:monthly", found.code)
    try:
        report = services.monthly_report_make(actor=actor, center=found, month=month)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("reports:monthly", found.code)
    messages.success(request, gettext("已生成 %(m)s 月度报告。") % {"m": f"{report.month:%Y-%m}"})
    return redirect("reports:monthly", found.code)
