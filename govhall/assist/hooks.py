"""What assist plugs into the floors below: the booking's home visits become
requests (events), and a case taken through by a 代办 says so (core.hooks
"case.assist", asked by the case page and API)."""

from __future__ import annotations

from govhall.core import hooks
from govhall.core.events import subscribe


def case_assist(*, case):
    """{kind, kind_label, number, assistant} of the 代办 that took `case`
    through, or None."""
    from .models import AssistRequest

    request = (
        AssistRequest.objects.select_related("assigned_to")
        .filter(case=case)
        .only("number", "kind", "assigned_to__name")
        .first()
    )
    if request is None:
        return None
    return {
        "kind": request.kind,
        "kind_label": str(request.get_kind_display()),
        "number": request.number,
        "assistant": request.assigned_to.name if request.assigned_to else "",
    }


def kiosk_entry(*, center):
    """The kiosk's "需要帮办" entry (the queueing kiosk asks "kiosk.entries")."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    return {
        "url": reverse("assist:kiosk", args=[center.code]),
        "title": _("需要工作人员帮忙？"),
        "hint": _("帮办、陪办、手语、外语、书面沟通，免费服务"),
        "button": _("需要帮办"),
    }


def connect() -> None:
    """Called once from AppConfig.ready()."""
    from . import services

    subscribe("visit.approved", services.on_visit_approved)
    subscribe("visit.done", services.on_visit_done)
    subscribe("visit.cancelled", services.on_visit_cancelled)
    hooks.provide("case.assist", case_assist)
    hooks.provide("kiosk.entries", kiosk_entry)
