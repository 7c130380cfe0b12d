"""supervision pages: the centre's findings (report.read reads, supervision.handle
acts), one finding with its close-out, one's own findings (staff.self), the
district's counts per centre and kind (report.district)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from govhall.core.errors import DomainError, ValidationFailed
from govhall.core.models import District, Event, Membership, User
from govhall.core.web import center_or_404, denied, need, request_actor

from . import selectors, services
from .models import FindingKind, FindingState

HANDLE = "supervision.handle"


def _filters(request) -> dict:
    state = request.GET.get("state", "open")
    kind = request.GET.get("kind", "")
    return {
        "state": state if state in selectors.STATES else "open",
        "kind": kind if kind in FindingKind.values else "",
        "overdue": request.GET.get("overdue") == "1",
    }


def _list(request, center: str, *capabilities: str, mine: bool):
    found = center_or_404(center)
    actor, refusal = need(request, found, *capabilities)
    if refusal:
        return refusal
    filters = _filters(request)
    owner = actor.user if mine else None
    if mine and owner is None:
        raise Http404
    findings = selectors.findings_of(found, owner=owner, **filters)
    return render(
        request,
        "reports/supervision/list.html",
        {
            "center": found,
            "mine": mine,
            "filters": filters,
            "findings": list(findings[:300]),
            "counts": selectors.counts_by_kind(found) if not mine else None,
            "kinds": FindingKind.choices,
            "states": selectors.STATES,
            "can_handle": actor.can(found, HANDLE),
            "me": actor.user,
        },
    )


@require_GET
def finding_list(request, center: str):
    return _list(request, center, "report.read", mine=False)


@require_GET
def finding_list_mine(request, center: str):
    return _list(request, center, "staff.self", mine=True)


def _finding(found, pk: int):
    finding = selectors.finding_for(found, pk)
    if finding is None:
        raise Http404
    return finding


def _may_read(actor, found, finding) -> bool:
    mine = actor.user is not None and finding.owner_id == actor.user.pk
    return mine or actor.can(found, "report.read")


def _detail_context(actor, found, finding, error=None) -> dict:
    staff = []
    if actor.can(found, HANDLE):
        ids = Membership.objects.filter(center=found).values_list("user", flat=True)
        staff = list(User.objects.filter(pk__in=ids, is_active=True).order_by("username"))
    events = Event.objects.filter(
        aggregate_type="reports.finding", aggregate_id=str(finding.pk)
    ).order_by("id")
    return {
        "center": found,
        "f": finding,
        "can_handle": actor.can(found, HANDLE),
        "is_owner": actor.user is not None and finding.owner_id == actor.user.pk,
        "me": actor.user,
        "staff": staff,
        "events": list(events),
        "error": error,
    }


@require_GET
def finding_detail(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "report.read", "staff.self")
    if refusal:
        return refusal
    finding = _finding(found, pk)
    if not _may_read(actor, found, finding):
        raise Http404
    return render(
        request, "reports/supervision/detail.html", _detail_context(actor, found, finding)
    )


def _refused(request, actor, found, finding, exc):
    finding.refresh_from_db()
    context = _detail_context(actor, found, finding, exc)
    return render(request, "reports/supervision/detail.html", context, status=exc.status)


def _back(found, finding):
    return redirect(reverse("reports:supervision_finding", args=[found.code, finding.pk]))


@require_POST
def finding_close(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, HANDLE, "staff.self")
    if refusal:
        return refusal
    finding = _finding(found, pk)
    if not _may_read(actor, found, finding) and not actor.can(found, HANDLE):
        raise Http404
    try:
        services.finding_close(actor=actor, finding=finding, note=request.POST.get("note", ""))
    except DomainError as exc:
        return _refused(request, actor, found, finding, exc)
    messages.success(request, gettext("已提交整改情况。"))
    return _back(found, finding)


@require_POST
def finding_verify(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, HANDLE)
    if refusal:
        return refusal
    finding = _finding(found, pk)
    try:
        services.finding_verify(actor=actor, finding=finding)
    except DomainError as exc:
        return _refused(request, actor, found, finding, exc)
    messages.success(request, gettext("已核实。"))
    return _back(found, finding)


@require_POST
def finding_reassign(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, HANDLE)
    if refusal:
        return refusal
    finding = _finding(found, pk)
    owner_text, deadline_text = request.POST.get("owner", ""), request.POST.get("deadline", "")
    try:
        owner = User.objects.filter(pk=int(owner_text)).first() if owner_text.isdigit() else None
        deadline = None
        if deadline_text:
            try:
                deadline = dt.date.fromisoformat(deadline_text[:10])
            except ValueError:
                raise ValidationFailed(
                    gettext("整改期限无效"), fields={"deadline": gettext("无效的日期")}
                ) from None
        services.finding_reassign(actor=actor, finding=finding, owner=owner, deadline=deadline)
    except DomainError as exc:
        return _refused(request, actor, found, finding, exc)
    messages.success(request, gettext("已改派。"))
    return _back(found, finding)


@require_POST
def run_now(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, HANDLE)
    if refusal:
        return refusal
    result = services.supervision_run(center=found, actor=actor)
    messages.success(
        request,
        gettext("检查完成：新发现 %(opened)d 项，问题已消除 %(gone)d 项。")
        % {"opened": len(result.opened), "gone": len(result.cause_gone)},
    )
    return redirect(reverse("reports:supervision", args=[found.code]))


@require_GET
def district_view(request, district: str):
    actor = request_actor(request)
    found = District.objects.filter(code=district[:32]).first()
    if found is None:
        raise Http404
    if not actor.is_authenticated:
        return denied(request, gettext("请先登录，或用设备令牌绑定本设备"), 401)
    centers = selectors.district_centers(actor, found)
    if not centers:
        return denied(request, gettext("只有区主管部门可以查看各中心的监督发现"), 403)
    return render(
        request,
        "reports/supervision/district.html",
        {
            "district": found,
            "rows": selectors.district_matrix(centers),
            "kinds": FindingKind.choices,
            "open_state": FindingState.OPEN,
        },
    )
