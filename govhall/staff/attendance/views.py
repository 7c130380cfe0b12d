"""Attendance pages: one's own 签到/签退 and month, the centre's day, the
monthly ledger and its workbook, the service desk's excuses, and the centre's
fault reports, added punches and force majeure. Thin: services change,
selectors read."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from govhall.core.errors import DomainError, ValidationFailed
from govhall.core.models import User
from govhall.core.months import parse_month
from govhall.core.web import center_or_404, denied, need

from . import selectors, services
from .export import columns, ledger_workbook
from .forms import ExcuseForm, FaultForm, ForceMajeureForm, ManualPunchForm, apply_error
from .labels import STATUS_LABELS, day_rows
from .models import DeviceFault, Punch, PunchKind


def _month(request):
    return parse_month(request.GET.get("month", "")[:7], timezone.localdate())


@require_http_methods(["GET", "POST"])
def clock(request, center: str):
    """签到/签退: the staff member's own punch, at the present moment."""
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.self")
    if refusal:
        return refusal
    if not actor.is_staff_user:
        return denied(request, gettext("请以本人账号登录后打卡"), 403)
    status = 200
    if request.method == "POST":
        try:
            punch, _created = services.punch_record(
                actor=actor,
                staff_number=actor.user.staff_number,
                kind=(request.POST.get("kind") or "")[:3],
                center=found,
            )
            messages.success(
                request,
                gettext("已%(kind)s：%(time)s")
                % {
                    "kind": punch.get_kind_display(),
                    "time": timezone.localtime(punch.at).strftime("%H:%M"),
                },
            )
            if not request.htmx:
                return redirect("staff:attendance_clock", found.code)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            status = exc.status
    today = timezone.localdate()
    context = {
        "center": found,
        "today": today,
        "punches": Punch.objects.filter(center=found, user=actor.user, day=today).order_by("at"),
        "here": actor.user.pk in selectors.present_users(found, [actor.user.pk], timezone.now()),
        "kinds": PunchKind,
    }
    return render(request, "staff/attendance/clock.html", context, status=status)


def mine(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.self")
    if refusal:
        return refusal
    if not actor.is_staff_user:
        return denied(request, gettext("请以本人账号登录"), 403)
    month = _month(request)
    person = selectors.person_month(found, actor.user, month)
    context = {
        "center": found,
        "month": month,
        "person": person,
        "rows": day_rows(person),
        "excuses": selectors.my_excuses(found, actor.user, month),
    }
    return render(request, "staff/attendance/mine.html", context)


def today(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.read")
    if refusal:
        return refusal
    board = selectors.today_board(actor, found)
    for key in ("in", "late", "not_in", "leave", "left"):
        board[key] = [
            {"profile": p, "r": r, "label": STATUS_LABELS.get(r.status, "") if r else ""}
            for p, r in board[key]
        ]
    return render(
        request,
        "staff/attendance/today.html",
        {
            "center": found,
            "board": board,
            "today": timezone.localdate(),
        },
    )


def ledger(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.read")
    if refusal:
        return refusal
    month = _month(request)
    context = {
        "center": found,
        "month": month,
        "ledger": selectors.ledger(actor, found, month),
        "columns": columns(),
    }
    return render(request, "staff/attendance/ledger.html", context)


def ledger_xlsx(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.read")
    if refusal:
        return refusal
    month = _month(request)
    body = ledger_workbook(selectors.ledger(actor, found, month), found.name)
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="attendance-{found.code}-{month}.xlsx"'
    return response


def person(request, center: str, staff_number: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.read")
    if refusal:
        return refusal
    month = _month(request)
    last = month.following_first - dt.timedelta(days=1)
    profile = (
        selectors.visible_profiles(actor, found, month.first, last)
        .filter(user__staff_number=staff_number[:32].replace("\x00", ""))
        .first()
    )
    if profile is None:
        raise Http404
    days = selectors.evaluate_days(found, [profile], month.first, last)
    context = {
        "center": found,
        "month": month,
        "person": days[profile.user_id],
        "rows": day_rows(days[profile.user_id]),
        "excuses": selectors.my_excuses(found, profile.user, month),
    }
    return render(request, "staff/attendance/person.html", context)


def _user_of(center, staff_number: str) -> User | None:
    profile = selectors.profile_by_number(center, staff_number)
    return profile.user if profile else None


@require_http_methods(["GET", "POST"])
def excuses(request, center: str):
    """The service desk's book (总服务台记录册, E.1.4)."""
    found = center_or_404(center)
    actor, refusal = need(request, found, "attendance.excuse")
    if refusal:
        return refusal
    profiles = list(selectors.active_profiles(found).order_by("user__staff_number"))
    form = ExcuseForm(request.POST or None, profiles=profiles)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.excuse_record(
                    actor=actor,
                    center=found,
                    staff_number=data["person"],
                    kind=data["kind"],
                    expected_at=data["expected_at"],
                    reason=data["reason"],
                )
                messages.success(request, gettext("已登记报备。"))
                return redirect("staff:attendance_excuses", found.code)
            except DomainError as exc:
                apply_error(form, exc)
                status = exc.status
        else:
            status = 400
    context = {"center": found, "form": form, "recent": selectors.recent_excuses(found)}
    return render(request, "staff/attendance/excuses.html", context, status=status)


@require_http_methods(["GET", "POST"])
def manage(request, center: str):
    """The clock's faults, the punches added for them, force majeure."""
    found = center_or_404(center)
    actor, refusal = need(request, found, "attendance.manage")
    if refusal:
        return refusal
    profiles = list(selectors.active_profiles(found).order_by("user__staff_number"))
    faults = list(selectors.recent_faults(found))
    action = request.POST.get("action") if request.method == "POST" else None
    fault_form = FaultForm(request.POST if action == "fault" else None)
    punch_form = ManualPunchForm(
        request.POST if action == "punch" else None, profiles=profiles, faults=faults
    )
    fm_form = ForceMajeureForm(
        request.POST if action == "force_majeure" else None, profiles=profiles
    )
    status = 200
    if request.method == "POST":
        form = {"fault": fault_form, "punch": punch_form, "force_majeure": fm_form}.get(action)
        if form is None:
            return denied(request, gettext("请求有误"), 400)
        if form.is_valid():
            try:
                _apply(action, actor, found, form.cleaned_data)
                messages.success(request, gettext("已保存。"))
                return redirect("staff:attendance_manage", found.code)
            except DomainError as exc:
                apply_error(form, exc)
                status = exc.status
        else:
            status = 400
    context = {
        "center": found,
        "fault_form": fault_form,
        "punch_form": punch_form,
        "fm_form": fm_form,
        "faults": faults,
        "added": selectors.recent_manual_punches(found),
        "force_majeure": selectors.recent_force_majeure(found),
    }
    return render(request, "staff/attendance/manage.html", context, status=status)


def _apply(action: str, actor, center, data: dict) -> None:
    if action == "fault":
        services.device_fault_report(
            actor=actor,
            center=center,
            device=data["device"],
            started_at=data["started_at"],
            ended_at=data["ended_at"],
            description=data["description"],
        )
    elif action == "punch":
        fault = None
        if data["fault"]:
            fault = DeviceFault.objects.filter(center=center, pk=data["fault"]).first()
            if fault is None:
                raise ValidationFailed(gettext("设备故障记录不存在"), fields={"fault": "—"})
        services.punch_add(
            actor=actor,
            center=center,
            staff_number=data["person"],
            kind=data["kind"],
            at=data["at"],
            reason=data["reason"],
            fault=fault,
        )
    else:
        users = [u for u in (_user_of(center, n) for n in data["people"]) if u]
        services.force_majeure_record(
            actor=actor,
            center=center,
            day=data["day"],
            reason=data["reason"],
            users=users,
            everyone=data["everyone"],
        )
