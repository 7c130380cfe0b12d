"""收费对账: the day's fees per window, for the centre admin at closing."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import render
from django.utils import timezone

from govhall.core.web import center_or_404, need

from . import selectors


def receipts(request, center: str):
    found = center_or_404(center)
    _actor, refusal = need(request, found, "case.oversee")
    if refusal:
        return refusal
    try:
        day = dt.date.fromisoformat(request.GET.get("date", "")[:10])
    except ValueError:
        day = timezone.localdate()
    return render(
        request,
        "cases/receipts.html",
        {"center": found, **selectors.window_receipts(found, day)},
    )
