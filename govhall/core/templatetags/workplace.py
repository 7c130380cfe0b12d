"""{% workplace_bar %}: the staff base template's bar (centre, user, roles,
switcher, logout, navigation), built from the navigation registry."""

from __future__ import annotations

from django import template

from govhall.core.models import Center
from govhall.core.workplace import bar_context

register = template.Library()

# Where a staff page keeps the centre it shows, directly or on its object.
_CENTER_KEYS = ("center", "found")
_HOLDER_KEYS = ("window", "case", "complaint", "record", "rectification")


def _page_center(context) -> Center | None:
    for key in _CENTER_KEYS:
        value = context.get(key)
        if isinstance(value, Center):
            return value
    for key in _HOLDER_KEYS:
        value = getattr(context.get(key), "center", None)
        if isinstance(value, Center):
            return value
    return None


@register.inclusion_tag("core/workplace_bar.html", takes_context=True)
def workplace_bar(context):
    request = context.get("request")
    if request is None:
        return {}
    csrf = context.get("csrf_token")
    return {"request": request, "csrf_token": csrf, **bar_context(request, _page_center(context))}
