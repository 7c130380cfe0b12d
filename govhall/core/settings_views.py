"""The centre's own settings in the workplace (issue 12 §1): a hub listing the
settings pages the apps register (navigation section "settings"), the opening
hours and the rule overrides (center_settings.SETTINGS). A centre admin
(hall.manage) changes them; a district supervisor reads them (report.read:
they oversee the centres' service), without the forms. Thin: services change."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from . import navigation, services
from .center_settings import SETTINGS, center_setting
from .errors import DomainError
from .hours import DAY_KEYS, DAY_LABELS, MAX_INTERVALS
from .web import center_or_404, need

READ = ("hall.manage", "report.read")  # who opens the settings pages
# Settings pages that live in another section of the navigation.
ALSO_ON_HUB = ("booking.slots",)


def _context(actor, center, **extra) -> dict:
    return {"center": center, "can_change": actor.can(center, "hall.manage"), **extra}


def hub(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, *READ)
    if refusal:
        return refusal
    links = [
        link
        for link in navigation.links(actor, found)
        if (link["section"] == "settings" or link["key"] in ALSO_ON_HUB)
        and link["key"] != "core.settings"
    ]
    return render(
        request, "core/settings/hub.html", _context(actor, found, page="hub", links=links)
    )


# --- opening hours -------------------------------------------------------------------


def _hours_from_post(post) -> tuple[dict, dict]:
    """The week typed into the form (day -> [[start, end], ...]) and the
    pairs left half empty."""
    hours, errors = {}, {}
    for key in DAY_KEYS:
        day = []
        for n in range(MAX_INTERVALS):
            start = post.get(f"d{key}-{n}-start", "").strip()[:8]
            end = post.get(f"d{key}-{n}-end", "").strip()[:8]
            if start or end:
                if not (start and end):
                    errors[key] = gettext("请同时填写开始和结束时间")
                day.append([start, end])
        hours[key] = day
    return hours, errors


def _hours_rows(hours: dict, errors: dict) -> list[dict]:
    rows = []
    for key in DAY_KEYS:
        intervals = [list(i) for i in hours.get(key) or []]
        pairs = intervals + [["", ""]] * (MAX_INTERVALS - len(intervals))
        rows.append(
            {"key": key, "label": DAY_LABELS[key], "pairs": pairs, "error": errors.get(key)}
        )
    return rows


@require_http_methods(["GET", "POST"])
def hours(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, *READ if request.method == "GET" else ("hall.manage",))
    if refusal:
        return refusal
    if request.method == "GET":
        context = _context(
            actor, found, page="hours", rows=_hours_rows(found.opening_hours or {}, {})
        )
        return render(request, "core/settings/hours.html", context)
    typed, errors = _hours_from_post(request.POST)
    if not errors:
        try:
            services.center_hours_set(actor=actor, center=found, hours=typed)
        except DomainError as exc:
            errors = exc.fields
        else:
            messages.success(request, gettext("开放时间已保存。"))
            return redirect("settings:hours", found.code)
    error = {"message": gettext("开放时间有误，请按提示修改后再保存。")}
    context = _context(actor, found, page="hours", rows=_hours_rows(typed, errors), error=error)
    return render(request, "core/settings/hours.html", context, status=422)


# --- the rules (center_settings.SETTINGS) ------------------------------------------------

GROUPS = {
    "queue": _("排队叫号"),
    "booking": _("预约"),
    "cases": _("办件"),
    "feedback": _("好差评"),
    "complaints": _("投诉"),
    "planning": _("人员调配"),
}


def _rule_rows(found, errors: dict | None = None, typed: dict | None = None) -> list[dict]:
    errors, typed = errors or {}, typed or {}
    own = found.settings or {}
    rows = []
    for key, spec in SETTINGS.items():
        kind = "bool" if isinstance(spec.default, bool) else "int"
        if not isinstance(spec.default, int):
            kind = "text"
        rows.append(
            {
                "key": key,
                "group": key.split(".")[0],
                "label": spec.label,
                "kind": kind,
                "default": spec.default,
                "value": center_setting(found, key),
                "overridden": key in own,
                "minimum": spec.minimum,
                "maximum": spec.maximum,
                "typed": typed.get(key),
                "error": errors.get(key),
            }
        )
    return rows


def _parse_value(key: str, raw: str):
    """The typed value of a form field, by the setting's type; a string the
    service refuses when it cannot be read."""
    default = SETTINGS[key].default
    raw = raw.strip()[:200]
    if isinstance(default, bool):
        return {"true": True, "false": False}.get(raw, raw)
    if isinstance(default, int):
        try:
            return int(raw, 10)
        except ValueError:
            return raw
    return raw


@require_http_methods(["GET", "POST"])
def rules(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, *READ if request.method == "GET" else ("hall.manage",))
    if refusal:
        return refusal
    if request.method == "POST":
        key = request.POST.get("key", "")[:60]
        reset = "reset" in request.POST
        raw = request.POST.get("value", "")
        value = None if reset else _parse_value(key, raw) if key in SETTINGS else raw
        try:
            services.center_setting_set(actor=actor, center=found, key=key, value=value)
        except DomainError as exc:
            message = exc.fields.get("value") or exc.message
            context = _context(
                actor,
                found,
                page="rules",
                rows=_rule_rows(found, {key: message}, {key: raw[:200]}),
                groups=GROUPS,
                error=exc,
            )
            return render(request, "core/settings/rules.html", context, status=exc.status)
        messages.success(request, gettext("已保存：%(label)s") % {"label": SETTINGS[key].label})
        return redirect(f"{request.path}#s-{key}")
    context = _context(actor, found, page="rules", rows=_rule_rows(found), groups=GROUPS)
    return render(request, "core/settings/rules.html", context)
