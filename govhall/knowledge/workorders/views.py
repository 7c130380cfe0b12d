"""12345 work order pages: the hotline staff's list (entry by hand, by deadline)
and one order with its assignment and answer. Thin: services change."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from govhall.core.errors import DomainError, NotFound, ValidationFailed
from govhall.core.fields import mask_phone
from govhall.core.models import Department
from govhall.core.web import center_or_404, need

from ..enquiries.views import _item, colleagues, error_text, stationed_items
from . import selectors, services
from .models import OPEN_ORDER, WorkOrderKind, WorkOrderStatus

HANDLE = ("workorder.handle",)
# An order's own page and its answer: also whoever it was assigned to.
WORK = ("workorder.handle", "enquiry.take")


def _row(o, today) -> dict:
    return {
        "o": o,
        "warning": services.warning(o, today),
        "phone": mask_phone(o.phone) if o.phone else "",
    }


def _due(raw: str):
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError as exc:
        raise ValidationFailed(
            gettext("日期格式不正确"), fields={"due_date": gettext("取值无效")}
        ) from exc


@require_http_methods(["GET", "POST"])
def orders(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, *HANDLE)
    if refusal:
        return refusal
    form, status = {}, 200
    if request.method == "POST":
        form = {
            k: request.POST.get(k, "")
            for k in ("ref", "kind", "content", "phone", "item", "due_date")
        }
        try:
            order = services.workorder_receive(
                actor=actor,
                center=found,
                ref=form["ref"],
                kind=form["kind"],
                content=form["content"],
                phone=form["phone"],
                item=_item(found, form["item"]),
                due_date=_due(form["due_date"]),
            )
        except DomainError as exc:
            messages.warning(request, error_text(exc))
            status = 422
        else:
            messages.success(request, gettext("已录入工单 %(ref)s") % {"ref": order.ref})
            return HttpResponseRedirect(
                reverse("knowledge:workorder", args=[found.code, order.ref])
            )
    today = timezone.localdate()
    visible = selectors.visible(actor, found)
    return render(
        request,
        "knowledge/workorders/list.html",
        {
            "center": found,
            "form": form,
            "kinds": WorkOrderKind.choices,
            "items": stationed_items(found),
            "open": [_row(o, today) for o in selectors.open_orders(actor, found)[:200]],
            "done": visible.exclude(status__in=OPEN_ORDER).order_by("-answered_at", "-received_at")[
                :30
            ],
            "reply_days": services.center_setting(found, "workorder.reply_days"),
        },
        status=status,
    )


def _order_or_404(actor, found, ref):
    try:
        return selectors.order_for(actor, found, ref)
    except NotFound as exc:
        raise Http404 from exc


def detail(request, center: str, ref: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, *WORK)
    if refusal:
        return refusal
    order = _order_or_404(actor, found, ref)
    complaint = services.complaint_for(order) if order.kind == WorkOrderKind.COMPLAINT else None
    return render(
        request,
        "knowledge/workorders/detail.html",
        {
            "center": found,
            "row": _row(order, timezone.localdate()),
            "o": order,
            "is_open": order.status in OPEN_ORDER,
            "assigned": order.status == WorkOrderStatus.ASSIGNED,
            "colleagues": colleagues(found),
            "departments": Department.objects.filter(district=found.district_id).order_by("code"),
            "complaint": complaint,
            "can_handle": actor.can(found, "workorder.handle"),
        },
    )


def _action(request, center, ref, step, caps=HANDLE):
    found = center_or_404(center)
    actor, refusal = need(request, found, *caps)
    if refusal:
        return refusal
    order = _order_or_404(actor, found, ref)
    try:
        text = step(actor, found, order)
    except DomainError as exc:
        messages.warning(request, error_text(exc))
    else:
        messages.success(request, text)
    return HttpResponseRedirect(reverse("knowledge:workorder", args=[found.code, order.ref]))


@require_POST
def assign(request, center: str, ref: str):
    def step(actor, found, order):
        kind, _sep, key = request.POST.get("to", "").partition(":")
        assignee = department = None
        if kind == "u" and key.isdigit():
            assignee = colleagues(found).filter(pk=int(key)).first()
        elif kind == "d" and key.isdigit():
            department = Department.objects.filter(district=found.district_id, pk=int(key)).first()
        services.workorder_assign(
            actor=actor, order=order, assignee=assignee, department=department
        )
        return gettext("已分派")

    return _action(request, center, ref, step)


@require_POST
def answer(request, center: str, ref: str):
    def step(actor, found, order):
        services.workorder_answer(actor=actor, order=order, answer=request.POST.get("answer", ""))
        return gettext("已答复，答复已进入回传 12345 平台的队列")

    return _action(request, center, ref, step, WORK)


@require_POST
def mark_complaint(request, center: str, ref: str):
    def step(actor, found, order):
        order = services.workorder_mark_complaint(actor=actor, order=order)
        return gettext("已转投诉处理：%(n)s") % {"n": order.complaint_number}

    return _action(request, center, ref, step)
