"""The special-groups month as a printable page (the report the centre sends
its superiors, 000 第十一条), drawn from the same registered Report as the
generic page and its workbook."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from govhall.core.errors import DomainError
from govhall.core.web import center_or_404, need

from .. import periods, tables


@require_GET
def special_groups(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "report.read")
    if refusal:
        return refusal
    report = tables.get("special_groups")
    error, built, period = None, [], None
    try:
        period = periods.parse(
            request.GET.get("from"),
            request.GET.get("to"),
            kind="month",
            around=(request.GET.get("month") or "")[:7] + "-01"
            if request.GET.get("month")
            else None,
        )
        built = report.build(actor, [found], period)
    except DomainError as exc:
        error = exc
    context = {"center": found, "report": report, "tables": built, "period": period, "error": error}
    return render(
        request,
        "reports/groups/special_groups.html",
        context,
        status=error.status if error else 200,
    )
