"""State changes of the hall's inventory: the centre's areas (001 表1, 003
四(一)1(2)), its zones (all ten of 001 表2, 表12's 应急保障室) and the
facilities and supplies of each zone (001 表3-表12, 003, 002 二(四)).
A centre admin (hall.manage) changes them; the self-audit reads them."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.errors import Conflict, NotFound, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.models import Center

from .facilities import FACILITIES
from .models import Facility, HallProfile, Zone, ZoneKind

AREA_MAX = Decimal("1000000")
COUNT_MAX = 100_000
_ZONE_CODE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


def _area(value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        area = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(_("面积须是数字"), fields={field: _("须是数字")}) from None
    if not area.is_finite() or area <= 0 or area > AREA_MAX:
        raise ValidationFailed(_("面积须大于0且不超过100万平方米"), fields={field: _("超出范围")})
    return area


@transaction.atomic
def hall_profile_set(*, actor: Actor, center: Center, building_area, hall_area) -> HallProfile:
    actor.require(center, "hall.manage")
    building, hall = _area(building_area, "building_area"), _area(hall_area, "hall_area")
    if building is not None and hall is not None and hall > building:
        raise ValidationFailed(
            _("大厅面积不能大于建筑面积"), fields={"hall_area": _("大于建筑面积")}
        )
    profile, _created = HallProfile.objects.select_for_update().get_or_create(center=center)
    profile.building_area, profile.hall_area = building, hall
    profile.updated_at, profile.updated_by = timezone.now(), actor.user
    profile.save()
    payload = {"building_area": str(building or ""), "hall_area": str(hall or "")}
    emit("hall.profile_set", center=center, aggregate=profile, payload=payload)
    audit("hall.profile_set", actor=actor, center=center, obj=profile, detail=payload)
    return profile


@transaction.atomic
def zone_create(
    *, actor: Actor, center: Center, kind: str, name: str, code: str = "", floor: str = ""
) -> Zone:
    actor.require(center, "hall.manage")
    errors = {}
    if kind not in ZoneKind.values:
        errors["kind"] = _("无效的类型")
    name = (name or "").strip()
    if not name or len(name) > 60:
        errors["name"] = _("必填，不超过60字")
    floor = (floor or "").strip()
    if len(floor) > 20:
        errors["floor"] = _("不超过20字")
    code = (code or "").strip() or _next_code(center)
    if not _ZONE_CODE.match(code):
        errors["code"] = _("编码只能由字母、数字、“-”和“_”组成，最多 32 位")
    if errors:
        raise ValidationFailed(_("功能区信息有误"), code="invalid_zone", fields=errors)
    if Zone.objects.filter(center=center, code=code).exists():
        raise Conflict(_("编码已被使用"), code="zone_code_taken", fields={"code": _("已被使用")})
    zone = Zone.objects.create(center=center, code=code, name=name, kind=kind, floor=floor)
    emit("hall.zone_created", center=center, aggregate=zone, payload={"kind": kind})
    audit("hall.zone_created", actor=actor, center=center, obj=zone)
    return zone


def _next_code(center: Center) -> str:
    taken = set(Zone.objects.filter(center=center).values_list("code", flat=True))
    n = 1
    while f"Z{n:02d}" in taken:
        n += 1
    return f"Z{n:02d}"


def _zone(actor: Actor, center: Center, zone: Zone) -> Zone:
    if zone is None or zone.center_id != center.pk:
        raise NotFound(_("功能区不存在"), fields={"zone": _("无效的功能区")})
    return zone


@transaction.atomic
def facility_set(
    *,
    actor: Actor,
    center: Center,
    zone: Zone,
    kind: str,
    count: int,
    location: str = "",
    note: str = "",
) -> Facility:
    """Record how many of `kind` the zone holds and where (one line per kind and
    zone: setting it again updates the line)."""
    actor.require(center, "hall.manage")
    zone = _zone(actor, center, zone)
    errors = {}
    if kind not in FACILITIES:
        errors["kind"] = _("无效的设施设备")
    if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= COUNT_MAX:
        errors["count"] = _("数量须是0至100000的整数")
    location, note = (location or "").strip(), (note or "").strip()
    if len(location) > 60:
        errors["location"] = _("不超过60字")
    if len(note) > 200:
        errors["note"] = _("不超过200字")
    if errors:
        raise ValidationFailed(_("设施信息有误"), code="invalid_facility", fields=errors)
    facility, _created = Facility.objects.select_for_update().get_or_create(
        zone=zone,
        kind=kind,
        defaults={"center": center, "count": count, "updated_at": timezone.now()},
    )
    facility.count, facility.location, facility.note = count, location, note
    facility.updated_at, facility.updated_by = timezone.now(), actor.user
    facility.save()
    payload = {"kind": kind, "zone": zone.code, "count": count}
    emit("hall.facility_set", center=center, aggregate=facility, payload=payload)
    audit("hall.facility_set", actor=actor, center=center, obj=facility, detail=payload)
    return facility


@transaction.atomic
def facility_remove(*, actor: Actor, center: Center, facility: Facility) -> None:
    actor.require(center, "hall.manage")
    if facility.center_id != center.pk:
        raise NotFound(_("对象不存在或无权访问"))
    payload = {"kind": facility.kind, "zone": facility.zone.code}
    emit("hall.facility_removed", center=center, aggregate=facility, payload=payload)
    audit("hall.facility_removed", actor=actor, center=center, obj=facility, detail=payload)
    facility.delete()
