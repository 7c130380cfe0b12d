"""Booking pages (001 4.7, 004 第六条3).

Citizens (no account, phone first, elderly mode): choose an item, a day and a
slot, give name, ID number and phone, get a code with a QR code and a calendar
file; look a booking up and cancel it; ask for a home visit. Staff: reception's
day of bookings (check-in, cancel, booking for a caller, lifting suspensions),
the home visits, the centre admin's slot configuration. Kiosk: check-in by code
or ID number for an appointment ticket.

Thin: reads through selectors, every change through services; a refused change
(`DomainError`) is shown on the page with its status, never a 500."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from cryptography.fernet import InvalidToken
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from govhall.catalog.domains import Domain
from govhall.catalog.selectors import items_at_center, published_item
from govhall.core import crypto
from govhall.core.actors import ANONYMOUS
from govhall.core.center_settings import center_setting
from govhall.core.errors import DomainError, NotFound, ValidationFailed
from govhall.core.links import absolute_url
from govhall.core.models import Center
from govhall.core.web import (
    center_or_404,
    need,
    qr_svg,
    request_actor,
    throttle_public_posts,
)
from govhall.queueing.models import Queue

from . import forms, selectors, services
from .ics import booking_calendar
from .models import BookingChannel, BookingStatus, SlotTemplate

SLOT_ERRORS = {
    "slot_full",
    "slot_past",
    "slot_too_soon",
    "slot_not_bookable",
    "slot_not_found",
    "slot_item_mismatch",
}


def _absolute(path: str) -> str:
    return absolute_url(path)


def manage_url(code: str) -> str:
    return _absolute(reverse("booking:manage") + "?" + urlencode({"code": code}))


def _day(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return default


# --- citizen: choose an item -----------------------------------------------------------


def render_item_choice(request, found: Center, template: str, partial: str):
    """Step 1 of booking, on the web and at the kiosk: the bookable items by domain
    or search; an htmx request for `partial` gets that fragment alone."""
    domain = request.GET.get("domain", "")
    domain = domain if domain in Domain.values else ""
    q = request.GET.get("q", "")[:50]
    context = {
        "center": found,
        "domains": Domain.choices,
        "domain": domain,
        "q": q,
        "items": selectors.bookable_items(found, q=q, domain=domain),
    }
    if request.htmx and request.htmx.target == partial:
        template += f"#{partial}"
    return render(request, template, context)


def items(request, center: str):
    return render_item_choice(request, center_or_404(center), "booking/items.html", "results")


# --- citizen: choose a day and a slot, then give name, ID number and phone --------------


def _citizen_problem(request, center: Center, exc: DomainError):
    return render(
        request, "booking/problem.html", {"center": center, "error": exc}, status=exc.status
    )


@throttle_public_posts
def item_slots(request, center: str, item: str):
    """Step 2 (days as tabs, slots as buttons) and step 3 (the person's details)
    of the booking, on one URL: `?day=` picks a tab, `?slot=` opens the form."""
    found = center_or_404(center)
    try:
        chosen_item = published_item(item[:40])
        days = selectors.slot_days(found, chosen_item.code)
    except DomainError as exc:  # not published, not stationed here, or no queue
        return _citizen_problem(request, found, exc)

    source = request.POST if request.method == "POST" else request.GET
    wants_slot = "slot" in source
    slot_id = _int(source.get("slot"))
    form = forms.BookForm(request.POST or None)
    error, status = None, 200
    if request.method == "POST":
        if not form.is_valid():
            status = 422
        else:
            data = form.cleaned_data
            try:
                booking = services.booking_create(
                    actor=ANONYMOUS,  # the public page books as the person, on the web
                    center=found,
                    item_code=chosen_item.code,
                    slot_id=data["slot"],
                    name=data["name"],
                    id_number=data["id_number"],
                    phone=data["phone"],
                    channel=BookingChannel.WEB,
                )
            except DomainError as exc:
                error, status = exc, exc.status
                if exc.code in SLOT_ERRORS:  # back to the slots, their places as they are now
                    days = selectors.slot_days(found, chosen_item.code)
                    wants_slot = False
                else:
                    forms.apply_error(form, exc)
            else:
                return redirect("booking:confirmation", booking.code)

    chosen_day, chosen_slot, error, status = pick_day_and_slot(
        request, days, wants_slot, slot_id, error, status
    )
    context = {
        "center": found,
        "item": chosen_item,
        "v": chosen_item.published_version,
        "days": days,
        "day": chosen_day,
        "slot": chosen_slot,
        "form": form,
        "error": error,
        "days_ahead": center_setting(found, "booking.days_ahead"),
    }
    template = "booking/item.html"
    if request.htmx and request.htmx.target == "slots":
        template += "#slots"
    return render(request, template, context, status=status)


def pick_day_and_slot(request, days: list[dict], wants_slot: bool, slot_id, error, status):
    """The slot asked for (when `wants_slot`: `slot_id`, None if unreadable) and
    its day, or the day of `?day=` (else the first with places); a slot gone or
    full is a refusal shown above the days. Returns (day, slot, error, status)."""
    chosen_day = chosen_slot = None
    if wants_slot:
        here = {s.pk: (d, s) for d in days for s in d["slots"]}
        chosen_day, chosen_slot = here.get(slot_id, (None, None))
        if chosen_slot is None or not chosen_slot.bookable:
            chosen_day = chosen_slot = None
            if error is None:
                error = NotFound(
                    gettext("该时段不存在或已不可预约，请重新选择"), code="slot_not_found"
                )
                status = 422 if request.method == "POST" else 404
    if chosen_day is None:
        wanted = _day(request.GET.get("day"), dt.date.min)
        chosen_day = next((d for d in days if d["date"] == wanted), None) or next(
            (d for d in days if d["places"]), days[0] if days else None
        )
    return chosen_day, chosen_slot, error, status


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _booking_or_404(code: str):
    try:
        return services.booking_by_code(code)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc


def confirmation(request, code: str):
    booking = _booking_or_404(code)
    opens, closes = services.check_in_window(booking)
    deadline = services.cancel_deadline(booking)
    version = booking.item.published_version
    context = {
        "b": booking,
        "center": booking.center,
        "v": version,
        # An item withdrawn since the booking has no published guide to quote.
        "materials": version.materials.all() if version else [],
        "deadline": deadline,
        "can_cancel": booking.status == BookingStatus.BOOKED and timezone.now() <= deadline,
        "check_in_opens": opens,
        "check_in_closes": closes,
        "qr": qr_svg(manage_url(booking.code)),
        "manage_url": manage_url(booking.code),
        "is_booked": booking.status == BookingStatus.BOOKED,
    }
    return render(request, "booking/confirmation.html", context)


def ics(request, code: str):
    booking = _booking_or_404(code)
    body = booking_calendar(booking, manage_url=manage_url(booking.code))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="booking-{booking.code}.ics"'
    return response


# --- citizen: look a booking up and cancel it --------------------------------------------

MANAGE_KEY = "booking_manage"
MANAGE_FOR = dt.timedelta(minutes=30)


def _remember(request, code: str, phone: str) -> None:
    """The phone number that opened the booking, encrypted, for the cancel that
    follows; it is never put in the page."""
    request.session[MANAGE_KEY] = {
        "code": code,
        "phone": crypto.encrypt(phone),
        "at": timezone.now().isoformat(),
    }


def _remembered(request) -> tuple[str, str] | None:
    kept = request.session.get(MANAGE_KEY)
    if not isinstance(kept, dict):
        return None
    try:
        at = dt.datetime.fromisoformat(kept["at"])
        if timezone.now() - at > MANAGE_FOR:
            return None
        return kept["code"], crypto.decrypt(kept["phone"])
    except (KeyError, TypeError, ValueError, InvalidToken):
        return None


@throttle_public_posts
def manage(request):
    action = request.POST.get("action") if request.method == "POST" else None
    lookup = forms.LookupForm(
        request.POST if action == "lookup" else None,
        initial={"code": request.GET.get("code", "")[:8].upper()},
    )
    cancel = forms.CitizenCancelForm(request.POST if action == "cancel" else None)
    error, status = None, 200
    if action == "lookup":
        if not lookup.is_valid():
            status = 422
        else:
            code, phone = lookup.cleaned_data["code"].upper(), lookup.cleaned_data["phone"]
            try:
                services.booking_for_citizen(code, phone)
            except DomainError as exc:
                error, status = exc, exc.status
            else:
                _remember(request, code, phone)
                return redirect(_manage_path(code))
    elif action == "cancel":
        kept = _remembered(request)
        if not cancel.is_valid():
            error, status = forms.form_error(cancel), 422
        elif kept is None or kept[0] != cancel.cleaned_data["code"].upper():
            error = ValidationFailed(
                gettext("请先输入预约码和手机号码查询预约"), code="not_verified"
            )
            status = 403
        else:
            try:
                services.booking_cancel(
                    code=kept[0], phone=kept[1], reason=cancel.cleaned_data["reason"]
                )
            except DomainError as exc:
                error, status = exc, exc.status
            else:
                messages.success(request, gettext("预约已取消，名额已释放。"))
                return redirect(_manage_path(kept[0]))
    elif request.method == "POST":
        error, status = ValidationFailed(gettext("请重新操作"), code="bad_request"), 400

    booking = None
    kept = _remembered(request)
    if kept is not None and (request.GET.get("code") or kept[0]).upper() == kept[0]:
        try:
            booking = services.booking_for_citizen(*kept)
        except DomainError:
            booking = None
    deadline = services.cancel_deadline(booking) if booking else None
    context = {
        "lookup": lookup,
        "cancel": cancel,
        "b": booking,
        "error": error,
        "deadline": deadline,
        "can_cancel": booking is not None
        and booking.status == BookingStatus.BOOKED
        and timezone.now() <= deadline,
    }
    return render(request, "booking/manage.html", context, status=status)


def _manage_path(code: str) -> str:
    return reverse("booking:manage") + "?" + urlencode({"code": code})


# --- citizen: ask for a home visit ---------------------------------------------------------

VISIT_KEY = "booking_visit"


@throttle_public_posts
def home_visit(request, center: str):
    """The person asks on the web; reception, signed in, registers a caller's
    request on the same form (recorded as a phone request)."""
    found = center_or_404(center)
    actor = request_actor(request)
    if not (actor.is_staff_user and actor.can(found, "booking.front_desk")):
        actor = ANONYMOUS
    form = forms.VisitForm(request.POST or None)
    error, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                visit = services.home_visit_request(
                    actor=actor,
                    center=found,
                    name=data["name"],
                    phone=data["phone"],
                    address=data["address"],
                    reason=data["reason"],
                    id_number=data["id_number"] or None,
                    item_code=data["item"] or None,
                )
            except DomainError as exc:
                error, status = exc, exc.status
                forms.apply_error(form, exc)
            else:
                request.session[VISIT_KEY] = visit.number
                return redirect("booking:visit_sent", found.code)
        else:
            status = 422
    context = {"center": found, "form": form, "error": error, "items": items_at_center(found)}
    return render(request, "booking/visit_form.html", context, status=status)


def visit_sent(request, center: str):
    found = center_or_404(center)
    try:
        visit = selectors.visit_for_citizen(found, request.session.get(VISIT_KEY, ""))
    except NotFound:
        return redirect("booking:home_visit", found.code)
    return render(request, "booking/visit_sent.html", {"center": found, "visit": visit})


# --- reception: the day's bookings ----------------------------------------------------------


def _today_context(request, found: Center, actor, day: dt.date, hotline=None) -> dict:
    item_code = (request.POST.get("item") or request.GET.get("item") or "")[:40]
    bookable = selectors.bookable_items(found)
    hotline_slots = []
    if item_code and any(i.code == item_code for i in bookable):
        hotline_slots = [
            s for d in selectors.slot_days(found, item_code) for s in d["slots"] if s.bookable
        ]
    return {
        "center": found,
        "section": "today",
        "day": day,
        "prev": day - dt.timedelta(days=1),
        "next": day + dt.timedelta(days=1),
        "is_today": day == timezone.localdate(),
        "bookings": selectors.bookings_for_day(actor=actor, center=found, day=day),
        "suspensions": selectors.suspensions_active(actor=actor, center=found),
        "hotline": hotline or forms.HotlineForm(initial={"item": item_code}),
        "hotline_items": bookable,
        "hotline_item": item_code,
        "hotline_slots": hotline_slots,
    }


def today(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "booking.front_desk")
    if refusal:
        return refusal
    day = _day(request.GET.get("date"), timezone.localdate())
    template = "booking/today.html"
    if request.htmx and request.htmx.target == "hotline":
        template += "#hotline"
    return render(request, template, _today_context(request, found, actor, day))


def _today_refused(request, found, actor, exc: DomainError, *, hotline=None, target: str = ""):
    day = _day(request.POST.get("date"), timezone.localdate())
    context = _today_context(request, found, actor, day, hotline=hotline)
    context.update(error=exc, error_target=target)
    return render(request, "booking/today.html", context, status=exc.status)


def _back_to_day(found: Center, day) -> str:
    return reverse("booking:today", args=[found.code]) + "?" + urlencode({"date": day.isoformat()})


def _in_center(found: Center, code: str):
    booking = services.booking_by_code(code)
    if booking.center_id != found.pk:
        raise NotFound(gettext("本中心没有该预约"), code="booking_not_found")
    return booking


@require_POST
def today_check_in(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "booking.front_desk")
    if refusal:
        return refusal
    form = forms.CodeForm(request.POST)
    try:
        if not form.is_valid():
            raise NotFound(gettext("预约码有误"), code="booking_not_found")
        booking, ticket = services.booking_check_in(
            actor=actor, center=found, code=form.cleaned_data["code"]
        )
    except DomainError as exc:
        return _today_refused(request, found, actor, exc, target=request.POST.get("code", "")[:8])
    messages.success(
        request,
        gettext("%(code)s 已签到，排队号 %(number)s")
        % {"code": booking.code, "number": ticket.number},
    )
    return redirect(_back_to_day(found, booking.slot.date))


@require_POST
def today_cancel(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "booking.front_desk")
    if refusal:
        return refusal
    code_form, reason_form = forms.CodeForm(request.POST), forms.ReasonForm(request.POST)
    target = request.POST.get("code", "")[:8]
    try:
        if not code_form.is_valid():
            raise NotFound(gettext("预约码有误"), code="booking_not_found")
        _in_center(found, code_form.cleaned_data["code"])
        if not reason_form.is_valid():
            raise forms.form_error(reason_form)
        booking = services.booking_cancel(
            code=code_form.cleaned_data["code"],
            actor=actor,
            reason=reason_form.cleaned_data["reason"],
        )
    except DomainError as exc:
        return _today_refused(request, found, actor, exc, target=target)
    messages.success(
        request, gettext("预约 %(code)s 已取消，已短信告知本人") % {"code": booking.code}
    )
    return redirect(_back_to_day(found, booking.slot.date))


@require_POST
def today_hotline(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "booking.front_desk")
    if refusal:
        return refusal
    form = forms.HotlineForm(request.POST)
    try:
        if not form.is_valid():
            raise forms.form_error(form)
        data = form.cleaned_data
        booking = services.booking_create(
            actor=actor,
            center=found,
            item_code=data["item"],
            slot_id=data["slot"],
            name=data["name"],
            id_number=data["id_number"],
            phone=data["phone"],
            channel=BookingChannel.HOTLINE,
        )
    except DomainError as exc:
        if form.is_bound and not form.errors:
            forms.apply_error(form, exc)
        return _today_refused(request, found, actor, exc, hotline=form, target="hotline")
    messages.success(
        request,
        gettext("已为来电人预约 %(when)s，预约码 %(code)s，请告知来电人；确认短信已发送。")
        % {
            "when": date_format(timezone.localtime(booking.slot.start), "Y-m-d H:i"),
            "code": booking.code,
        },
    )
    return redirect(_back_to_day(found, booking.slot.date))


@require_POST
def suspension_lift(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "booking.front_desk")
    if refusal:
        return refusal
    form = forms.ReasonForm(request.POST)
    try:
        suspension = selectors.suspensions_active(actor=actor, center=found).filter(pk=pk).first()
        if suspension is None:
            raise NotFound(gettext("该限制不存在或已解除"))
        if not form.is_valid():
            raise forms.form_error(form)
        services.suspension_lift(
            actor=actor, suspension=suspension, reason=form.cleaned_data["reason"]
        )
    except DomainError as exc:
        return _today_refused(request, found, actor, exc, target=f"suspension-{pk}")
    messages.success(
        request, gettext("已解除 %(who)s 的预约限制") % {"who": suspension.id_number_masked}
    )
    return redirect(_back_to_day(found, _day(request.POST.get("date"), timezone.localdate())))


# --- home visits (staff) ----------------------------------------------------------------------


def _visits_context(request, found: Center, actor) -> dict:
    staff = list(selectors.center_staff(actor=actor, center=found))
    return {
        "center": found,
        "section": "visits",
        "visits": selectors.visits(actor=actor, center=found),
        "staff": staff,
        "min_staff": services.MIN_VISIT_STAFF,
        "can_decide": actor.can(found, "booking.manage"),
        "now": timezone.localtime(),
    }


def visits(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "visit.work")
    if refusal:
        return refusal
    return render(request, "booking/visits.html", _visits_context(request, found, actor))


VISIT_STEPS = ("decide", "assign", "schedule", "complete", "cancel")


@require_POST
def visit_action(request, center: str, number: str, step: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "visit.work")
    if refusal:
        return refusal
    if step not in VISIT_STEPS:
        raise Http404
    visit = selectors.visits(actor=actor, center=found).filter(number=number[:20]).first()
    if visit is None:
        raise Http404
    try:
        done = _visit_step(actor, visit, step, request.POST, found)
    except DomainError as exc:
        context = _visits_context(request, found, actor)
        context.update(visit_error=exc, error_target=visit.number)
        return render(request, "booking/visits.html", context, status=exc.status)
    messages.success(
        request,
        gettext("%(number)s：%(status)s")
        % {"number": done.number, "status": done.get_status_display()},
    )
    return redirect(reverse("booking:visits", args=[found.code]) + f"#v-{done.number}")


def _visit_step(actor, visit, step: str, data, found: Center):
    if step == "decide":
        form = forms.DecideForm(data)
        if not form.is_valid():
            raise forms.form_error(form)
        return services.home_visit_decide(
            actor=actor,
            visit=visit,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        )
    if step == "assign":
        staff = list(selectors.center_staff(actor=actor, center=found))
        form = forms.AssignForm(data, staff_choices=[(u.pk, u.username) for u in staff])
        if not form.is_valid():
            raise forms.form_error(form)
        chosen = [u for u in staff if u.pk in set(form.cleaned_data["staff"])]
        return services.home_visit_assign(actor=actor, visit=visit, staff=chosen)
    if step == "schedule":
        form = forms.ScheduleForm(data)
        if not form.is_valid():
            raise forms.form_error(form)
        return services.home_visit_schedule(
            actor=actor, visit=visit, when=form.cleaned_data["when"]
        )
    if step == "complete":
        form = forms.OutcomeForm(data)
        if not form.is_valid():
            raise forms.form_error(form)
        return services.home_visit_complete(
            actor=actor, visit=visit, outcome=form.cleaned_data["outcome"]
        )
    form = forms.ReasonForm(data)
    if not form.is_valid():
        raise forms.form_error(form)
    return services.home_visit_cancel(actor=actor, visit=visit, reason=form.cleaned_data["reason"])


# --- the centre admin's slot configuration ----------------------------------------------------


def _slots_context(request, found: Center, actor, template_form=None, blackout_form=None) -> dict:
    days = services.bookable_days(found, timezone.localdate())
    queues = list(
        Queue.objects.filter(center=found, is_active=True)
        .prefetch_related("items__published_version")
        .order_by("position")
    )
    return {
        "center": found,
        "section": "slots",
        "templates": selectors.templates(actor=actor, center=found).order_by(
            "queue__position", "queue_id", "-is_active", "weekday", "start"
        ),
        "blackouts": selectors.blackouts(actor=actor, center=found),
        "queues": queues,
        "weekdays": forms.Weekday.choices,
        "days": days,
        "grid": selectors.load_grid(actor=actor, center=found, days=days),
        "template_form": template_form or forms.TemplateForm(initial={"capacity": 4}),
        "blackout_form": blackout_form or forms.BlackoutForm(),
    }


def slots_admin(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "booking.manage")
    if refusal:
        return refusal
    return render(request, "booking/slots.html", _slots_context(request, found, actor))


@require_POST
def template_add(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "booking.manage")
    if refusal:
        return refusal
    form = forms.TemplateForm(request.POST)
    try:
        if not form.is_valid():
            raise forms.form_error(form)
        data = form.cleaned_data
        queue = Queue.objects.filter(pk=data["queue"], center=found).first()
        if queue is None:
            raise NotFound(gettext("队列不属于本中心"), fields={"queue": gettext("请重新选择")})
        item = None
        if data["item"]:
            item = published_item(data["item"])
        template = services.template_create(
            actor=actor,
            center=found,
            queue=queue,
            item=item,
            weekday=data["weekday"],
            start=data["start"],
            end=data["end"],
            capacity=data["capacity"],
        )
    except DomainError as exc:
        if not form.errors:
            forms.apply_error(form, exc)
        context = _slots_context(request, found, actor, template_form=form)
        context.update(error=exc, error_target="template")
        return render(request, "booking/slots.html", context, status=exc.status)
    messages.success(request, gettext("已新增预约时段：%(t)s") % {"t": template})
    return redirect("booking:slots", found.code)


@require_POST
def template_deactivate(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "booking.manage")
    if refusal:
        return refusal
    template = SlotTemplate.objects.filter(pk=pk, center=found).first()
    if template is None:
        raise Http404
    try:
        services.template_deactivate(actor=actor, template=template)
    except DomainError as exc:
        context = _slots_context(request, found, actor)
        context.update(error=exc, error_target="template")
        return render(request, "booking/slots.html", context, status=exc.status)
    messages.success(request, gettext("已停用：%(t)s，已有预约仍然有效") % {"t": template})
    return redirect("booking:slots", found.code)


@require_POST
def blackout_add(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "booking.manage")
    if refusal:
        return refusal
    form = forms.BlackoutForm(request.POST)
    try:
        if not form.is_valid():
            raise forms.form_error(form)
        blackout = services.blackout_add(
            actor=actor,
            center=found,
            date=form.cleaned_data["date"],
            reason=form.cleaned_data["reason"],
        )
    except DomainError as exc:
        if not form.errors:
            forms.apply_error(form, exc)
        context = _slots_context(request, found, actor, blackout_form=form)
        context.update(error=exc, error_target="blackout")
        return render(request, "booking/slots.html", context, status=exc.status)
    messages.success(
        request,
        gettext("%(date)s 已停止预约，当天已有的预约已取消并短信告知")
        % {"date": blackout.date.isoformat()},
    )
    return redirect("booking:slots", found.code)


# --- kiosk: check in an appointment -------------------------------------------------------------


def kiosk_check_in(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "booking.check_in")
    if refusal:
        return refusal
    form = forms.CheckInForm(request.POST or None)
    error, status = None, 200
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise forms.form_error(form)
            _booking, ticket = services.booking_check_in(
                actor=actor,
                center=found,
                code=form.cleaned_data["code"] or None,
                id_number=form.cleaned_data["id_number"] or None,
            )
        except DomainError as exc:
            error, status = exc, exc.status
        else:
            return redirect("queueing:slip", ticket.track_token)
    context = {
        "center": found,
        "form": form,
        "error": error,
        "too_late": error is not None and error.code == "check_in_too_late",
        "early": center_setting(found, "booking.check_in_early_minutes"),
        "late": center_setting(found, "booking.check_in_late_minutes"),
    }
    return render(request, "booking/kiosk_check_in.html", context, status=status)
