"""upkeep: the pages (thin). The ledger of installations with what is due, one
installation's log with the form to record a maintenance, the day's cleaning."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from govhall.core.center_settings import center_setting
from govhall.core.errors import DomainError
from govhall.core.models import User
from govhall.core.web import center_or_404, denied, need

from . import cleaning, selectors, services
from .forms import InstallationForm, MaintenanceForm
from .models import MaintenanceLog
from .web import put_errors, stored_file

READ = ("standards.read", "standards.manage", "inspection.do")


def centre_staff(center):
    return (
        User.objects.filter(is_active=True, memberships__center=center)
        .distinct()
        .order_by("staff_number", "pk")
    )


def _pick(model_qs, pk):
    return model_qs.filter(pk=pk).first() if pk else None


def _ledger(request, found, actor, form=None, status=200):
    context = {
        "center": found,
        "section": "upkeep",
        "rows": selectors.rows(found),
        "form": form or InstallationForm(initial={"since": timezone.localdate()}),
        "can_manage": actor.can(found, "standards.manage"),
        "zones": selectors.zones(found),
        "staff": centre_staff(found),
        "remind_days": center_setting(found, "standards.upkeep_remind_days"),
    }
    return render(request, "standards/upkeep/list.html", context, status=status)


def ledger(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, *READ)
    if refusal:
        return refusal
    return _ledger(request, found, actor)


@require_POST
def add(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "standards.manage")
    if refusal:
        return refusal
    form = InstallationForm(request.POST)
    if not form.is_valid():
        return _ledger(request, found, actor, form, 422)
    data = form.cleaned_data
    try:
        inst = services.installation_add(
            actor=actor,
            center=found,
            name=data["name"],
            kind=data["kind"],
            cycle=data["cycle"],
            every_days=data["every_days"],
            since=data["since"],
            zone=_pick(selectors.zones(found), data["zone"]),
            location=data["location"],
            keeper=_pick(centre_staff(found), data["keeper"]),
        )
    except DomainError as exc:
        put_errors(form, exc)
        return _ledger(request, found, actor, form, exc.status)
    messages.success(request, gettext("已登记：%(name)s") % {"name": inst.name})
    return HttpResponseRedirect(reverse("standards:upkeep", args=[found.code]))


def _installation_or_404(found, pk):
    inst = selectors.installation(found, pk)
    if inst is None:
        raise Http404
    return inst


def _detail(request, found, actor, inst, form=None, status=200):
    context = {
        "center": found,
        "section": "upkeep",
        "inst": inst,
        "logs": selectors.logs(inst),
        "form": form or MaintenanceForm(initial={"done_on": timezone.localdate()}),
        "can_manage": actor.can(found, "standards.manage"),
        "state": next(
            (r for r in selectors.rows(found) if r["inst"].pk == inst.pk), {"state": "retired"}
        )["state"],
    }
    return render(request, "standards/upkeep/detail.html", context, status=status)


def detail(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, *READ)
    if refusal:
        return refusal
    return _detail(request, found, actor, _installation_or_404(found, pk))


@require_POST
def record(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "standards.manage")
    if refusal:
        return refusal
    inst = _installation_or_404(found, pk)
    form = MaintenanceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, found, actor, inst, form, 422)
    data = form.cleaned_data
    try:
        log = services.maintenance_record(
            actor=actor,
            installation=inst,
            done_on=data["done_on"],
            result=data["result"],
            note=data["note"],
            worker=data["worker"],
            attachment=data["attachment"],
        )
    except DomainError as exc:
        put_errors(form, exc)
        return _detail(request, found, actor, inst, form, exc.status)
    if log.task_id:
        messages.warning(request, gettext("已记录故障，并生成整改任务。"))
    else:
        messages.success(request, gettext("维保记录已保存，下次维保日期已更新。"))
    return HttpResponseRedirect(reverse("standards:upkeep_detail", args=[found.code, inst.pk]))


@require_POST
def retire(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "standards.manage")
    if refusal:
        return refusal
    inst = _installation_or_404(found, pk)
    try:
        services.installation_retire(actor=actor, installation=inst)
    except DomainError as exc:
        return denied(request, exc.message, exc.status)
    messages.success(request, gettext("已停用。"))
    return HttpResponseRedirect(reverse("standards:upkeep", args=[found.code]))


def log_file(request, center: str, pk: int):
    found = center_or_404(center)
    _actor, refusal = need(request, found, *READ)
    if refusal:
        return refusal
    log = MaintenanceLog.objects.filter(center=found, pk=pk).first()
    if log is None:
        raise Http404
    return stored_file(log.attachment, log.attachment_type)


def _day(value: str | None, today: dt.date) -> dt.date:
    try:
        day = dt.date.fromisoformat(value) if value else today
    except ValueError:
        return today
    return min(day, today)


@require_http_methods(["GET", "POST"])
def cleaning_page(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, *READ)
    if refusal:
        return refusal
    today = timezone.localdate()
    status = 200
    error = None
    if request.method == "POST":
        if not any(actor.can(found, c) for c in services.TICKERS):
            return denied(request, gettext("当前角色无权执行此操作"), 403)
        raw = request.POST.get("zone", "")
        zone = _pick(selectors.zones(found), int(raw)) if raw.isdigit() else None
        if zone is None:
            error, status = gettext("请选择区域"), 422
        else:
            try:
                services.cleaning_tick(
                    actor=actor, center=found, zone=zone, items=request.POST.getlist("item")
                )
            except DomainError as exc:
                error, status = str(exc.message), exc.status
            else:
                messages.success(
                    request, gettext("%(zone)s 保洁检查已登记。") % {"zone": zone.name}
                )
                return HttpResponseRedirect(reverse("standards:cleaning", args=[found.code]))
    day = _day(request.GET.get("day"), today)
    context = {
        "center": found,
        "section": "cleaning",
        "day": day,
        "today": today,
        "editable": day == today and any(actor.can(found, c) for c in services.TICKERS),
        "zones": selectors.cleaning_day(found, day),
        "week": selectors.cleaning_days(found, today),
        "ref": cleaning.REF,
        "error": error,
    }
    return render(request, "standards/upkeep/cleaning.html", context, status=status)
