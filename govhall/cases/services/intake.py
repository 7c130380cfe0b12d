"""Intake at the window: the checklist, the one-time notice and 补正, refusal,
即办, 告知承诺 and routing to the back office."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import ApprovalMode, ServiceItem
from govhall.core.actors import Actor
from govhall.core.center_settings import center_setting
from govhall.core.errors import (
    NotFound,
    ValidationFailed,
)
from govhall.core.events import audit
from govhall.core.identity import parse_credit_code, parse_id_number, parse_phone
from govhall.core.models import Center
from govhall.core.names import check_name
from govhall.core.notify import official as _official
from govhall.core.services import counter_next
from govhall.core.workdays import WorkingCalendar
from govhall.queueing.models import ACTIVE as TICKET_ACTIVE
from govhall.queueing.models import Ticket

from ..models import (
    ApplicantKind,
    Case,
    CaseMaterial,
    CaseStatus,
    Decision,
    Delivery,
    DeliveryMethod,
    DocumentKind,
    MaterialStatus,
    ParallelTask,
    Source,
    Step,
)
from .base import (
    CHECK_CODE_DIGITS,
    DUE_FIELDS,
    MAX_TEXT,
    _acting_user,
    _emit,
    _issue,
    _lock,
    _now,
    _recompute_due,
    _require_clerk,
    _require_status,
    _step,
)
from .closing import (
    _close,
)
from .decisions import record_decision

# --- intake ----------------------------------------------------------------------------


def _prefixed(exc: ValidationFailed, prefix: str) -> ValidationFailed:
    return ValidationFailed(
        exc.message, code=exc.code, fields={f"{prefix}.{k}": v for k, v in exc.fields.items()}
    )


def _clean_text(value, field: str, *, limit: int, required: bool = True) -> str:
    # NUL is never text a person meant, and PostgreSQL refuses it.
    text = (value or "").replace("\x00", "").strip()
    if required and not text:
        raise ValidationFailed(_("请填写%(what)s") % {"what": field}, fields={field: _("必填")})
    if len(text) > limit:
        raise ValidationFailed(
            _("内容过长"), fields={field: _("不能超过 %(n)s 个字符") % {"n": limit}}
        )
    return text


def _clean_applicant(raw: dict, today: dt.date) -> dict:
    kind = raw.get("kind")
    if kind not in ApplicantKind.values:
        raise ValidationFailed(
            _("申请人类型应为 person 或 company"), fields={"applicant.kind": _("取值无效")}
        )
    name = check_name(_clean_text(raw.get("name"), "applicant.name", limit=100), "applicant.name")
    out = {"applicant_kind": kind, "applicant_name": name, "credit_code": ""}
    try:
        if kind == ApplicantKind.PERSON:
            if not raw.get("id_number"):
                message = _("自然人申请须提供身份证件号码")
                raise ValidationFailed(message, fields={"id_number": message})
            out["applicant_id_number"] = parse_id_number(raw["id_number"], today=today)
        else:
            if not raw.get("credit_code"):
                message = _("法人或其他组织申请须提供统一社会信用代码")
                raise ValidationFailed(message, fields={"credit_code": message})
            out["credit_code"] = parse_credit_code(raw["credit_code"]).value
            if raw.get("id_number"):  # the company's agent at the window
                out["proxy_id_number"] = parse_id_number(raw["id_number"], today=today)
        out["phone"] = parse_phone(raw.get("phone") or "")
    except ValidationFailed as exc:
        raise _prefixed(exc, "applicant") from exc
    return out


def _clean_proxy(raw: dict | None, today: dt.date) -> dict:
    if not raw:
        return {}
    name = check_name(_clean_text(raw.get("name"), "proxy.name", limit=100), "proxy.name")
    try:
        number = parse_id_number(raw.get("id_number") or "", today=today)
    except ValidationFailed as exc:
        raise _prefixed(exc, "proxy") from exc
    return {"proxy_name": name, "proxy_id_number": number}


def _clean_delivery(raw: dict | None) -> dict:
    raw = raw or {}
    method = raw.get("method") or DeliveryMethod.WINDOW
    if method not in DeliveryMethod.values:
        raise ValidationFailed(_("送达方式无效"), fields={"delivery.method": _("取值无效")})
    address = ""
    if method == DeliveryMethod.POST:
        address = _clean_text(raw.get("address"), "delivery.address", limit=200)
    return {"delivery_method": method, "delivery_address": address}


def _find_item(code: str, center: Center) -> ServiceItem:
    if not code or "\x00" in code:  # PostgreSQL refuses NUL in a parameter
        raise NotFound(_("事项不存在"), code="item_not_found", fields={"item": _("无效")})
    item = (
        ServiceItem.objects.select_related("published_version", "department")
        .filter(code=code)
        .first()
    )
    if item is None:
        raise NotFound(_("事项不存在"), code="item_not_found", fields={"item": code})
    if item.published_version is None:
        raise ValidationFailed(
            _("该事项尚未发布办事指南，不能受理"),
            code="item_not_published",
            fields={"item": _("未发布")},
        )
    if not item.stationings.filter(center=center, active=True).exists():
        raise ValidationFailed(
            _("该事项未在本中心进驻"), code="item_not_served", fields={"item": code}
        )
    return item


def _find_ticket(actor: Actor, center: Center, ticket_id: int | None) -> Ticket | None:
    if ticket_id is None:
        return None
    ticket = Ticket.objects.filter(pk=ticket_id, center=center, status__in=TICKET_ACTIVE).first()
    if ticket is None or (actor.window_id and ticket.window_id != actor.window_id):
        raise ValidationFailed(
            _("该号码不在本窗口办理中"), code="ticket_not_serving", fields={"ticket": _("无效")}
        )
    return ticket


def _material_key(entry: dict) -> int | str:
    return entry.get("material")


def _match_materials(version, entries: list[dict], *, allowed=None) -> dict:
    """Map each checklist entry to a material of the snapshot version (by id, or
    by its exact name); returns {material_id: (status, note)}."""
    materials = list(version.materials.all())
    by_id = {m.pk: m for m in materials}
    by_name: dict[str, list] = {}
    for m in materials:
        by_name.setdefault(m.name, []).append(m)
    errors: dict = {}
    already = False
    result: dict[int, tuple[str, str]] = {}
    for i, entry in enumerate(entries):
        field = f"materials[{i}]"
        key = _material_key(entry)
        found = by_id.get(key) if isinstance(key, int) else None
        if found is None and isinstance(key, str):
            named = by_name.get(key.strip(), [])
            found = named[0] if len(named) == 1 else None
        if found is None:
            errors[f"{field}.material"] = _("不是该事项指南中的材料")
            continue
        if found.pk in result:
            errors[f"{field}.material"] = _("同一材料重复核对")
            continue
        if allowed is not None and found.pk not in allowed:
            errors[f"{field}.material"] = _("该材料已收取，不再重复核对")
            already = True
            continue
        status = entry.get("status")
        if status not in MaterialStatus.values:
            errors[f"{field}.status"] = _("取值无效")
            continue
        note = (entry.get("note") or "").replace("\x00", "").strip()
        if len(note) > 300:
            errors[f"{field}.note"] = _("不能超过 %(n)s 个字符") % {"n": 300}
            continue
        if status == MaterialStatus.WRONG and not note:
            errors[f"{field}.note"] = _("请说明材料不符合要求之处及补正要求")
            continue
        result[found.pk] = (status, note)
    if errors:
        code = "material_already_accepted" if already else "invalid_checklist"
        raise ValidationFailed(_("材料核对清单有误"), code=code, fields=errors)
    expected = set(by_id) if allowed is None else set(allowed)
    left_out = [by_id[pk].name for pk in sorted(expected - set(result), key=list(by_id).index)]
    if left_out:
        raise ValidationFailed(
            _("请逐项核对全部材料"),
            code="checklist_incomplete",
            fields={"materials": _("未核对：%(names)s") % {"names": "、".join(left_out)}},
        )
    return result


def _outstanding(case: Case) -> list[CaseMaterial]:
    """Required lines not yet accepted: what a notice asks for."""
    return [
        m
        for m in case.materials.select_related("material")
        if m.required and m.status != MaterialStatus.PROVIDED
    ]


def _new_number(center: Center, day: dt.date) -> tuple[int, str]:
    seq = counter_next(f"case:{center.pk}:{day.year}")
    return seq, f"{center.code}-{day.year}-{seq:06d}"


@transaction.atomic
def case_intake(
    *,
    actor: Actor,
    center: Center,
    item_code: str,
    applicant: dict,
    materials: list[dict] | None = None,
    ticket_id: int | None = None,
    proxy: dict | None = None,
    delivery: dict | None = None,
    refusal_reason: str = "",
    commitment: bool = False,
    now: dt.datetime | None = None,
) -> Case:
    """前台综合受理: check the materials against the published guide and issue the
    notice the outcome calls for (acceptance, one-time notice, refusal,
    commitment, or the 即办 completion)."""
    _require_clerk(actor, center)
    now = _now(now)
    today = timezone.localdate(now)
    item = _find_item(item_code, center)
    version = item.published_version
    fields = {
        **_clean_applicant(applicant or {}, today),
        **_clean_delivery(delivery),
    }
    proxy_fields = _clean_proxy(proxy, today)
    if proxy_fields:
        fields.update(proxy_fields)
    refusal_reason = _clean_text(refusal_reason, "refusal_reason", limit=MAX_TEXT, required=False)
    if commitment and version.approval_mode != ApprovalMode.NOTIFY_COMMIT:
        raise ValidationFailed(
            _("该事项不适用告知承诺"),
            code="commitment_not_allowed",
            fields={"commitment": _("不适用")},
        )
    checklist = (
        _match_materials(version, materials or []) if materials or not refusal_reason else {}
    )
    ticket = _find_ticket(actor, center, ticket_id)
    seq, number = _new_number(center, today)
    case = Case.objects.create(
        center=center,
        number=number,
        year=today.year,
        seq=seq,
        check_code="".join(secrets.choice("0123456789") for _i in range(CHECK_CODE_DIGITS)),
        item=item,
        version=version,
        item_name=version.name,
        approval_mode=version.approval_mode,
        department=item.department,
        source=Source.PROXY if proxy_fields else (Source.TICKET if ticket else Source.WALK_IN),
        ticket=ticket,
        window_id=actor.window_id or (ticket.window_id if ticket else None),
        received_by=_acting_user(actor),
        received_at=now,
        committed_days=version.committed_days,
        status=CaseStatus.SUPPLEMENT,  # until the outcome below says otherwise
        **fields,
    )
    CaseMaterial.objects.bulk_create(
        CaseMaterial(
            case=case,
            material=m,
            position=m.position,
            name=m.name,
            required=m.required,
            status=checklist[m.pk][0],
            note=checklist[m.pk][1],
            provided_at=now if checklist[m.pk][0] == MaterialStatus.PROVIDED else None,
        )
        for m in version.materials.all()
        if m.pk in checklist
    )
    _step(case, Step.RECEIVED, at=now, actor=actor)
    audit("case.received", actor=actor, center=center, obj=case, detail={"number": number})
    if refusal_reason:
        return _refuse(case, actor=actor, reason=refusal_reason, now=now)
    return _route(case, actor=actor, now=now, commitment=commitment)


def _route(case: Case, *, actor: Actor, now: dt.datetime, commitment: bool = False) -> Case:
    """The outcome once the checklist is in (at intake or on a supplement's return)."""
    wanted = _outstanding(case)
    if commitment:
        return _commit(case, actor=actor, now=now, promised=wanted)
    if wanted:
        kept = [m for m in case.materials.all() if m.status == MaterialStatus.PROVIDED]
        case.status = CaseStatus.SUPPLEMENT
        days = center_setting(case.center, "cases.supplement_days")
        case.supplement_due, case.supplement_due_provisional = WorkingCalendar().deadline(
            timezone.localdate(now), days
        )
        case.save(update_fields=["status", "supplement_due", "supplement_due_provisional"])
        _step(case, Step.SUPPLEMENT_REQUESTED, at=now, actor=actor)
        _issue(case, DocumentKind.SUPPLEMENT, at=now, wanted=wanted, kept=kept)
        _emit("case.supplement_requested", case, materials=len(wanted))
        return case
    if case.approval_mode == ApprovalMode.INSTANT:
        return _complete_instant(case, actor=actor, now=now)
    return _accept(case, actor=actor, now=now)


def _accept(
    case: Case, *, actor: Actor | None, now: dt.datetime, accepted_on: dt.date | None = None
) -> Case:
    """`accepted_on`: another day than today's (online.py: art. 32, from receipt)."""
    cal = WorkingCalendar()
    case.status = CaseStatus.ACCEPTED
    case.accepted_on = accepted_on or timezone.localdate(now)
    _recompute_due(case, cal)
    case.save(update_fields=[*DUE_FIELDS, "status", "accepted_on"])
    _step(case, Step.ACCEPTED, at=now, actor=actor)
    _issue(case, DocumentKind.ACCEPTANCE, at=now)
    _emit("case.accepted", case)
    if case.approval_mode == ApprovalMode.PARALLEL:
        departments = case.version.parallel_departments.exclude(pk=case.department_id)
        ParallelTask.objects.bulk_create(
            ParallelTask(
                case=case,
                department=d,
                due_date=case.due_date,
                due_date_provisional=case.due_date_provisional,
            )
            for d in departments
        )
        _step(case, Step.FORWARDED, at=now, actor=actor, department=case.department)
        _emit("case.forwarded", case, departments=[d.code for d in departments])
    return case


def _complete_instant(case: Case, *, actor: Actor, now: dt.datetime) -> Case:
    """即办: decided at the window on the written materials and handed over there."""
    user = _acting_user(actor)
    case.status = CaseStatus.COMPLETED
    case.accepted_on = timezone.localdate(now)
    case.decision, case.decided_at, case.decided_by = Decision.APPROVE, now, user
    case.decision_opinion = _official(_("材料齐全、符合法定形式，当场办结"))
    case.ready_at = case.closed_at = now
    case.save()
    _step(case, Step.ACCEPTED, at=now, actor=actor)
    _step(case, Step.DECIDED, at=now, actor=actor)
    record_decision(case, now=now)
    delivery = Delivery.objects.create(
        case=case,
        method=DeliveryMethod.WINDOW,
        collector_name=case.proxy_name or case.applicant_name,
        collector_id_hash=case.proxy_id_hash or case.applicant_id_hash,
        identity_checked=True,
        signature="",
        delivered_by=user,
        delivered_at=now,
    )
    _step(case, Step.DELIVERED, at=now, actor=actor)
    _issue(case, DocumentKind.COMPLETION, at=now, delivery=delivery)
    return _close(case, actor=actor, now=now, event="case.completed")


def _commit(case: Case, *, actor: Actor, now: dt.datetime, promised: list) -> Case:
    """告知承诺: the signed commitment and the agreed part of the materials are
    enough for the decision, made at once; the rest is due by a deadline."""
    cal = WorkingCalendar()
    today = timezone.localdate(now)
    case.commitment_signed_at = now
    case.accepted_on = today
    case.decision, case.decided_at, case.decided_by = Decision.APPROVE, now, _acting_user(actor)
    case.decision_opinion = _official(_("申请人已签署告知承诺书，当场作出审批决定"))
    case.ready_at = now
    if promised:
        days = center_setting(case.center, "cases.commitment_days")
        case.commitment_due, case.commitment_due_provisional = cal.deadline(today, days)
        case.status = CaseStatus.COMMITTED
    else:
        case.commitment_fulfilled_at = now
        case.status = CaseStatus.DECIDED
    case.save()
    _step(case, Step.COMMITTED, at=now, actor=actor)
    _step(case, Step.DECIDED, at=now, actor=actor)
    _step(case, Step.READY, at=now, actor=actor)
    _issue(case, DocumentKind.COMMITMENT, at=now, promised=promised)
    record_decision(case, now=now)
    _emit("case.committed", case, promised=len(promised))
    return case


def _refuse(case: Case, *, actor: Actor, reason: str, now: dt.datetime) -> Case:
    case.status = CaseStatus.REFUSED
    case.refusal_reason = reason
    case.save(update_fields=["status", "refusal_reason"])
    _step(case, Step.REFUSED, at=now, actor=actor)
    _issue(case, DocumentKind.REFUSAL, at=now)
    return _close(case, actor=actor, now=now, event="case.refused")


def _recheck_outstanding(case: Case, materials: list[dict], now: dt.datetime) -> None:
    """Check again only the lines still outstanding (补正 or promised materials):
    what was accepted before cannot be asked for a second time."""
    open_lines = {m.material_id: m for m in _outstanding(case)}
    checked = _match_materials(case.version, materials, allowed=set(open_lines))
    for material_id, (status, note) in checked.items():
        line = open_lines[material_id]
        line.status, line.note, line.rounds = status, note, line.rounds + 1
        line.provided_at = now if status == MaterialStatus.PROVIDED else None
        line.save(update_fields=["status", "note", "rounds", "provided_at"])


@transaction.atomic
def case_supplement(
    *, actor: Actor, case: Case, materials: list[dict], now: dt.datetime | None = None
) -> Case:
    """补正: only the lines the notice asked for are checked again; what was
    accepted before cannot be asked for a second time."""
    _require_clerk(actor, case.center)
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.SUPPLEMENT)
    _recheck_outstanding(case, materials, now)
    _step(case, Step.SUPPLEMENT_RETURNED, at=now, actor=actor)
    return _route(case, actor=actor, now=now)


@transaction.atomic
def case_refuse(*, actor: Actor, case: Case, reason: str, now: dt.datetime | None = None) -> Case:
    """不予受理 of a case waiting in 补正 (at intake the reason goes with the intake)."""
    _require_clerk(actor, case.center)
    reason = _clean_text(reason, "reason", limit=MAX_TEXT)
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.SUPPLEMENT)
    return _refuse(case, actor=actor, reason=reason, now=now)
