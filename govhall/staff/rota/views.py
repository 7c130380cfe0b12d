"""The duty manager rota page (staff.read reads; staff.manage names the duty
managers, generates a month, swaps or sets a day). Thin: services change,
selectors read; a refusal re-renders the page with the error and its status."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from govhall.core.errors import DomainError, NotFound
from govhall.core.models import Center, User
from govhall.core.months import Month, parse_month
from govhall.core.web import center_or_404, need

from . import forms, selectors, services


def person(pk: int, field: str = "user") -> User:
    """A user by id (the services then check they belong to the centre)."""
    found = User.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound(gettext("没有该人员"), fields={field: gettext("没有该人员")})
    return found


def _context(request, center: Center, actor, month: Month, **extra) -> dict:
    today = timezone.localdate()
    days = selectors.month_days(center, month)
    weeks = selectors.month_grid(center, month)
    return {
        "center": center,
        "month": month,
        "today": today,
        "weeks": weeks,
        "provisional": any(c and c["provisional"] for week in weeks for c in week),
        "managers": selectors.duty_managers_of(center),
        "on_duty": selectors.on_duty(center, today),
        "can_manage": actor.can(center, "staff.manage"),
        "nameable": selectors.nameable(center) if actor.can(center, "staff.manage") else [],
        "open_days": [d for d in days if d.date >= today],
        "section": "rota",
        **extra,
    }


@require_GET
def rota(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.read")
    if refusal:
        return refusal
    month = parse_month(request.GET.get("month"), timezone.localdate())
    return render(request, "staff/rota/rota.html", _context(request, found, actor, month))


def _month_of_post(request) -> Month:
    return parse_month((request.POST.get("month") or "")[:7], timezone.localdate())


def _back(center: Center, month: Month):
    return redirect(f"{reverse('staff:rota', args=[center.code])}?month={month}")


def _refused(request, center, actor, month, exc: DomainError, form=None, target=""):
    if form is not None and not form.errors:
        forms.apply_error(form, exc)
    context = _context(request, center, actor, month, error=exc, form=form, error_target=target)
    return render(request, "staff/rota/rota.html", context, status=exc.status)


@require_POST
def rota_generate(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.manage")
    if refusal:
        return refusal
    form = forms.MonthForm(request.POST)
    month = _month_of_post(request)
    try:
        if not form.is_valid():
            raise forms.form_error(form)
        month = parse_month(form.cleaned_data["month"], timezone.localdate())
        result = services.rota_generate(actor=actor, center=found, month=month)
    except DomainError as exc:
        return _refused(request, found, actor, month, exc, form, "generate")
    text = gettext("已排 %(n)s 天。") % {"n": len(result.created)}
    if result.unfilled:
        days = "、".join(d.strftime("%m-%d") for d in result.unfilled)
        text += gettext("以下日期值班长均请假，请手工安排：%(days)s") % {"days": days}
    messages.success(request, text)
    return _back(found, month)


@require_POST
def rota_swap(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.manage")
    if refusal:
        return refusal
    form = forms.SwapForm(request.POST)
    month = _month_of_post(request)
    try:
        if not form.is_valid():
            raise forms.form_error(form)
        a, b = services.rota_swap(
            actor=actor,
            center=found,
            first=form.cleaned_data["first"],
            second=form.cleaned_data["second"],
        )
    except DomainError as exc:
        return _refused(request, found, actor, month, exc, form, "swap")
    messages.success(
        request,
        gettext("已调换：%(a)s %(an)s，%(b)s %(bn)s")
        % {
            "a": a.date.strftime("%m-%d"),
            "an": a.user.display_name,
            "b": b.date.strftime("%m-%d"),
            "bn": b.user.display_name,
        },
    )
    return _back(found, month)


@require_POST
def rota_set(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.manage")
    if refusal:
        return refusal
    form = forms.SetDayForm(request.POST)
    month = _month_of_post(request)
    try:
        if not form.is_valid():
            raise forms.form_error(form)
        row = services.rota_set_day(
            actor=actor,
            center=found,
            day=form.cleaned_data["date"],
            user=person(form.cleaned_data["user"]),
        )
    except DomainError as exc:
        return _refused(request, found, actor, month, exc, form, "set")
    messages.success(
        request,
        gettext("%(day)s 值班长：%(name)s")
        % {"day": row.date.strftime("%m-%d"), "name": row.user.display_name},
    )
    return _back(found, month)


@require_POST
def manager_name(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.manage")
    if refusal:
        return refusal
    form = forms.NameForm(request.POST)
    month = _month_of_post(request)
    try:
        if not form.is_valid():
            raise forms.form_error(form)
        manager = services.duty_manager_name(
            actor=actor, center=found, user=person(form.cleaned_data["user"])
        )
    except DomainError as exc:
        return _refused(request, found, actor, month, exc, form, "name")
    messages.success(
        request, gettext("已指派值班长：%(name)s") % {"name": manager.user.display_name}
    )
    return _back(found, month)


@require_POST
def manager_remove(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.manage")
    if refusal:
        return refusal
    form = forms.NameForm(request.POST)
    month = _month_of_post(request)
    try:
        if not form.is_valid():
            raise forms.form_error(form)
        user = person(form.cleaned_data["user"])
        cleared = services.duty_manager_remove(actor=actor, center=found, user=user)
    except DomainError as exc:
        return _refused(request, found, actor, month, exc, None, "managers")
    messages.success(
        request,
        gettext("已取消 %(name)s 的值班长指派，清除了其今后的 %(n)s 天排班。")
        % {"name": user.display_name, "n": cleared},
    )
    return _back(found, month)
