"""改约 pages: the citizen, after looking the booking up with the code and the
phone number on the manage page, picks another slot of the same item; reception
does the same from the day's list, with a reason. One template, days as tabs
and slots as buttons; every change through rescheduling.booking_reschedule."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from govhall.core.errors import DomainError, NotFound, ValidationFailed
from govhall.core.web import center_or_404, need, throttle_public_posts

from . import forms, selectors, services
from .models import BookingStatus
from .rescheduling import booking_reschedule, reschedule_deadline
from .views import _day, _manage_path, _remembered


def _days(booking) -> list[dict]:
    """The item's days and slots, the booking's own slot not offered."""
    days = selectors.slot_days(booking.center, booking.item.code)
    for day in days:
        for slot in day["slots"]:
            slot.current = slot.pk == booking.slot_id
            slot.bookable = slot.bookable and not slot.current
    return days


def _context(request, booking, *, staff: bool, error=None, form=None) -> dict:
    days = _days(booking)
    wanted = _day(request.GET.get("day"), booking.slot.date)
    day = next((d for d in days if d["date"] == wanted), None) or next(
        (d for d in days if d["places"]), days[0] if days else None
    )
    return {
        "b": booking,
        "center": booking.center,
        "days": days,
        "day": day,
        "staff": staff,
        "base": "booking/staff_base.html" if staff else "booking/citizen_base.html",
        "section": "today",
        "error": error,
        "form": form or forms.RescheduleForm(),
        "deadline": reschedule_deadline(booking),
        "open": booking.status == BookingStatus.BOOKED
        and (staff or timezone.now() <= reschedule_deadline(booking)),
    }


def _moved_message(booking) -> str:
    when = date_format(timezone.localtime(booking.slot.start), "Y-m-d H:i")
    return gettext("已改约到 %(when)s，短信已发送，预约码不变。") % {"when": when}


@throttle_public_posts
def citizen_reschedule(request):
    """Only for the booking the manage page has just opened (the phone number
    is kept encrypted in the session, never in the page)."""
    kept = _remembered(request)
    if kept is None:
        messages.info(request, gettext("请先输入预约码和手机号码查询预约"))
        return redirect("booking:manage")
    code, phone = kept
    try:
        booking = services.booking_for_citizen(code, phone)
    except DomainError:
        return redirect("booking:manage")
    form = forms.RescheduleForm(request.POST or None)
    error, status = None, 200
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise forms.form_error(form)
            booking = booking_reschedule(code=code, phone=phone, slot_id=form.cleaned_data["slot"])
        except DomainError as exc:
            error, status = exc, exc.status
            booking = services.booking_for_citizen(code, phone)
        else:
            messages.success(request, _moved_message(booking))
            return redirect(_manage_path(code))
    context = _context(request, booking, staff=False, error=error, form=form)
    return render(request, "booking/reschedule.html", context, status=status)


def staff_reschedule(request, center: str, code: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "booking.front_desk")
    if refusal:
        return refusal
    try:
        booking = services.booking_by_code(code[:8])
        if booking.center_id != found.pk:
            raise NotFound(gettext("本中心没有该预约"), code="booking_not_found")
    except NotFound as exc:
        return render(request, "core/denied.html", {"message": exc.message}, status=404)
    form = forms.RescheduleForm(request.POST or None)
    error, status = None, 200
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise forms.form_error(form)
            if not form.cleaned_data["reason"]:
                raise ValidationFailed(
                    gettext("请填写改约原因"), fields={"reason": gettext("必填")}
                )
            booking = booking_reschedule(
                code=booking.code,
                actor=actor,
                slot_id=form.cleaned_data["slot"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            error, status = exc, exc.status
            booking = services.booking_by_code(booking.code)
        else:
            messages.success(request, _moved_message(booking))
            day = booking.slot.date
            return redirect(_today_path(found.code, day) + f"#b-{booking.code}")
    context = _context(request, booking, staff=True, error=error, form=form)
    context["back"] = _today_path(found.code, booking.slot.date)
    return render(request, "booking/reschedule.html", context, status=status)


def _today_path(center_code: str, day: dt.date) -> str:
    return reverse("booking:today", args=[center_code]) + "?" + urlencode({"date": day.isoformat()})
