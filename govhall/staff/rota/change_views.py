"""Staff changes (人员调整: list, new, decide) and the tenure overview.
staff.read reads; staff.manage records a request and decides it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from govhall.core.center_settings import center_setting
from govhall.core.errors import DomainError
from govhall.core.web import center_or_404, need

from . import forms, selectors, services
from .models import StaffChange, StaffChangeStatus
from .views import person


def _list_context(actor, center, **extra) -> dict:
    changes = list(selectors.changes_of(actor, center))
    for change in changes:
        change.tenure = selectors.tenure_of_change(change)
    return {
        "center": center,
        "changes": changes,
        "can_manage": actor.can(center, "staff.manage"),
        "successors": selectors.successors(center) if actor.can(center, "staff.manage") else [],
        "pending": StaffChangeStatus.PENDING,
        "section": "changes",
        **extra,
    }


@require_GET
def changes(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.read")
    if refusal:
        return refusal
    return render(request, "staff/rota/changes.html", _list_context(actor, found))


def _new_context(center, form, **extra) -> dict:
    return {
        "center": center,
        "form": form,
        "leavers": selectors.change_leavers(center),
        "successors": selectors.successors(center),
        "notice_days": center_setting(center, "staff.change_notice_days"),
        "today": timezone.localdate(),
        "section": "changes",
        **extra,
    }


@require_http_methods(["GET", "POST"])
def change_new(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.manage")
    if refusal:
        return refusal
    if request.method == "GET":
        form = forms.ChangeForm(initial={"requested_on": timezone.localdate()})
        return render(request, "staff/rota/change_new.html", _new_context(found, form))
    form = forms.ChangeForm(request.POST)
    try:
        if not form.is_valid():
            raise forms.form_error(form)
        data = form.cleaned_data
        change = services.staff_change_request(
            actor=actor,
            center=found,
            leaving=person(data["leaving"], "leaving"),
            reason=data["reason"],
            requested_on=data["requested_on"],
            end_on=data["end_on"],
            successor=person(data["successor"], "successor") if data["successor"] else None,
            successor_start_on=data["successor_start_on"],
        )
    except DomainError as exc:
        if not form.errors:
            forms.apply_error(form, exc)
        context = _new_context(found, form, error=exc)
        return render(request, "staff/rota/change_new.html", context, status=exc.status)
    messages.success(
        request,
        gettext("已登记 %(name)s 的调整申请，待中心决定。") % {"name": change.leaving.display_name},
    )
    return redirect("staff:changes", found.code)


@require_POST
def change_decide(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.manage")
    if refusal:
        return refusal
    change = StaffChange.objects.filter(center=found, pk=pk).select_related("center").first()
    if change is None:
        raise Http404
    form = forms.DecideForm(request.POST)
    try:
        if not form.is_valid():
            raise forms.form_error(form)
        data = form.cleaned_data
        change = services.staff_change_decide(
            actor=actor,
            change=change,
            consent=data["decision"] == "consent",
            reason=data["reason"],
            successor=person(data["successor"], "successor") if data["successor"] else None,
        )
    except DomainError as exc:
        context = _list_context(actor, found, error=exc, error_change=change.pk)
        return render(request, "staff/rota/changes.html", context, status=exc.status)
    messages.success(
        request,
        gettext("%(name)s 的调整申请：%(status)s")
        % {"name": change.leaving.display_name, "status": change.get_status_display()},
    )
    return redirect("staff:changes", found.code)


@require_GET
def tenure(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.read")
    if refusal:
        return refusal
    today = timezone.localdate()
    context = {
        "center": found,
        "rows": selectors.tenure_rows(actor, found, today),
        "today": today,
        "section": "tenure",
    }
    return render(request, "staff/rota/tenure.html", context)
