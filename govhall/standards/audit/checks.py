"""The automatic checks of the requirements file (its `function` names), each a
plain function of what the centre's data says: (status, what it found).

The data is read once per centre into a Facts; a check never writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.cases.models import Case
from govhall.core.models import Center
from govhall.hall.facilities import label as facility_label
from govhall.hall.models import Facility, HallProfile, Window, WindowType, ZoneKind
from govhall.staff.models import StaffProfile
from govhall.staff.norms import c32_norm

from ..rules import selectors as rules
from .models import Evidence

MET, NOT_MET, NOT_APPLICABLE, UNCHECKED = "met", "not_met", "not_applicable", "unchecked"
SPECIAL_WINDOWS = {
    WindowType.CROSS_PROVINCE,
    WindowType.ONE_THING,
    WindowType.ONE_INDUSTRY,
    WindowType.INSTANT,
    WindowType.ASSIST,
}
ZONE_NAMES = dict(ZoneKind.choices)
WINDOW_NAMES = dict(WindowType.choices)


@dataclass
class Facts:
    center: Center
    today: dt.date
    building_area: Decimal | None = None
    hall_area: Decimal | None = None
    zone_kinds: set = field(default_factory=set)
    # (zone kind, facility kind) -> (count, locations)
    facilities: dict = field(default_factory=dict)
    windows: dict = field(default_factory=dict)  # active windows by type
    rules: dict = field(default_factory=dict)  # key -> RuleState
    staff: int = 0
    yearly_cases: int = 0
    evidence: dict = field(default_factory=dict)  # requirement id -> [Evidence]


def facts_for(center: Center, now: dt.datetime | None = None) -> Facts:
    now = now or timezone.now()
    today = timezone.localdate(now)
    facts = Facts(center=center, today=today)
    profile = HallProfile.objects.filter(center=center).first()
    if profile:
        facts.building_area, facts.hall_area = profile.building_area, profile.hall_area
    facts.zone_kinds = set(center.zones.values_list("kind", flat=True))
    for f in Facility.objects.filter(center=center).select_related("zone"):
        count, places = facts.facilities.get((f.zone.kind, f.kind), (0, []))
        place = f.location or f.zone.name
        facts.facilities[(f.zone.kind, f.kind)] = (count + f.count, [*places, place])
    for row in (
        Window.objects.filter(center=center, is_active=True)
        .values("type")
        .annotate(n=Sum(1))
        .order_by()
    ):
        facts.windows[row["type"]] = row["n"]
    facts.rules = {s.key: s for s in rules.rule_states(center, today)}
    facts.staff = (
        StaffProfile.objects.filter(center=center, is_active=True)
        .exclude(ended_on__lt=today)
        .exclude(started_on__gt=today)
        .count()
    )
    facts.yearly_cases = Case.objects.filter(
        center=center, received_at__gt=now - dt.timedelta(days=365), received_at__lte=now
    ).count()
    for ev in Evidence.objects.filter(center=center).select_related("uploaded_by", "confirmed_by"):
        facts.evidence.setdefault(ev.requirement_id, []).append(ev)
    return facts


def _area(value: Decimal | None, minimum, what: str):
    if value is None:
        return UNCHECKED, _("未登记%(what)s") % {"what": what}
    text = f"{value:f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    shown = _("%(what)s%(v)s平方米") % {"what": what, "v": text}
    if minimum is None or value >= minimum:
        return MET, shown
    return NOT_MET, _("%(shown)s，低于%(min)s平方米") % {"shown": shown, "min": minimum}


def building_area(facts: Facts, params: dict):
    return _area(facts.building_area, params.get("min"), _("建筑面积"))


def hall_area(facts: Facts, params: dict):
    return _area(facts.hall_area, params.get("min"), _("服务大厅面积"))


def zone(facts: Facts, params: dict):
    kind = params["kind"]
    if kind in facts.zone_kinds:
        return MET, _("已设置%(z)s") % {"z": ZONE_NAMES.get(kind, kind)}
    return NOT_MET, _("未设置%(z)s") % {"z": ZONE_NAMES.get(kind, kind)}


def window_type(facts: Facts, params: dict):
    kind, need = params["type"], params.get("min", 1)
    have = facts.windows.get(kind, 0)
    shown = _("%(w)s %(n)d个") % {"w": WINDOW_NAMES.get(kind, kind), "n": have}
    if have >= need:
        return MET, shown
    return NOT_MET, _("%(shown)s，应不少于%(need)d个") % {"shown": shown, "need": need}


def facility(facts: Facts, params: dict):
    kind, zones, when = params["kind"], params.get("zones"), params.get("when")
    if when == "special_window" and not any(facts.windows.get(t) for t in SPECIAL_WINDOWS):
        return NOT_APPLICABLE, _("未设专窗")
    if when == "smart_window" and not facts.windows.get(WindowType.SMART):
        return NOT_APPLICABLE, _("未设政务智能窗口")
    if zones and not set(zones) & facts.zone_kinds:
        names = "、".join(str(ZONE_NAMES.get(z, z)) for z in zones)
        return NOT_MET, _("未设置%(z)s") % {"z": names}
    count, places = 0, []
    for (zone_kind, facility_kind), (n, where) in facts.facilities.items():
        if facility_kind == kind and (not zones or zone_kind in zones) and n > 0:
            count += n
            places += where
    name = facility_label(kind)
    if count:
        return MET, _("%(f)s %(n)d（%(p)s）") % {
            "f": name,
            "n": count,
            "p": "、".join(dict.fromkeys(places)),
        }
    return NOT_MET, _("清单中没有%(f)s") % {"f": name}


def rule(facts: Facts, params: dict):
    state = facts.rules.get(params["key"])
    if state is None or state.document is None:
        return NOT_MET, _("未上传制度文件")
    doc = state.document
    shown = _("%(v)s，%(d)s印发") % {"v": doc.version, "d": doc.issued_on.isoformat()}
    if state.status == rules.DUE:
        return NOT_MET, _("%(shown)s，已超过复审期（应于%(by)s前复审）") % {
            "shown": shown,
            "by": state.review_by.isoformat(),
        }
    return MET, shown


def staffing_c32(facts: Facts, params: dict):
    norm = c32_norm(facts.yearly_cases)
    shown = _("在岗%(s)d人；近12个月受理%(c)d件，应不少于%(low)d人") % {
        "s": facts.staff,
        "c": facts.yearly_cases,
        "low": norm.low,
    }
    return (MET if facts.staff >= norm.low else NOT_MET), shown


FUNCTIONS = {
    "building_area": building_area,
    "hall_area": hall_area,
    "zone": zone,
    "window_type": window_type,
    "facility": facility,
    "rule": rule,
    "staffing_c32": staffing_c32,
}


def evidence_status(facts: Facts, requirement_id: int):
    """(status, what, the evidence shown): met once someone confirmed a file."""
    found = facts.evidence.get(requirement_id, [])
    confirmed = [e for e in found if e.confirmed_at]
    if confirmed:
        e = confirmed[0]
        who = e.confirmed_by.display_name if e.confirmed_by else ""
        return MET, _("%(who)s于%(at)s确认") % {"who": who, "at": e.confirmed_at.date()}, e
    if found:
        return UNCHECKED, _("佐证已上传，待确认"), found[0]
    return UNCHECKED, _("未上传佐证"), None
