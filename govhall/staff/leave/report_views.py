"""The monthly leave report to the departments (E.2.4), page and workbook from the
same rows, and the department leads' absence reports (C.2.7)."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from govhall.core.errors import DomainError
from govhall.core.models import Membership, Role, User
from govhall.core.web import center_or_404, denied, need

from . import selectors, services
from .forms import LeadAbsenceForm
from .models import LeadAbsence
from .views import centre_staff


def _month(request) -> dt.date | None:
    raw = (request.GET.get("month") or "")[:7]
    if not raw:
        return timezone.localdate().replace(day=1)
    try:
        month = dt.datetime.strptime(raw, "%Y-%m").date()
    except ValueError:
        return None
    return month if 2000 <= month.year <= 2100 else None


def report(request, center: str):
    found = center_or_404(center)
    _actor, refusal = need(request, found, "staff.read")
    if refusal:
        return refusal
    month = _month(request)
    if month is None:
        return denied(request, gettext("月份格式应为 YYYY-MM"), 400)
    context = {
        "center": found,
        "month": month,
        "groups": selectors.monthly_report(found, month),
    }
    return render(request, "staff/leave/report.html", context)


def report_xlsx(request, center: str):
    from openpyxl import Workbook

    found = center_or_404(center)
    _actor, refusal = need(request, found, "staff.read")
    if refusal:
        return refusal
    month = _month(request)
    if month is None:
        return denied(request, gettext("月份格式应为 YYYY-MM"), 400)
    book = Workbook()
    sheet = book.active
    sheet.title = f"{month:%Y-%m}"
    sheet.append(
        [
            gettext("%(center)s 请（销）假情况通报 %(month)s")
            % {"center": found.name, "month": f"{month:%Y-%m}"}
        ]
    )
    sheet.append(
        [
            gettext("所属部门"),
            gettext("工号"),
            gettext("姓名"),
            gettext("请假类别"),
            gettext("天数"),
        ]
    )
    for group in selectors.monthly_report(found, month):
        department = group["department"] or gettext("中心自有人员")
        for row in group["rows"]:
            sheet.append(
                [
                    department,
                    row["user"].staff_number,
                    row["user"].display_name,
                    row["kind"],
                    float(row["days"]),
                ]
            )
        sheet.append([department, "", "", gettext("合计"), float(group["total"])])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="leave-{found.code}-{month:%Y-%m}.xlsx"'
    )
    return response


def _leads_for(actor, center):
    leads = User.objects.filter(
        is_active=True, memberships__center=center, memberships__role=Role.DEPT_LEAD
    ).distinct()
    if actor.can(center, "staff.manage"):
        return leads
    return leads.filter(pk=actor.user.pk) if actor.user else leads.none()


@require_http_methods(["GET", "POST"])
def lead_absence(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "leave.approve")
    if refusal:
        return refusal
    leads = _leads_for(actor, found)
    form = LeadAbsenceForm(
        request.POST or None,
        leads=leads,
        staff=centre_staff(found),
        initial={"lead": leads.first()} if leads.count() == 1 else None,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.lead_absence_report(
                    actor=actor,
                    center=found,
                    lead=data["lead"],
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    reason=data["reason"],
                    deputy=data["deputy"],
                )
            except DomainError as exc:
                for field, message in exc.fields.items():
                    form.add_error(field if field in form.fields else None, message)
                if not exc.fields:
                    form.add_error(None, exc.message)
                status = exc.status
            else:
                messages.success(request, gettext("离岗已向中心报备。"))
                return HttpResponseRedirect(reverse("staff:lead_absence", args=[found.code]))
        else:
            status = 422
    today = timezone.localdate()
    shown = selectors.lead_absences_current_and_coming(found, today).filter(lead__in=leads)
    context = {
        "center": found,
        "form": form,
        "absences": list(shown),
        "is_lead": Membership.objects.filter(
            center=found, user=actor.user, role=Role.DEPT_LEAD
        ).exists()
        if actor.user
        else False,
        "leads": leads.exists(),
    }
    return render(request, "staff/leave/lead_absence.html", context, status=status)


@require_POST
def lead_absence_cancel(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "leave.approve")
    if refusal:
        return refusal
    absence = LeadAbsence.objects.filter(center=found, pk=pk).first()
    if absence is None:
        raise Http404
    try:
        services.lead_absence_cancel(actor=actor, absence=absence)
    except DomainError as exc:
        return denied(request, exc.message, exc.status)
    messages.success(request, gettext("离岗报备已撤销。"))
    return HttpResponseRedirect(reverse("staff:lead_absence", args=[found.code]))
