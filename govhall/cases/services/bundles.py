"""一件事: a bundle of items taken in as one (one form, the applicant's details
and each shared material once), a case per item underneath (case_intake: its own
number, clock and department, so different departments work at the same time),
one combined notice, one output once every result is ready. The bundle's
progress is its slowest case's."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import ServiceItem
from govhall.core.actors import Actor
from govhall.core.errors import InvalidTransition, NotFound, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.models import Center
from govhall.core.services import counter_next

from .. import bundle_documents
from ..models import (
    CLOSED,
    Bundle,
    BundleApplication,
    BundleItem,
    BundleMember,
    Case,
    CaseStatus,
    Delivery,
)
from .base import _acting_user, _now, _require_clerk
from .intake import _clean_text, _outstanding, case_intake, case_supplement
from .output import case_deliver

MAX_ITEMS = 8
# Waiting for the applicant: the bundle cannot be ready before these move.
_WAITING = (CaseStatus.SUPPLEMENT,)
# The result exists and waits to be handed out.
_READY = (CaseStatus.DECIDED, CaseStatus.COMMITTED)


# --- the definition (catalog.manage at the centre) --------------------------------------


@transaction.atomic
def bundle_save(
    *,
    actor: Actor,
    center: Center,
    name: str,
    item_codes: list[str],
    description: str = "",
    active: bool = True,
    bundle: Bundle | None = None,
    now: dt.datetime | None = None,
) -> Bundle:
    """Create or edit a 一件事 from items stationed and published at the centre."""
    actor.require(center, "catalog.manage")
    if bundle is not None and bundle.center_id != center.pk:
        raise NotFound(_("对象不存在或无权访问"))
    name = _clean_text(name, "name", limit=60)
    description = _clean_text(description, "description", limit=300, required=False)
    codes = [c.strip() for c in item_codes if c and c.strip()]
    if len(codes) < 2:
        raise ValidationFailed(
            _("一件事至少包含两个事项"), code="bundle_too_small", fields={"items": _("至少两个")}
        )
    if len(codes) > MAX_ITEMS or len(set(codes)) != len(codes):
        raise ValidationFailed(
            _("事项重复或过多"),
            code="bundle_items_invalid",
            fields={"items": _("最多 %(n)s 个且不可重复") % {"n": MAX_ITEMS}},
        )
    found = {
        i.code: i
        for i in ServiceItem.objects.filter(
            code__in=[c for c in codes if "\x00" not in c and len(c) <= 40],
            published_version__isnull=False,
            stationings__center=center,
            stationings__active=True,
        )
    }
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise ValidationFailed(
            _("事项未在本中心进驻或未发布"),
            code="item_not_served",
            fields={"items": "、".join(unknown)[:200]},
        )
    clash = Bundle.objects.filter(center=center, name=name)
    if bundle is not None:
        clash = clash.exclude(pk=bundle.pk)
    if clash.exists():
        raise ValidationFailed(_("名称已存在"), code="bundle_name_taken", fields={"name": name})
    now = _now(now)
    if bundle is None:
        bundle = Bundle.objects.create(
            center=center, name=name, description=description, active=active, updated_at=now
        )
    else:
        bundle = Bundle.objects.select_for_update().get(pk=bundle.pk)
        bundle.name, bundle.description, bundle.active = name, description, active
        bundle.updated_at = now
        bundle.save()
        bundle.entries.all().delete()
    BundleItem.objects.bulk_create(
        BundleItem(bundle=bundle, item=found[c], position=i) for i, c in enumerate(codes)
    )
    audit(
        "case.bundle_saved",
        actor=actor,
        center=center,
        obj=bundle,
        detail={"name": name, "items": codes, "active": active},
    )
    return bundle


# --- intake ---------------------------------------------------------------------------


def bundle_items(bundle: Bundle) -> list[ServiceItem]:
    return [
        e.item for e in bundle.entries.select_related("item__published_version", "item__department")
    ]


def bundle_materials(bundle: Bundle) -> list[dict]:
    """The union of the items' published materials, a shared material (the same
    name) once, in the order the items list them: what the form asks."""
    union: dict[str, dict] = {}
    for item in bundle_items(bundle):
        for m in item.published_version.materials.all():
            entry = union.setdefault(
                m.name, {"name": m.name, "required": False, "notes": m.notes, "items": []}
            )
            entry["required"] = entry["required"] or m.required
            entry["items"].append(item.published_version.name)
    return list(union.values())


def _checklists(bundle: Bundle, entries: list[dict]) -> dict[int, list[dict]]:
    """Each item's checklist from the one list of the form, keyed by name."""
    names = {m["name"] for m in bundle_materials(bundle)}
    given: dict[str, dict] = {}
    errors: dict = {}
    for i, entry in enumerate(entries):
        key = entry.get("material") if isinstance(entry, dict) else None
        if not isinstance(key, str) or key.strip() not in names:
            errors[f"materials[{i}].material"] = _("不是该一件事所含事项的材料")
        elif key.strip() in given:
            errors[f"materials[{i}].material"] = _("同一材料重复核对")
        else:
            given[key.strip()] = entry
    if errors:
        raise ValidationFailed(_("材料核对清单有误"), code="invalid_checklist", fields=errors)
    out: dict[int, list[dict]] = {}
    for item in bundle_items(bundle):
        out[item.pk] = [
            {
                "material": m.pk,
                "status": given[m.name].get("status"),
                "note": given[m.name].get("note", ""),
            }
            for m in item.published_version.materials.all()
            if m.name in given
        ]
    return out


def _new_number(center: Center, day: dt.date) -> str:
    seq = counter_next(f"bundle:{center.pk}:{day.year}")
    return f"{center.code}-{day.year}-Y{seq:05d}"


@transaction.atomic
def bundle_intake(
    *,
    actor: Actor,
    center: Center,
    bundle: Bundle,
    applicant: dict,
    materials: list[dict],
    proxy: dict | None = None,
    delivery: dict | None = None,
    ticket_id: int | None = None,
    now: dt.datetime | None = None,
) -> BundleApplication:
    """One intake for every item of the bundle: each case goes through
    case_intake with its own checklist drawn from the one form, so each gets
    its outcome, notice and clock; any error writes nothing at all."""
    _require_clerk(actor, center)
    bundle = Bundle.objects.filter(pk=bundle.pk).first()  # as it is now, not as the form saw it
    if bundle is None or bundle.center_id != center.pk or not bundle.active:
        raise NotFound(_("一件事不存在或未启用"), code="bundle_not_found")
    now = _now(now)
    lists = _checklists(bundle, materials or [])
    cases = [
        case_intake(
            actor=actor,
            center=center,
            item_code=item.code,
            applicant=applicant,
            materials=lists[item.pk],
            proxy=proxy,
            delivery=delivery,
            ticket_id=ticket_id if n == 0 else None,
            now=now,
        )
        for n, item in enumerate(bundle_items(bundle))
    ]
    application = BundleApplication(
        center=center,
        bundle=bundle,
        number=_new_number(center, timezone.localdate(now)),
        bundle_name=bundle.name,
        applicant_name=cases[0].applicant_name,
        received_by=_acting_user(actor),
        received_at=now,
    )
    pdf = bundle_documents.render(application, cases, when=now)
    application.notice, application.notice_sha256 = pdf, hashlib.sha256(pdf).hexdigest()
    application.save()
    BundleMember.objects.bulk_create(
        BundleMember(application=application, case=c, position=i) for i, c in enumerate(cases)
    )
    emit(
        "case.bundle_received",
        center=center,
        aggregate=application,
        payload={
            "number": application.number,
            "bundle": bundle.pk,
            "cases": [c.number for c in cases],
            "waiting": sum(c.status == CaseStatus.SUPPLEMENT for c in cases),
        },
    )
    return application


def bundle_wanted(application: BundleApplication) -> list[dict]:
    """What the bundle still waits for: each outstanding material once (by
    name), with the cases that need it."""
    wanted: dict[str, dict] = {}
    for m in application.members.select_related("case"):
        if m.case.status != CaseStatus.SUPPLEMENT:
            continue
        for line in _outstanding(m.case):
            wanted.setdefault(line.name, {"name": line.name, "cases": []})["cases"].append(
                m.case.number
            )
    return list(wanted.values())


@transaction.atomic
def bundle_supplement(
    *,
    actor: Actor,
    application: BundleApplication,
    materials: list[dict],
    now: dt.datetime | None = None,
) -> BundleApplication:
    """补正 of the bundle: each outstanding material checked once (by name) and
    passed to every waiting case's case_supplement (only its outstanding lines)."""
    _require_clerk(actor, application.center)
    now = _now(now)
    application = BundleApplication.objects.select_for_update().get(pk=application.pk)
    wanted = {w["name"] for w in bundle_wanted(application)}
    if not wanted:
        raise InvalidTransition(_("一件事没有待补正的材料"), code="nothing_to_supplement")
    given: dict[str, dict] = {}
    for i, entry in enumerate(materials or []):
        key = entry.get("material") if isinstance(entry, dict) else None
        if not isinstance(key, str) or key not in wanted or key in given:
            raise ValidationFailed(
                _("材料核对清单有误"),
                code="invalid_checklist",
                fields={f"materials[{i}].material": _("不是待补正的材料")},
            )
        given[key] = entry
    for m in application.members.select_related("case"):
        case = m.case
        if case.status != CaseStatus.SUPPLEMENT:
            continue
        lines = _outstanding(case)
        case_supplement(
            actor=actor,
            case=case,
            materials=[
                {
                    "material": line.material_id,
                    "status": given.get(line.name, {}).get("status"),
                    "note": given.get(line.name, {}).get("note", ""),
                }
                for line in lines
                if line.name in given
            ],
            now=now,
        )
    emit(
        "case.bundle_supplemented",
        center=application.center,
        aggregate=application,
        payload={"number": application.number},
    )
    return application


# --- progress and the one output -------------------------------------------------------


def slowest(cases: list[Case]) -> Case | None:
    """The case the bundle waits for: one waiting for the applicant's materials
    before any other (its date is not known yet), then the latest due date among
    the open cases; None when nothing is open."""
    open_ = [c for c in cases if c.status not in CLOSED and c.status not in _READY]
    if not open_:
        return None
    waiting = [c for c in open_ if c.status in _WAITING or c.due_date is None]
    if waiting:
        return waiting[0]
    return max(open_, key=lambda c: (c.due_date, c.due_date_provisional))


def bundle_progress(application: BundleApplication) -> dict:
    """The bundle's status and date are its slowest case's."""
    cases = [m.case for m in application.members.select_related("case__department")]
    slow = slowest(cases)
    if application.delivered_at or all(c.status in CLOSED for c in cases):
        state, label = "completed", _("已办结")
    elif slow is None:
        state, label = "ready", _("结果已全部就绪，待统一出件")
    elif slow.status in _WAITING:
        state, label = "supplement", _("待补正")
    else:
        state, label = "in_progress", _("办理中")
    return {
        "state": state,
        "label": label,
        "slowest": slow,
        "due_date": slow.due_date if slow else None,
        "due_date_provisional": bool(slow and slow.due_date_provisional),
        "cases": cases,
        "ready": state == "ready",
    }


@transaction.atomic
def bundle_deliver(
    *,
    actor: Actor,
    application: BundleApplication,
    collector_name: str = "",
    collector_id_number: str = "",
    signature: str = "",
    entrusted: bool = False,
    tracking_number: str = "",
    now: dt.datetime | None = None,
) -> BundleApplication:
    """统一出件: every result handed out together, once all are ready; each
    case through case_deliver (identity, signature, fees, its completion record)."""
    _require_clerk(actor, application.center)
    now = _now(now)
    application = BundleApplication.objects.select_for_update().get(pk=application.pk)
    if application.delivered_at is not None:
        raise InvalidTransition(_("一件事结果已统一出件"), code="already_delivered")
    progress = bundle_progress(application)
    if not progress["ready"]:
        raise InvalidTransition(
            _("尚有事项未办结，结果须全部就绪后统一出件"), code="bundle_not_ready"
        )
    handed = 0
    for case in progress["cases"]:
        if case.status in _READY and not Delivery.objects.filter(case=case).exists():
            case_deliver(
                actor=actor,
                case=case,
                collector_name=collector_name,
                collector_id_number=collector_id_number,
                signature=signature,
                entrusted=entrusted,
                tracking_number=tracking_number,
                now=now,
            )
            handed += 1
    application.delivered_at, application.delivered_by = now, _acting_user(actor)
    application.save(update_fields=["delivered_at", "delivered_by"])
    emit(
        "case.bundle_delivered",
        center=application.center,
        aggregate=application,
        payload={"number": application.number, "delivered": handed},
    )
    return application
