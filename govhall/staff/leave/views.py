"""Leave pages: my leave, the department's approvals, the centre's filing with
the cover picker, who is away today. Thin: services change, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from govhall.core.errors import DomainError
from govhall.core.models import User
from govhall.core.web import center_or_404, denied, need
from govhall.core.workplace import back_to_next

from .. import presence
from . import selectors, services
from .days import describe
from .forms import FileForm, LeaveRequestForm, RejectForm
from .models import LIVE, LeaveRequest, LeaveStatus


def centre_staff(center):
    return (
        User.objects.filter(is_active=True, memberships__center=center)
        .distinct()
        .order_by("staff_number", "pk")
    )


def _leave_or_404(center, pk: int) -> LeaveRequest:
    leave = (
        LeaveRequest.objects.filter(center=center, pk=pk).select_related("center", "user").first()
    )
    if leave is None:
        raise Http404
    return leave


def _row(leave: LeaveRequest, now, with_uncovered: bool = False) -> dict:
    state = leave.get_status_display()
    if leave.status == LeaveStatus.FILED:
        if leave.start <= now < leave.end:
            state = gettext("休假中")
        elif leave.end <= now:
            state = gettext("假期已满，待销假")
    row = {
        "leave": leave,
        "span": describe(leave.start, leave.end),
        "state": state,
        "can_cancel": leave.status in LIVE and leave.start > now,
        "can_return": leave.status == LeaveStatus.FILED and leave.start < now,
    }
    if with_uncovered:
        row["uncovered"] = services.uncovered(leave)
    return row


@require_http_methods(["GET", "POST"])
def mine(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.self")
    if refusal:
        return refusal
    form = LeaveRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                leave = services.leave_request(
                    actor=actor,
                    center=found,
                    kind=data["kind"],
                    start=data["start"],
                    end=data["end"],
                    reason=data["reason"],
                )
            except DomainError as exc:
                for field, message in exc.fields.items():
                    form.add_error(field if field in form.fields else None, message)
                if not exc.fields:
                    form.add_error(None, exc.message)
                status = exc.status
            else:
                messages.success(request, gettext("请假申请已提交，等待所属部门审批。"))
                left = services.uncovered(leave)
                if left:
                    names = "、".join(w.name for w in left)
                    messages.warning(
                        request,
                        gettext("请假期间以下窗口将无人在岗，中心备案时须安排顶岗：%(windows)s")
                        % {"windows": names},
                    )
                return HttpResponseRedirect(reverse("staff:leave_mine", args=[found.code]))
        else:
            status = 422
    now = timezone.now()
    leaves = selectors.mine(found, actor.user) if actor.user else LeaveRequest.objects.none()
    rows = [_row(leave, now, leave.status in LIVE) for leave in leaves[:50]]
    context = {"center": found, "form": form, "rows": rows}
    return render(request, "staff/leave/mine.html", context, status=status)


def _step(request, center: str, pk: int, capabilities, step, done: str, fallback: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, *capabilities)
    if refusal:
        return refusal
    leave = _leave_or_404(found, pk)
    try:
        step(actor, leave)
    except DomainError as exc:
        return denied(request, exc.message, exc.status)
    messages.success(request, done)
    return back_to_next(request, reverse(fallback, args=[found.code]))


@require_POST
def cancel(request, center: str, pk: int):
    return _step(
        request,
        center,
        pk,
        ("staff.self", "leave.file"),
        lambda actor, leave: services.leave_cancel(actor=actor, leave=leave),
        gettext("请假已撤销。"),
        "staff:leave_mine",
    )


@require_POST
def return_(request, center: str, pk: int):
    return _step(
        request,
        center,
        pk,
        ("staff.self", "leave.file"),
        lambda actor, leave: services.leave_return(actor=actor, leave=leave),
        gettext("已销假。"),
        "staff:leave_mine",
    )


def approvals(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "leave.approve")
    if refusal:
        return refusal
    now = timezone.now()
    rows = [_row(leave, now, True) for leave in selectors.approvable(actor, found)]
    return render(
        request,
        "staff/leave/approvals.html",
        {"center": found, "rows": rows, "reject_form": RejectForm()},
    )


@require_POST
def decide(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "leave.approve")
    if refusal:
        return refusal
    leave = _leave_or_404(found, pk)
    action = request.POST.get("action", "")
    try:
        if action == "approve":
            services.leave_approve(
                actor=actor, leave=leave, note=request.POST.get("note", "")[:200]
            )
            messages.success(request, gettext("已批准，待中心备案。"))
        elif action == "reject":
            form = RejectForm(request.POST)
            if not form.is_valid():
                return denied(request, gettext("不批准须填写理由（不超过200字）"), 422)
            services.leave_reject(actor=actor, leave=leave, reason=form.cleaned_data["reason"])
            messages.success(request, gettext("已不予批准。"))
        else:
            return denied(request, gettext("无效的操作"), 400)
    except DomainError as exc:
        return denied(request, exc.message, exc.status)
    return HttpResponseRedirect(reverse("staff:leave_approvals", args=[found.code]))


def _filing_rows(found, staff, now, forms_by_pk=None):
    rows = []
    ids = [u.pk for u in staff]
    for leave in selectors.awaiting_filing(found):
        row = _row(leave, now, True)
        away = {a.user_id for a in presence.absences(found, ids, leave.start, leave.end)}
        row["candidates"] = [
            {"user": u, "away": u.pk in away} for u in staff if u.pk != leave.user_id
        ]
        row["form"] = (forms_by_pk or {}).get(leave.pk)
        rows.append(row)
    return rows


def filing(request, center: str, errors=None, status: int = 200):
    found = center_or_404(center)
    _actor, refusal = need(request, found, "leave.file")
    if refusal:
        return refusal
    now = timezone.now()
    staff = list(centre_staff(found))
    today = timezone.localdate()
    current = [
        _row(leave, now)
        for leave in LeaveRequest.objects.filter(
            center=found, status=LeaveStatus.FILED
        ).select_related("user", "cover")
    ]
    context = {
        "center": found,
        "rows": _filing_rows(found, staff, now, errors),
        "current": current,
        "today": today,
    }
    return render(request, "staff/leave/filing.html", context, status=status)


@require_POST
def file(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "leave.file")
    if refusal:
        return refusal
    leave = _leave_or_404(found, pk)
    form = FileForm(request.POST, staff=centre_staff(found).exclude(pk=leave.user_id))
    if not form.is_valid():
        return filing(request, center, {leave.pk: form}, 422)
    try:
        services.leave_file(actor=actor, leave=leave, cover=form.cleaned_data["cover"])
    except DomainError as exc:
        for field, message in exc.fields.items():
            form.add_error(field if field in form.fields else None, message)
        if not exc.fields:
            form.add_error(None, exc.message)
        return filing(request, center, {leave.pk: form}, exc.status)
    messages.success(request, gettext("已备案。"))
    return HttpResponseRedirect(reverse("staff:leave_filing", args=[found.code]))


def away(request, center: str):
    found = center_or_404(center)
    _actor, refusal = need(request, found, "staff.read")
    if refusal:
        return refusal
    today = timezone.localdate()
    now = timezone.now()
    context = {
        "center": found,
        "today": today,
        "rows": [_row(leave, now) for leave in selectors.away_on(found, today)],
        "leads": list(selectors.lead_absences_current_and_coming(found, today)),
    }
    return render(request, "staff/leave/away.html", context)
