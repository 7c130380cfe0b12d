"""收费对账: the day's fees per window, and the closing count (the drawers, the
bank window's and the online statements) compared with them, for the centre
admin at closing. Thin: services.closing_count_record changes."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.errors import DomainError, ValidationFailed
from govhall.core.web import center_or_404, need

from . import selectors, services


def _day(raw: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat((raw or "")[:10])
    except ValueError:
        return timezone.localdate()


def receipts(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "case.oversee")
    if refusal:
        return refusal
    day = _day(request.POST.get("date") if request.method == "POST" else request.GET.get("date"))
    error, status = None, 200
    if request.method == "POST":
        window = None
        raw_window = request.POST.get("window", "")
        if raw_window:
            window = found.windows.filter(pk=raw_window if raw_window.isdigit() else 0).first()
        try:
            if raw_window and window is None:
                raise ValidationFailed(
                    _("窗口不属于本中心"), fields={"window": _("窗口不属于本中心")}
                )
            services.closing_count_record(
                actor=actor,
                center=found,
                day=day,
                method=request.POST.get("method", ""),
                counted=request.POST.get("counted", ""),
                window=window,
                note=request.POST.get("note", ""),
            )
        except DomainError as exc:
            error, status = exc, 422
        else:
            return redirect(f"{reverse('cases:receipts', args=[found.code])}?date={day}")
    return render(
        request,
        "cases/receipts.html",
        {
            "center": found,
            **selectors.window_receipts(found, day),
            "comparison": selectors.closing_comparison(found, day),
            **selectors.countable_lines(found),
            "error": error,
        },
        status=status,
    )
