"""Enquiry pages (首问负责): the desk page where a question is recorded and the
open ones wait by their call-back clock, and one enquiry with its hand-over and
its answer. Thin: services change, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from govhall.catalog.models import ServiceItem
from govhall.core.errors import DomainError, NotFound
from govhall.core.fields import mask_phone
from govhall.core.models import Department, User
from govhall.core.web import center_or_404, need

from . import selectors, services
from .models import EnquiryChannel, EnquiryStatus

TAKE = ("enquiry.take", "enquiry.oversee")


def error_text(exc: DomainError) -> str:
    fields = "；".join(str(v) for v in exc.fields.values())
    return f"{exc.message}{'：' + fields if fields else ''}"


def stationed_items(center):
    return (
        ServiceItem.objects.filter(
            stationings__center=center, stationings__active=True, published_version__isnull=False
        )
        .select_related("published_version")
        .order_by("code")
    )


def colleagues(center, exclude=None):
    rows = User.objects.filter(is_active=True, memberships__center=center).distinct()
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    return rows.order_by("staff_number", "username")


def _row(e, now) -> dict:
    overdue = services.is_overdue(e, now)
    soon = bool(
        not overdue
        and e.status != EnquiryStatus.CLOSED
        and e.callback_due
        and (e.callback_due - now).total_seconds() < 2 * 3600
    )
    return {
        "e": e,
        "overdue": overdue,
        "soon": soon,
        "phone": mask_phone(e.phone) if e.phone else "",
    }


def _item(center, code: str):
    code = (code or "").strip()
    if not code:
        return None
    item = stationed_items(center).filter(code=code[:40]).first()
    if item is None:
        raise NotFound(
            gettext("事项不存在"), code="item_not_found", fields={"item": gettext("取值无效")}
        )
    return item


@require_http_methods(["GET", "POST"])
def desk(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, *TAKE)
    if refusal:
        return refusal
    can_take = actor.can(found, "enquiry.take")
    form = {"channel": request.GET.get("channel", EnquiryChannel.DESK)}
    status = 200
    if request.method == "POST":
        form = {
            k: request.POST.get(k, "") for k in ("channel", "question", "phone", "item", "answer")
        }
        try:
            if not can_take:
                raise NotFound(gettext("当前角色无权登记咨询"))
            enquiry = services.enquiry_create(
                actor=actor,
                center=found,
                channel=form["channel"],
                question=form["question"],
                phone=form["phone"],
                item=_item(found, form["item"]),
                answer=form["answer"] if request.POST.get("answered") else "",
            )
        except DomainError as exc:
            messages.warning(request, error_text(exc))
            status = 422
        else:
            if enquiry.status == EnquiryStatus.CLOSED:
                text = gettext("已登记并办结：%(n)s") % {"n": enquiry.number}
            elif enquiry.callback_due:
                due = timezone.localtime(enquiry.callback_due)
                text = gettext("已登记：%(n)s，请于 %(due)s 前回电") % {
                    "n": enquiry.number,
                    "due": f"{due:%m-%d %H:%M}",
                }
            else:
                text = gettext("已登记：%(n)s，待答复") % {"n": enquiry.number}
            messages.success(request, text)
            # The next question most likely comes the same way (a phone desk).
            url = reverse("knowledge:enquiries", args=[found.code])
            return HttpResponseRedirect(f"{url}?channel={enquiry.channel}")
    now = timezone.now()
    scope = request.GET.get("scope", "")
    oversee = actor.can(found, "enquiry.oversee")
    rows = (
        (
            selectors.visible(actor, found)
            if (oversee and scope == "all")
            else selectors.mine(actor, found)
        )
        .filter(status__in=(EnquiryStatus.OPEN, EnquiryStatus.HANDED_OVER))
        .order_by("callback_due", "created_at")
    )
    closed_today = selectors.visible(actor, found).filter(
        status=EnquiryStatus.CLOSED, closed_at__date=timezone.localdate(now)
    )
    if not (oversee and scope == "all") and actor.user is not None:
        closed_today = closed_today.filter(Q(first_responder=actor.user) | Q(closed_by=actor.user))
    return render(
        request,
        "knowledge/enquiries/desk.html",
        {
            "center": found,
            "channels": EnquiryChannel.choices,
            "form": form,
            "can_take": can_take,
            "oversee": oversee,
            "scope": scope,
            "rows": [_row(e, now) for e in rows[:200]],
            "unclaimed": [_row(e, now) for e in selectors.unclaimed(found)[:50]]
            if can_take
            else [],
            "closed_today": closed_today.order_by("-closed_at")[:30],
            "overdue_count": selectors.overdue(actor, found, now).count(),
            "items": stationed_items(found),
            "callback_days": services.center_setting(found, "enquiry.callback_days"),
            "orders": assigned_orders(actor, found),
        },
        status=status,
    )


def assigned_orders(actor, found):
    """12345 orders given to this member of staff (or their department) to answer."""
    from ..workorders.models import WorkOrderStatus
    from ..workorders.selectors import assigned_to

    return assigned_to(actor, found).filter(status=WorkOrderStatus.ASSIGNED).order_by("due_date")


def _enquiry_or_404(actor, found, number):
    try:
        return selectors.enquiry_for(actor, found, number)
    except NotFound as exc:
        raise Http404 from exc


def _detail(request, found, actor, enquiry, phone_shown: str = ""):
    now = timezone.now()
    return render(
        request,
        "knowledge/enquiries/detail.html",
        {
            "center": found,
            "row": _row(enquiry, now),
            "e": enquiry,
            "may_work": services.may_work_on(actor, enquiry),
            "can_take": actor.can(found, "enquiry.take"),
            "is_open": enquiry.status in (EnquiryStatus.OPEN, EnquiryStatus.HANDED_OVER),
            "handovers": enquiry.handovers.select_related("from_user", "to_user", "to_department"),
            "colleagues": colleagues(found, exclude=enquiry.holder),
            "departments": Department.objects.filter(district=found.district_id).order_by("code"),
            "phone_shown": phone_shown,
        },
    )


def detail(request, center: str, number: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, *TAKE)
    if refusal:
        return refusal
    return _detail(request, found, actor, _enquiry_or_404(actor, found, number))


def _back(found, enquiry):
    return HttpResponseRedirect(reverse("knowledge:enquiry", args=[found.code, enquiry.number]))


def _action(request, center, number, step):
    found = center_or_404(center)
    actor, refusal = need(request, found, *TAKE)
    if refusal:
        return refusal
    enquiry = _enquiry_or_404(actor, found, number)
    try:
        text = step(actor, found, enquiry)
    except DomainError as exc:
        messages.warning(request, error_text(exc))
    else:
        if text:
            messages.success(request, text)
    return _back(found, enquiry)


@require_POST
def take(request, center: str, number: str):
    def step(actor, found, enquiry):
        services.enquiry_take(actor=actor, enquiry=enquiry)
        return gettext("已认领，您是该咨询的首问责任人")

    return _action(request, center, number, step)


@require_POST
def hand_over(request, center: str, number: str):
    def step(actor, found, enquiry):
        target = request.POST.get("to", "")
        to_user = to_department = None
        kind, _sep, key = target.partition(":")
        if kind == "u" and key.isdigit():
            to_user = colleagues(found).filter(pk=int(key)).first()
        elif kind == "d" and key.isdigit():
            to_department = Department.objects.filter(
                district=found.district_id, pk=int(key)
            ).first()
        services.enquiry_hand_over(
            actor=actor,
            enquiry=enquiry,
            to_user=to_user,
            to_department=to_department,
            note=request.POST.get("note", ""),
        )
        return gettext("已转交；您仍是首问责任人，请跟进至办结")

    return _action(request, center, number, step)


@require_POST
def close(request, center: str, number: str):
    def step(actor, found, enquiry):
        services.enquiry_close(
            actor=actor,
            enquiry=enquiry,
            answer=request.POST.get("answer", ""),
            called_back=bool(request.POST.get("called_back")),
        )
        return gettext("已答复并办结")

    return _action(request, center, number, step)


@require_POST
def phone(request, center: str, number: str):
    """The whole number, for the call-back: shown in this answer only (never
    kept in the session), and the read is audited."""
    found = center_or_404(center)
    actor, refusal = need(request, found, *TAKE)
    if refusal:
        return refusal
    enquiry = _enquiry_or_404(actor, found, number)
    try:
        shown = services.enquiry_phone_reveal(actor=actor, enquiry=enquiry)
    except DomainError as exc:
        messages.warning(request, error_text(exc))
        return _back(found, enquiry)
    return _detail(request, found, actor, enquiry, phone_shown=shown)
