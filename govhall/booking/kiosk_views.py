"""Booking at the kiosk (001 4.7.2: the self-service terminal is a booking
channel): choose an item, a day and a free slot with large buttons, give the ID
number and the phone number (no account; the name is optional), and print a
slip with the booking code. The booking is made by `booking_create`, as on the
web, so its limits, its confirmation text and its reminders are the same; the
channel is recorded as the kiosk.

Only a paired kiosk or the hall's staff (ticket.issue) open these pages; staff
who book here for the person in front of them are recorded as 窗口代约."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from govhall.catalog.selectors import published_item
from govhall.core.center_settings import center_setting
from govhall.core.errors import DomainError, NotFound
from govhall.core.web import center_or_404, need, qr_svg

from . import forms, selectors, services
from .models import BookingChannel
from .views import SLOT_ERRORS, _int, manage_url, pick_day_and_slot, render_item_choice


def kiosk_items(request, center: str):
    """Step 1: the items that can be booked, by category or by search."""
    found = center_or_404(center)
    _actor, refusal = need(request, found, "ticket.issue")
    if refusal:
        return refusal
    return render_item_choice(request, found, "booking/kiosk_items.html", "items")


def kiosk_item(request, center: str, item: str):
    """Step 2 (days and slots) and step 3 (ID number and phone) on one URL, as
    on the web: `?day=` picks a day, `?slot=` opens the form."""
    found = center_or_404(center)
    actor, refusal = need(request, found, "ticket.issue")
    if refusal:
        return refusal
    try:
        chosen_item = published_item(item[:40])
        days = selectors.slot_days(found, chosen_item.code)
    except DomainError as exc:
        return _problem(request, found, exc)

    source = request.POST if request.method == "POST" else request.GET
    wants_slot = "slot" in source
    form = forms.KioskBookForm(request.POST or None)
    error, status = None, 200
    if request.method == "POST":
        if not form.is_valid():
            status = 422
        else:
            data = form.cleaned_data
            try:
                booking = services.booking_create(
                    actor=actor,
                    center=found,
                    item_code=chosen_item.code,
                    slot_id=data["slot"],
                    name=data["name"],
                    id_number=data["id_number"],
                    phone=data["phone"],
                    # A kiosk token is always recorded as the kiosk; staff as 窗口代约.
                    channel=BookingChannel.COUNTER,
                )
            except DomainError as exc:
                error, status = exc, exc.status
                if exc.code in SLOT_ERRORS:
                    days = selectors.slot_days(found, chosen_item.code)
                    wants_slot = False
                else:
                    forms.apply_error(form, exc)
            else:
                return redirect("booking:kiosk_slip", found.code, booking.code)

    chosen_day, chosen_slot, error, status = pick_day_and_slot(
        request, days, wants_slot, _int(source.get("slot")), error, status
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
    }
    return render(request, "booking/kiosk_item.html", context, status=status)


def _problem(request, center, exc: DomainError):
    context = {"center": center, "error": exc}
    return render(request, "booking/kiosk_problem.html", context, status=exc.status)


def kiosk_slip(request, center: str, code: str):
    """The printed slip (58 or 80 mm): code, time, item, centre, how to check in."""
    found = center_or_404(center)
    _actor, refusal = need(request, found, "ticket.issue")
    if refusal:
        return refusal
    try:
        booking = services.booking_by_code(code)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    if booking.center_id != found.pk:
        raise Http404
    opens, closes = services.check_in_window(booking)
    context = {
        "b": booking,
        "center": found,
        "v": booking.item.published_version,
        "check_in_opens": opens,
        "check_in_closes": closes,
        "qr": qr_svg(manage_url(booking.code)),
        "width": "80" if request.GET.get("paper") == "80" else "58",
        "back": reverse("queueing:kiosk", args=[found.code]),
        "early": center_setting(found, "booking.check_in_early_minutes"),
    }
    return render(request, "booking/kiosk_slip.html", context)
