"""待出件: the results decided and not yet handed out or posted, with the art. 44
certificate clock, for the output window and the centre admin. Thin."""

from __future__ import annotations

from django.shortcuts import render

from govhall.core.web import center_or_404, need

from . import selectors


def handout(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "case.read")
    if refusal:
        return refusal
    return render(
        request,
        "cases/handout.html",
        {"center": found, "cases": selectors.awaiting_handout(actor, found)},
    )
