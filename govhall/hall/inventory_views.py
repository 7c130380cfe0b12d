"""The facility inventory settings page, /settings/<centre>/facilities/: the
centre's areas, its zones and each zone's facilities and supplies. A centre
admin (hall.manage) changes; the district and the self-audit's readers
(standards.read, report.read) look. Thin: hall.inventory changes."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from govhall.core.errors import DomainError
from govhall.core.web import center_or_404, need

from . import inventory
from .facilities import FACILITIES, choices_for, label
from .models import Facility, HallProfile, ZoneKind

READ = ("hall.manage", "standards.read", "report.read")
CHANGE = ("hall.manage",)


def _int(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) <= 9 else None


def _context(actor, center, error=None, posted=None) -> dict:
    zones = list(center.zones.order_by("code").prefetch_related("facilities"))
    for zone in zones:
        zone.lines = sorted(
            ((label(f.kind), f) for f in zone.facilities.all()), key=lambda p: p[1].kind
        )
        zone.choices = choices_for(zone.kind)
    present = {z.kind for z in zones}
    profile = HallProfile.objects.filter(center=center).first()
    posted = posted or {}
    areas = {
        name: posted.get(name, getattr(profile, name, None) if profile else None)
        for name in ("building_area", "hall_area")
    }
    return {
        "center": center,
        "page": "facilities",
        "can_change": actor.can(center, "hall.manage"),
        "profile": profile,
        "areas": areas,
        "zones": zones,
        "zone_kinds": ZoneKind.choices,
        "missing_kinds": [(k, v) for k, v in ZoneKind.choices if k not in present],
        "error": error,
        "posted": posted,
        "kinds": len(FACILITIES),
    }


def _refused(request, actor, center, exc: DomainError, posted):
    context = _context(actor, center, exc, posted)
    return render(request, "hall/settings/facilities.html", context, status=exc.status)


@require_http_methods(["GET", "POST"])
def facilities(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, *(READ if request.method == "GET" else CHANGE))
    if refusal:
        return refusal
    if request.method == "GET":
        return render(request, "hall/settings/facilities.html", _context(actor, found))
    zone = found.zones.filter(pk=_int(request.POST.get("zone")) or 0).first()
    count = _int(request.POST.get("count"))
    try:
        if zone is None:
            raise Http404
        facility = inventory.facility_set(
            actor=actor,
            center=found,
            zone=zone,
            kind=(request.POST.get("kind") or "")[:40],
            count=count if count is not None else -1,
            location=request.POST.get("location", ""),
            note=request.POST.get("note", ""),
        )
    except DomainError as exc:
        return _refused(request, actor, found, exc, request.POST)
    messages.success(
        request,
        gettext("已登记：%(zone)s · %(f)s") % {"zone": zone.name, "f": facility},
    )
    return redirect(f"{request.path}#zone-{zone.code}")


@require_POST
def profile(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, *CHANGE)
    if refusal:
        return refusal
    try:
        inventory.hall_profile_set(
            actor=actor,
            center=found,
            building_area=request.POST.get("building_area", "")[:20],
            hall_area=request.POST.get("hall_area", "")[:20],
        )
    except DomainError as exc:
        return _refused(request, actor, found, exc, request.POST)
    messages.success(request, gettext("面积已保存。"))
    return redirect("windows:facilities", found.code)


@require_POST
def zone_add(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, *CHANGE)
    if refusal:
        return refusal
    kind = (request.POST.get("kind") or "")[:20]
    try:
        zone = inventory.zone_create(
            actor=actor,
            center=found,
            kind=kind,
            name=request.POST.get("name", "")[:100] or dict(ZoneKind.choices).get(kind, ""),
            code=request.POST.get("code", "")[:40],
            floor=request.POST.get("floor", "")[:40],
        )
    except DomainError as exc:
        return _refused(request, actor, found, exc, request.POST)
    messages.success(request, gettext("已新增功能区：%(z)s") % {"z": zone.name})
    return redirect("windows:facilities", found.code)


@require_POST
def facility_remove(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, *CHANGE)
    if refusal:
        return refusal
    facility = Facility.objects.filter(center=found, pk=pk).select_related("zone").first()
    if facility is None:
        raise Http404
    zone = facility.zone
    inventory.facility_remove(actor=actor, center=found, facility=facility)
    messages.success(request, gettext("已删除该设施。"))
    return redirect(f"{request.path.rsplit('/', 3)[0]}/#zone-{zone.code}")
