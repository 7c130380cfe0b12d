"""emergency: the pages (thin). The seven plans of 6.4.4.4 at a glance; one plan
with its steps, contacts (masked; shown in full on request, audited), drills."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from govhall.core.errors import DomainError
from govhall.core.web import center_or_404, denied, need

from ..upkeep.views import READ, centre_staff
from ..upkeep.web import put_errors
from . import selectors, services
from .forms import CONTACT_ROWS, DrillForm, PlanForm
from .models import PlanKind


def overview(request, center: str):
    found = center_or_404(center)
    _actor, refusal = need(request, found, *READ)
    if refusal:
        return refusal
    context = {"center": found, "section": "emergency", "rows": selectors.plans(found)}
    return render(request, "standards/emergency/overview.html", context)


def _kind_or_404(kind: str) -> str:
    if kind not in PlanKind.values:
        raise Http404
    return kind


def _initial(plan) -> dict:
    if plan is None:
        return {"reviewed_on": timezone.localdate(), "version": "V1.0"}
    initial = {"title": plan.title, "steps": plan.steps, "reviewed_on": timezone.localdate()}
    for n, c in enumerate(list(plan.contacts.all())[:CONTACT_ROWS]):
        initial.update({f"duty_{n}": c.duty, f"name_{n}": c.name})
    return initial


def _page(request, found, actor, kind, *, form=None, drill_form=None, revealed=None, status=200):
    plan = selectors.plan(found, kind)
    context = {
        "center": found,
        "section": "emergency",
        "kind": kind,
        "label": PlanKind(kind).label,
        "plan": plan,
        "contacts": revealed
        if revealed is not None
        else (selectors.masked_contacts(plan) if plan else []),
        "revealed": revealed is not None,
        "can_manage": actor.can(found, "standards.manage"),
        "can_reveal": any(actor.can(found, c) for c in services.REVEALERS),
        "drills": selectors.drills(plan) if plan else [],
        "form": form or PlanForm(initial=_initial(plan)),
        "drill_form": drill_form or DrillForm(initial={"held_on": timezone.localdate()}),
        "staff": centre_staff(found),
    }
    return render(request, "standards/emergency/plan.html", context, status=status)


@require_http_methods(["GET", "POST"])
def plan_page(request, center: str, kind: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, *READ)
    if refusal:
        return refusal
    kind = _kind_or_404(kind)
    if request.method == "GET":
        return _page(request, found, actor, kind)
    if not actor.can(found, "standards.manage"):
        return denied(request, gettext("当前角色无权执行此操作"), 403)
    form = PlanForm(request.POST)
    if not form.is_valid():
        return _page(request, found, actor, kind, form=form, status=422)
    data = form.cleaned_data
    try:
        plan = services.plan_save(
            actor=actor,
            center=found,
            kind=kind,
            title=data["title"],
            steps=data["steps"],
            version=data["version"],
            reviewed_on=data["reviewed_on"],
            contacts=form.contacts(),
        )
    except DomainError as exc:
        put_errors(form, exc)
        return _page(request, found, actor, kind, form=form, status=exc.status)
    messages.success(request, gettext("预案已保存（%(v)s）。") % {"v": plan.version})
    return HttpResponseRedirect(reverse("standards:emergency_plan", args=[found.code, kind]))


@require_POST
def reveal(request, center: str, kind: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, *services.REVEALERS)
    if refusal:
        return refusal
    plan = selectors.plan(found, _kind_or_404(kind))
    if plan is None:
        raise Http404
    contacts = services.plan_contacts_reveal(actor=actor, plan=plan)
    rows = [{"duty": c.duty, "name": c.name, "phone": c.phone} for c in contacts]
    return _page(request, found, actor, kind, revealed=rows)


@require_POST
def drill(request, center: str, kind: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "standards.manage")
    if refusal:
        return refusal
    plan = selectors.plan(found, _kind_or_404(kind))
    if plan is None:
        raise Http404
    form = DrillForm(request.POST)
    if not form.is_valid():
        return _page(request, found, actor, kind, drill_form=form, status=422)
    data = form.cleaned_data
    owner = centre_staff(found).filter(pk=data["owner"]).first() if data["owner"] else None
    try:
        record = services.drill_record(
            actor=actor,
            plan=plan,
            held_on=data["held_on"],
            participants=data["participants"],
            duration_minutes=data["duration_minutes"],
            scenario=data["scenario"],
            findings=data["findings"].splitlines(),
            owner=owner,
            due=data["due"],
        )
    except DomainError as exc:
        put_errors(form, exc)
        return _page(request, found, actor, kind, drill_form=form, status=exc.status)
    found_n = record.findings.count()
    messages.success(request, gettext("演练已记录，生成整改任务 %(n)d 项。") % {"n": found_n})
    return HttpResponseRedirect(reverse("standards:emergency_plan", args=[found.code, kind]))
