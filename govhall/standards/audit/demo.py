"""Demo of the self-audit, made through the services:
- SC-QZX (district) nearly compliant: all its zones and nearly all facilities; a
  guide robot, the professional first-aid kit and a braille board missing, one
  rule missing and one past its review; the first-aid kit bought since and its
  task closed by the duty manager with a photo, waiting for the district;
- SC-YX (town) with visible gaps: a 130 m² hall, no archive room, facilities and
  rules missing, too few staff for C.3.2; a self-audit 40 days ago whose tasks are
  now overdue; the plaque's photo uploaded, not yet confirmed.
Idempotent: each thing is made only when it is not there yet."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from govhall.core.actors import actor_for_user
from govhall.core.models import User
from govhall.hall import inventory
from govhall.hall.facilities import FACILITIES
from govhall.hall.models import Facility, HallProfile, Zone, ZoneKind

from ..demo_files import png
from ..rules import demo as rules_demo
from ..tasks import services as tasks
from ..tasks.models import RectificationTask, TaskStatus
from . import services
from .models import AuditRun, Evidence, Requirement
from .requirements_file import load_requirements

ZONES = {
    "SC-QZX": [
        ("F", "政务公开专区", ZoneKind.PUBLICITY, "1F"),
        ("G", "便民服务区", ZoneKind.CONVENIENCE, "1F"),
        ("H", "后台办公区", ZoneKind.OFFICE, "2F"),
        ("J", "设备机房", ZoneKind.EQUIPMENT, "B1"),
        ("K", "档案室", ZoneKind.ARCHIVE, "3F"),
        ("L", "母婴室", ZoneKind.NURSING, "1F"),
        ("M", "应急保障室", ZoneKind.EMERGENCY, "1F"),
        ("N", "公共区域", ZoneKind.OTHER, "1F"),
    ],
    "SC-YX": [
        ("G", "便民服务区", ZoneKind.CONVENIENCE, "1F"),
        ("H", "后台协同区", ZoneKind.OFFICE, "1F"),
        ("J", "设备间", ZoneKind.EQUIPMENT, "1F"),
        ("M", "应急处理室", ZoneKind.EMERGENCY, "1F"),
        ("N", "公共区域", ZoneKind.OTHER, "1F"),
    ],
}
AREAS = {"SC-QZX": ("21500", "3200"), "SC-YX": ("760", "130")}
LEFT_OUT = {
    "SC-QZX": {"guide_robot", "pro_first_aid", "braille_board", "electronic_magnifier"},
    "SC-YX": {
        "access_control",
        "priority_seat",
        "ink_pad",
        "duty_board",
        "ups",
        "voice_call",
        "locker",
        "correction_tape",
        "charger",
        "wheelchair",
        "hearing_aid",
        "writing_board",
        "braille_board",
        "electronic_magnifier",
        "handheld_magnifier",
        "accessible_lift",
        "call_bell",
        "epidemic_supplies",
        "pro_first_aid",
        "guide_robot",
    },
}
COUNTS = {
    "chairs": {"SC-QZX": 180, "SC-YX": 36},
    "desk_chair": {"SC-QZX": 40, "SC-YX": 8},
    "computer": {"SC-QZX": 42, "SC-YX": 8},
    "service_counter": {"SC-QZX": 18, "SC-YX": 7},
    "evaluator": {"SC-QZX": 22, "SC-YX": 8},
    "id_reader": {"SC-QZX": 18, "SC-YX": 7},
    "window_sign": {"SC-QZX": 18, "SC-YX": 7},
    "priority_seat": {"SC-QZX": 12, "SC-YX": 4},
    "self_terminal": {"SC-QZX": 12, "SC-YX": 3},
    "stationery": {"SC-QZX": 30, "SC-YX": 10},
    "reading_glasses": {"SC-QZX": 10, "SC-YX": 4},
    "fire_equipment": {"SC-QZX": 24, "SC-YX": 6},
}
OWNERS = {"SC-QZX": "qzx_duty", "SC-YX": "yx_admin"}
ADMINS = {"SC-QZX": "qzx_admin", "SC-YX": "yx_admin"}


def _user(name: str) -> User | None:
    return User.objects.filter(username=name).first()


def _zones(center, code: str, actor) -> dict[str, Zone]:
    for zcode, name, kind, floor in ZONES[code]:
        if not center.zones.filter(kind=kind).exists():
            inventory.zone_create(
                actor=actor, center=center, kind=kind, name=name, code=zcode, floor=floor
            )
    zones: dict[str, Zone] = {}
    for zone in center.zones.order_by("code"):
        zones.setdefault(zone.kind, zone)
    return zones


def _stock(center, code: str, actor) -> None:
    if not HallProfile.objects.filter(center=center).exists():
        building, hall = AREAS[code]
        inventory.hall_profile_set(
            actor=actor, center=center, building_area=building, hall_area=hall
        )
    zones = _zones(center, code, actor)
    level = center.level
    for req in Requirement.objects.filter(function="facility").order_by("order"):
        kind = req.params["kind"]
        if req.applies(level) == "–" or kind in LEFT_OUT[code]:
            continue
        wanted = req.params.get("zones") or [str(z) for z in FACILITIES[kind][1]]
        zone = next((zones[z] for z in wanted if z in zones), None)
        if zone is None:
            if req.params.get("zones"):
                continue  # the zone itself is missing: the audit says so
            zone = zones.get(ZoneKind.OTHER) or zones[ZoneKind.GUIDANCE]
        if Facility.objects.filter(center=center, kind=kind).exists() and not req.params.get(
            "zones"
        ):
            continue  # a 003/002 row already met by the 表3-表12 stock
        if Facility.objects.filter(zone=zone, kind=kind).exists():
            continue
        count = COUNTS.get(kind, {}).get(code) or 1 + (len(kind) % 3)
        inventory.facility_set(
            actor=actor,
            center=center,
            zone=zone,
            kind=kind,
            count=count,
            location=f"{zone.floor} {zone.name}".strip(),
        )


def _evidence(center, ref: str, uploader, confirmer, note: str) -> None:
    req = Requirement.objects.filter(ref=ref).first()
    if req is None or Evidence.objects.filter(center=center, requirement=req).exists():
        return
    evidence = services.evidence_upload(
        actor=actor_for_user(uploader),
        center=center,
        requirement=req,
        file=png(f"{ref.replace('/', '_')}.png"),
        note=note,
    )
    if confirmer is not None:
        services.evidence_confirm(actor=actor_for_user(confirmer), evidence=evidence)


def load(centers: dict) -> None:
    qzx, yx = centers.get("SC-QZX"), centers.get("SC-YX")
    supervisor = _user("district_supervisor")
    admins = {code: _user(name) for code, name in ADMINS.items()}
    if qzx is None or yx is None or None in admins.values():
        return
    if not Requirement.objects.exists():  # a test run flushed what the migration loaded
        load_requirements(Requirement)
    for code, center in (("SC-QZX", qzx), ("SC-YX", yx)):
        _stock(center, code, actor_for_user(admins[code]))
    rules_demo.load(centers)
    _evidence(qzx, "002/二(四)/12", admins["SC-QZX"], supervisor, "一楼大厅入口爱心设施示意图")
    _evidence(yx, "003/四(一)1(2)/2", admins["SC-YX"], supervisor, "服务大厅位于一楼临街")
    _evidence(yx, "003/四(一)1(3)/1", admins["SC-YX"], None, "正门牌匾")
    now = timezone.now()
    if not AuditRun.objects.filter(center=yx).exists():
        earlier = now - dt.timedelta(days=40)
        services.audit_run(
            actor=actor_for_user(admins["SC-YX"]),
            center=yx,
            owner=_user(OWNERS["SC-YX"]),
            due=timezone.localdate(earlier) + dt.timedelta(days=30),
            now=earlier,
        )
    if not AuditRun.objects.filter(center=qzx).exists():
        services.audit_run(
            actor=actor_for_user(admins["SC-QZX"]), center=qzx, owner=_user(OWNERS["SC-QZX"])
        )
    _first_aid_bought(qzx, admins["SC-QZX"], _user(OWNERS["SC-QZX"]))


def _first_aid_bought(center, admin, duty) -> None:
    """The professional first-aid kit (001 表12/3) came; the duty manager closes its task."""
    task = RectificationTask.objects.filter(
        center=center, source="audit", ref="001/表12/3", status=TaskStatus.OPEN
    ).first()
    if task is None or duty is None:
        return
    zone = center.zones.filter(kind=ZoneKind.EMERGENCY).first()
    inventory.facility_set(
        actor=actor_for_user(admin),
        center=center,
        zone=zone,
        kind="pro_first_aid",
        count=1,
        location=f"{zone.floor} {zone.name}",
        note="除颤仪（AED）1台、氧气袋2个",
    )
    tasks.task_close(
        actor=actor_for_user(duty),
        task=task,
        note="已购置除颤仪（AED）1台、氧气袋2个，放置于一楼应急保障室，已组织使用培训。",
        evidence=png("aed.png", rgb=(200, 60, 50)),
    )
