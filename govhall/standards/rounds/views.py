"""rounds: the pages (thin). The week's schedule; the round walked on a tablet
(one form per item: big ok / not-ok toggles, a note, a photo from the camera,
who fixes it by when); the round's record; the history."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from govhall.core.center_settings import center_setting
from govhall.core.errors import DomainError
from govhall.core.web import center_or_404, denied, need

from ..upkeep.views import centre_staff
from ..upkeep.web import stored_file
from . import checklist, selectors, services
from .models import RoundCheck, RoundStatus, Slot

READ = ("inspection.do", "standards.read")


def _monday(value: str | None) -> dt.date:
    today = timezone.localdate()
    try:
        day = dt.date.fromisoformat(value) if value else today
    except ValueError:
        day = today
    return selectors.monday_of(day)


def _schedule(request, found, actor, error=None, status=200):
    monday = _monday(request.GET.get("week"))
    context = {
        "center": found,
        "section": "rounds",
        "monday": monday,
        "previous": monday - dt.timedelta(days=7),
        "next": monday + dt.timedelta(days=7),
        "days": selectors.week(found, monday),
        "history": selectors.history(found),
        "can_manage": actor.can(found, "standards.manage"),
        "walkers": [
            u for u in centre_staff(found) if services.actor_for_user(u).can(found, "inspection.do")
        ],
        "slots": Slot.choices,
        "per_week": center_setting(found, "standards.rounds_per_week"),
        "error": error,
        "today": timezone.localdate(),
    }
    planned = sum(
        1
        for d in context["days"]
        for r in d["rounds"]
        if r["round"].status != RoundStatus.CANCELLED
    )
    context["short"] = planned < context["per_week"]
    return render(request, "standards/rounds/schedule.html", context, status=status)


def schedule(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, *READ)
    if refusal:
        return refusal
    return _schedule(request, found, actor)


@require_POST
def plan(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "standards.manage")
    if refusal:
        return refusal
    raw_walker = request.POST.get("walker", "")
    walker = (
        centre_staff(found).filter(pk=int(raw_walker)).first() if raw_walker.isdigit() else None
    )
    try:
        day = dt.date.fromisoformat(request.POST.get("planned_on", ""))
    except ValueError:
        return _schedule(request, found, actor, gettext("请填写有效的日期"), 422)
    try:
        r = services.round_plan(
            actor=actor,
            center=found,
            planned_on=day,
            slot=request.POST.get("slot", ""),
            walker=walker,
            area=request.POST.get("area", ""),
        )
    except DomainError as exc:
        return _schedule(request, found, actor, str(exc.message), exc.status)
    messages.success(request, gettext("已安排巡查：%(day)s") % {"day": r.planned_on.isoformat()})
    url = reverse("standards:rounds", args=[found.code])
    return HttpResponseRedirect(f"{url}?week={selectors.monday_of(r.planned_on).isoformat()}")


def _round_or_404(found, pk) -> object:
    r = selectors.round_of(found, pk)
    if r is None:
        raise Http404
    return r


@require_POST
def cancel(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "standards.manage")
    if refusal:
        return refusal
    r = _round_or_404(found, pk)
    try:
        services.round_cancel(actor=actor, round=r)
    except DomainError as exc:
        return denied(request, exc.message, exc.status)
    messages.success(request, gettext("巡查已取消。"))
    return HttpResponseRedirect(reverse("standards:rounds", args=[found.code]))


def _walk(request, found, actor, r, errors=None, status=200):
    """`errors`: item code -> message; "" -> the message of the whole round."""
    errors = errors or {}
    done, total, bad = selectors.progress(r)
    sheet = selectors.sheet(r)
    for section in sheet:
        for i in section["items"]:
            i["error"] = errors.get(i["code"], "")
    context = {
        "center": found,
        "round": r,
        "sheet": sheet,
        "general_error": errors.get("", ""),
        "done": done,
        "total": total,
        "bad": bad,
        "staff": centre_staff(found),
        "default_due": timezone.localdate()
        + dt.timedelta(days=center_setting(found, "standards.finding_fix_days")),
        "open": r.status in services.OPEN,
    }
    return render(request, "standards/rounds/walk.html", context, status=status)


def walk(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "inspection.do")
    if refusal:
        return refusal
    r = _round_or_404(found, pk)
    if r.status not in services.OPEN:
        return HttpResponseRedirect(reverse("standards:round", args=[found.code, r.pk]))
    return _walk(request, found, actor, r)


@require_POST
def check(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "inspection.do")
    if refusal:
        return refusal
    r = _round_or_404(found, pk)
    item = request.POST.get("item", "")
    verdict = request.POST.get("ok", "")
    ok = {"1": True, "0": False}.get(verdict)
    raw_owner = request.POST.get("owner", "")
    owner = centre_staff(found).filter(pk=int(raw_owner)).first() if raw_owner.isdigit() else None
    due = None
    try:
        if request.POST.get("due"):
            due = dt.date.fromisoformat(request.POST["due"])
        services.round_check(
            actor=actor,
            round=r,
            item=item,
            ok=ok,
            note=request.POST.get("note", ""),
            photo=request.FILES.get("photo"),
            owner=owner,
            due=due,
        )
    except ValueError:
        return _walk(request, found, actor, r, {item: gettext("整改期限无效")}, 422)
    except DomainError as exc:
        detail = "；".join(str(v) for v in exc.fields.values())
        message = f"{exc.message}{'：' + detail if detail else ''}"
        key = item if item in checklist.codes() else ""
        return _walk(request, found, actor, r, {key: message}, exc.status)
    url = reverse("standards:round_walk", args=[found.code, r.pk])
    return HttpResponseRedirect(f"{url}#item-{item}")


@require_POST
def close(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "inspection.do")
    if refusal:
        return refusal
    r = _round_or_404(found, pk)
    try:
        services.round_close(actor=actor, round=r, summary=request.POST.get("summary", ""))
    except DomainError as exc:
        detail = "；".join(str(v) for v in exc.fields.values())
        message = f"{exc.message}{'：' + detail if detail else ''}"
        return _walk(request, found, actor, r, {"": message}, exc.status)
    messages.success(request, gettext("巡查已完成，不符合项已生成整改任务。"))
    return HttpResponseRedirect(reverse("standards:round", args=[found.code, r.pk]))


def report(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, *READ)
    if refusal:
        return refusal
    r = _round_or_404(found, pk)
    done, total, bad = selectors.progress(r)
    context = {
        "center": found,
        "section": "rounds",
        "round": r,
        "sheet": selectors.sheet(r),
        "done": done,
        "total": total,
        "bad": bad,
        "can_walk": actor.can(found, "inspection.do") and r.status in services.OPEN,
    }
    return render(request, "standards/rounds/report.html", context)


def photo(request, center: str, pk: int):
    found = center_or_404(center)
    _actor, refusal = need(request, found, *READ)
    if refusal:
        return refusal
    c = RoundCheck.objects.filter(round__center=found, pk=pk).first()
    if c is None:
        raise Http404
    return stored_file(c.photo, "image/jpeg")
