"""printing: the print room's page (thin): the job form and the day's log, the
public computer with its countdown, documents left behind."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from govhall.core.errors import DomainError, ValidationFailed
from govhall.core.web import center_or_404, need
from govhall.core.workdays import WorkingCalendar

from ..web import int_or_none, refused
from . import rules, selectors, services
from .models import ComputerSession, JobKind

TEMPLATE = "convenience/print_room.html"


def _context(center, actor, form=None, day: dt.date | None = None) -> dict:
    now = timezone.now()
    today = timezone.localdate(now)
    day = day or today
    previous = day - dt.timedelta(days=1)
    calendar = WorkingCalendar()
    while not calendar.is_working_day(previous):
        previous -= dt.timedelta(days=1)
    running = list(selectors.running_sessions(center))
    for session in running:
        session.ends_at = session.started_at + dt.timedelta(minutes=session.limit_minutes)
        session.overrun = now > session.ends_at
    return {
        "center": center,
        "today": today,
        "day": day,
        "previous_day": previous,
        "open": rules.is_open(center, now),
        "hours": rules.hours_text(center),
        "quota": rules.daily_sheets(center),
        "computer_minutes": rules.computer_minutes(center),
        "log": selectors.day_log(center, day)[:200],
        "summary": selectors.day_summary(center, day),
        "running": running,
        "sessions": selectors.sessions_of_day(center, day)[:30],
        "items": selectors.item_choices(center),
        "kinds": JobKind.choices,
        "form": form or {},
    }


def _back(center):
    return HttpResponseRedirect(reverse("convenience:print_room", args=[center.code]))


@require_GET
def print_room(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "print.log")
    if refusal:
        return refusal
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = None
    return render(request, TEMPLATE, _context(found, actor, day=day))


@require_POST
def print_job(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "print.log")
    if refusal:
        return refusal
    post = request.POST
    try:
        sheets = int_or_none(post.get("sheets"))
        if sheets is None:
            raise ValidationFailed(_("张数应为整数"), fields={"sheets": _("应为整数")})
        job = services.print_job_record(
            actor=actor,
            center=found,
            sheets=sheets,
            purpose=post.get("purpose", ""),
            kind=post.get("kind", "print"),
            id_number=post.get("id_number") or None,
            ticket=post.get("ticket") or None,
            item=post.get("item") or None,
        )
    except DomainError as exc:
        return refused(request, TEMPLATE, _context(found, actor, post), exc)
    used = services.used_today(found, job.person_key, job.day)
    messages.success(
        request,
        _("已登记：%(kind)s %(sheets)s 张（%(who)s 今日已用 %(used)s / %(quota)s 张）")
        % {
            "kind": job.get_kind_display(),
            "sheets": job.sheets,
            "who": job.person_label,
            "used": used,
            "quota": rules.daily_sheets(found),
        },
    )
    return _back(found)


@require_POST
def computer_start(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "print.log")
    if refusal:
        return refusal
    try:
        services.computer_start(
            actor=actor,
            center=found,
            purpose=request.POST.get("computer_purpose", ""),
            ticket=request.POST.get("computer_ticket") or None,
        )
    except DomainError as exc:
        return refused(request, TEMPLATE, _context(found, actor, request.POST), exc)
    messages.success(request, _("公用电脑已开始计时"))
    return _back(found)


@require_POST
def computer_end(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "print.log")
    if refusal:
        return refusal
    session = ComputerSession.objects.filter(center=found, pk=pk).first()
    try:
        if session is None:
            raise ValidationFailed(_("没有该次使用记录"), fields={"session": _("不存在")})
        session = services.computer_end(actor=actor, session=session)
    except DomainError as exc:
        return refused(request, TEMPLATE, _context(found, actor), exc)
    if session.overrun_seconds:
        messages.warning(
            request,
            _("公用电脑已结束，超时 %(m)s 分 %(s)s 秒")
            % {"m": session.overrun_seconds // 60, "s": session.overrun_seconds % 60},
        )
    else:
        messages.success(request, _("公用电脑已结束使用"))
    return _back(found)


@require_POST
def left_behind(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "print.log")
    if refusal:
        return refusal
    try:
        item = services.print_left_behind(
            actor=actor, center=found, description=request.POST.get("left_description", "")
        )
    except DomainError as exc:
        return refused(request, TEMPLATE, _context(found, actor, request.POST), exc)
    messages.success(
        request, _("遗留文件已登记为遗失物品 %(n)s，交总服务台保管") % {"n": item.number}
    )
    return _back(found)
