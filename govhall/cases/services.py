"""Every change of a case: one transaction that checks who may act and the state
machine, locks the case row late (after validation), writes the step, the
notice and the event.

State machine (CaseStatus)::

    intake ─┬─ refused ─────────────────────────────────────────────► REFUSED (closed)
            ├─ materials incomplete ─► SUPPLEMENT ─┬─ return ─► (intake outcomes again,
            │                                      │            only outstanding lines)
            │                                      └─ refuse ─► REFUSED
            ├─ 即办, complete ─────────────────────────────────────► COMPLETED (closed)
            ├─ 告知承诺 signed ─► COMMITTED ─┬─ materials in ─► DECIDED / COMPLETED
            │                               └─ deadline passed ─► REVOKED (closed, credit)
            └─ complete ─► ACCEPTED ⇄ SUSPENDED (art. 45)
                           ACCEPTED ─ decide ─► DECIDED ─ deliver ─► COMPLETED (closed)

Every closed case is archived in the transaction that closes it."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import secrets
import zipfile

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import ApprovalMode, ServiceItem
from govhall.core import crypto
from govhall.core.actors import Actor
from govhall.core.center_settings import center_setting
from govhall.core.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from govhall.core.events import audit, emit
from govhall.core.identity import parse_credit_code, parse_id_number, parse_phone
from govhall.core.models import Center, Department, Membership, Role, User
from govhall.core.names import check_name
from govhall.core.notify import notify
from govhall.core.notify import official as _official
from govhall.core.services import counter_next, sweep_each
from govhall.core.workdays import WARNING_RANK, WorkingCalendar, deadline_warning
from govhall.hall import selectors as hall_selectors
from govhall.hall.models import Window
from govhall.queueing.models import ACTIVE as TICKET_ACTIVE
from govhall.queueing.models import Ticket

from . import documents, selectors
from .models import (
    CLOCK_RUNNING,
    ApplicantKind,
    Archive,
    Case,
    CaseMaterial,
    CaseStatus,
    CaseStep,
    CreditRecord,
    Decision,
    Delivery,
    DeliveryMethod,
    Document,
    DocumentKind,
    Extension,
    Inspection,
    MaterialStatus,
    Opinion,
    ParallelAnswer,
    ParallelTask,
    ProcedureKind,
    Source,
    Step,
    Suspension,
    WarningLevel,
)

log = logging.getLogger(__name__)

CHECK_CODE_DIGITS = 8
MAX_TEXT = 2000
MAX_SIGNATURE = 200_000  # a signature pad's image as a data URL


# --- who may act ---------------------------------------------------------------


def _require_clerk(actor: Actor, center: Center) -> None:
    """Window work: the centre's clerks, or the terminal token of one of its windows."""
    actor.require(center, "case.intake")


def _acting_user(actor: Actor) -> User | None:
    """The person behind the action; for a window token, the clerk on duty there."""
    if actor.user is not None:
        return actor.user
    if actor.window_id:
        return hall_selectors.serving_user(Window.objects.get(pk=actor.window_id))
    return None


def _reviews_for(user: User, center: Center, department: Department | int) -> bool:
    department_id = department if isinstance(department, int) else department.pk
    return Membership.objects.filter(
        user=user, role=Role.REVIEWER, center=center, department_id=department_id
    ).exists()


def is_reviewer(actor: Actor, center: Center, department: Department | int) -> bool:
    """A back-office reviewer of `department` at `center` (a membership, not just
    any reviewer role: one department never decides another's cases)."""
    if actor.is_superuser:
        return True
    if actor.user is None or not actor.can_see(center):
        return False
    return _reviews_for(actor.user, center, department)


def _require_reviewer(actor: Actor, case: Case, department: Department | None = None) -> None:
    actor.require(case.center, "case.review")
    if not is_reviewer(actor, case.center, department or case.department):
        raise PermissionDenied(
            _("只有该办件所属部门的后台审批人员可以办理"), code="forbidden_department"
        )


def _lock(case: Case) -> Case:
    # of=self: the joined centre, item and department rows stay unlocked.
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("center", "department", "item", "version")
        .get(pk=case.pk)
    )


def _require_status(case: Case, *allowed: str) -> None:
    if case.status not in allowed:
        raise InvalidTransition(
            _("办件当前状态为“%(status)s”，不能执行此操作") % {"status": case.get_status_display()}
        )


def _precheck(case: Case, *allowed: str) -> None:
    """The state machine's answer before validating input (checked again under
    the lock): a step out of order is a 409 whatever the body says."""
    case.refresh_from_db(fields=["status"])
    _require_status(case, *allowed)


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


# --- records every change writes ---------------------------------------------------


def _step(
    case: Case,
    step: str,
    *,
    at: dt.datetime,
    actor: Actor | None = None,
    user: User | None = None,
    department: Department | None = None,
    note: str = "",
) -> CaseStep:
    return CaseStep.objects.create(
        case=case,
        step=step,
        at=at,
        actor=user or (_acting_user(actor) if actor is not None else None),
        department=department,
        note=note[:MAX_TEXT],
    )


def _emit(kind: str, case: Case, **extra) -> None:
    payload = {
        "case": case.pk,
        "number": case.number,
        "status": case.status,
        "item": case.item.code,
        "department": case.department.code,
        "due_date": case.due_date.isoformat() if case.due_date else None,
        "due_date_provisional": case.due_date_provisional,
        **extra,
    }
    emit(kind, center=case.center, aggregate=case, payload=payload)


def _issue(case: Case, kind: str, *, at: dt.datetime, **context) -> Document:
    pdf = documents.render(kind, case, when=at, **context)
    return Document.objects.create(
        case=case, kind=kind, content=pdf, sha256=hashlib.sha256(pdf).hexdigest(), created_at=at
    )


def _sms(case: Case, key: str, template, **params) -> None:
    notify(
        center=case.center,
        key=f"case:{case.pk}:{key}",
        channel="sms",
        recipient=case.phone,
        body=_official(template, center=case.center.name, number=case.number, **params),
    )


# --- the clock -------------------------------------------------------------------

DUE_FIELDS = ["due_date", "due_date_provisional", "warning", "warned_at"]


def _recompute_due(case: Case, cal: WorkingCalendar) -> None:
    """Committed days, plus the extension, plus the working days a special
    procedure stopped the clock, counted from the day after acceptance."""
    old = case.due_date, case.due_date_provisional
    days = case.committed_days + case.extension_days + case.suspended_days
    case.due_date, case.due_date_provisional = cal.deadline(case.accepted_on, days)
    if old[0] is not None and (case.due_date, case.due_date_provisional) != old:
        case.warning, case.warned_at = WarningLevel.NONE, None  # the sweep looks again
        # Parallel departments answer within the case's limit: theirs moves with it.
        ParallelTask.objects.filter(case=case, answer=ParallelAnswer.PENDING).update(
            due_date=case.due_date, due_date_provisional=case.due_date_provisional
        )


@transaction.atomic
def provisional_recompute(*, actor: Actor | None = None) -> int:
    """The holiday table gained or changed a year: every open case whose dates
    were counted on weekdays alone (预计) is counted again on the table, each
    change an event and, when the date moved, a text to the applicant."""
    cal, changed = WorkingCalendar(), 0
    running = Case.objects.select_for_update().filter(
        status__in=(*CLOCK_RUNNING, CaseStatus.SUSPENDED),
        due_date_provisional=True,
        accepted_on__isnull=False,
    )
    for case in running.select_related("center", "item", "department"):
        old = case.due_date
        _recompute_due(case, cal)
        if (case.due_date, case.due_date_provisional) == (old, True):
            continue  # still counted over a missing year: nothing to tell anyone
        case.save(update_fields=DUE_FIELDS)
        _emit("case.due_recomputed", case, previous=old.isoformat())
        if case.due_date != old:
            _sms(
                case,
                f"due:{case.due_date.isoformat()}",
                _("【%(center)s】按国家节假日安排，您的办件%(number)s承诺办结日期调整为%(due)s。"),
                due=case.due_date.isoformat(),
            )
        changed += 1
    committed = Case.objects.select_for_update().filter(
        status=CaseStatus.COMMITTED, commitment_due_provisional=True
    )
    for case in committed.select_related("center", "item", "department"):
        old = case.commitment_due
        days = center_setting(case.center, "cases.commitment_days")
        signed = timezone.localdate(case.commitment_signed_at)
        case.commitment_due, case.commitment_due_provisional = cal.deadline(signed, days)
        if (case.commitment_due, case.commitment_due_provisional) == (old, True):
            continue
        case.save(update_fields=["commitment_due", "commitment_due_provisional"])
        _emit("case.commitment_due_recomputed", case, previous=old.isoformat())
        changed += 1
    return changed


def on_calendar_changed(sender, *, actor: Actor | None = None, **kwargs) -> dict[str, int]:
    """Receiver of core.workdays.calendar_changed (connected in apps.py)."""
    return {"cases": provisional_recompute(actor=actor)}


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
        case.save(update_fields=["status"])
        _step(case, Step.SUPPLEMENT_REQUESTED, at=now, actor=actor)
        _issue(case, DocumentKind.SUPPLEMENT, at=now, wanted=wanted, kept=kept)
        _emit("case.supplement_requested", case, materials=len(wanted))
        return case
    if case.approval_mode == ApprovalMode.INSTANT:
        return _complete_instant(case, actor=actor, now=now)
    return _accept(case, actor=actor, now=now)


def _accept(case: Case, *, actor: Actor, now: dt.datetime) -> Case:
    cal = WorkingCalendar()
    case.status = CaseStatus.ACCEPTED
    case.accepted_on = timezone.localdate(now)
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


# --- back office ------------------------------------------------------------------------


@transaction.atomic
def case_opinion(*, actor: Actor, case: Case, text: str, now: dt.datetime | None = None) -> Opinion:
    _require_reviewer(actor, case)
    text = _clean_text(text, "opinion", limit=MAX_TEXT)
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.ACCEPTED, CaseStatus.SUSPENDED)
    opinion = Opinion.objects.create(
        case=case, department=case.department, author=actor.user, text=text, at=now
    )
    _step(case, Step.REVIEWED, at=now, actor=actor, department=case.department)
    _emit("case.reviewed", case)
    return opinion


@transaction.atomic
def case_inspect(
    *,
    actor: Actor,
    case: Case,
    inspectors: list[User],
    findings: str,
    inspected_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Inspection:
    """现场核查: at least two staff of the department go together."""
    _require_reviewer(actor, case)
    findings = _clean_text(findings, "findings", limit=MAX_TEXT)
    people = {u.pk: u for u in inspectors}
    if len(people) < 2:
        raise ValidationFailed(
            _("现场核查须由两名以上工作人员进行"),
            code="inspection_needs_two",
            fields={"inspectors": _("至少两人")},
        )
    if not all(_reviews_for(u, case.center, case.department) for u in people.values()):
        raise ValidationFailed(
            _("核查人员须为本部门的审批人员"),
            code="inspector_not_in_department",
            fields={"inspectors": _("含非本部门人员")},
        )
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.ACCEPTED, CaseStatus.SUSPENDED)
    inspection = Inspection.objects.create(
        case=case,
        inspected_on=inspected_on or timezone.localdate(now),
        findings=findings,
        recorded_by=actor.user,
        recorded_at=now,
    )
    inspection.inspectors.set(people.values())
    _step(case, Step.INSPECTED, at=now, actor=actor, department=case.department)
    _emit("case.inspected", case, inspectors=len(people))
    return inspection


@transaction.atomic
def case_decide(
    *,
    actor: Actor,
    case: Case,
    decision: str,
    opinion: str,
    now: dt.datetime | None = None,
) -> Case:
    """The lead department's decision. In parallel approval it comes after every
    department has answered, and one refusal refuses the whole."""
    _require_reviewer(actor, case)
    _precheck(case, CaseStatus.ACCEPTED)
    if decision not in Decision.values:
        raise ValidationFailed(_("决定应为 approve 或 reject"), fields={"decision": _("取值无效")})
    opinion = _clean_text(opinion, "opinion", limit=MAX_TEXT, required=decision == Decision.REJECT)
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.ACCEPTED)
    if case.approval_mode == ApprovalMode.PARALLEL:
        tasks = list(case.parallel_tasks.select_related("department"))
        pending = [t.department.name for t in tasks if not t.answer]
        if pending:
            raise Conflict(
                _("尚有并联审批部门未答复：%(names)s") % {"names": "、".join(pending)},
                code="parallel_pending",
            )
        if decision == Decision.APPROVE and any(t.answer == ParallelAnswer.DISAGREE for t in tasks):
            raise Conflict(
                _("有并联审批部门不同意，只能作出不予准予的决定"), code="parallel_refused"
            )
    case.status = CaseStatus.DECIDED
    case.decision, case.decision_opinion = decision, opinion
    case.decided_at = case.ready_at = now
    case.decided_by = actor.user
    case.save()
    Opinion.objects.create(
        case=case, department=case.department, author=actor.user, text=opinion or "—", at=now
    )
    _step(case, Step.DECIDED, at=now, actor=actor, department=case.department)
    _step(case, Step.READY, at=now, actor=actor)
    _emit("case.decided", case, decision=decision)
    _notify_ready(case)
    return case


def _notify_ready(case: Case) -> None:
    if case.delivery_method == DeliveryMethod.POST:
        body = _("【%(center)s】您的办件%(number)s（%(item)s）已办结，结果将邮寄送达。")
    else:
        body = _(
            "【%(center)s】您的办件%(number)s（%(item)s）已办结，请携带身份证件到出件窗口领取。"
        )
    _sms(case, "ready", body, item=case.item_name)


@transaction.atomic
def parallel_answer(
    *,
    actor: Actor,
    case: Case,
    department: Department,
    answer: str,
    reason: str = "",
    now: dt.datetime | None = None,
) -> ParallelTask:
    """A parallel department answers 同意, 不同意 (with reasons) or 转报."""
    _require_reviewer(actor, case, department)
    _precheck(case, CaseStatus.ACCEPTED, CaseStatus.SUSPENDED)
    if answer not in (ParallelAnswer.AGREE, ParallelAnswer.DISAGREE, ParallelAnswer.FORWARD):
        raise ValidationFailed(_("答复应为同意、不同意或转报"), fields={"answer": _("取值无效")})
    reason = _clean_text(reason, "reason", limit=MAX_TEXT, required=answer != ParallelAnswer.AGREE)
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.ACCEPTED, CaseStatus.SUSPENDED)
    task = ParallelTask.objects.filter(case=case, department=department).first()
    if task is None:
        raise NotFound(_("该部门不是本办件的并联审批部门"), code="not_a_parallel_department")
    if task.answer:
        raise InvalidTransition(_("本部门已答复，不能重复答复"), code="already_answered")
    task.answer, task.reason = answer, reason
    task.answered_by, task.answered_at = actor.user, now
    task.save()
    _step(case, Step.PARALLEL_ANSWERED, at=now, actor=actor, department=department)
    _emit("case.parallel_answered", case, answer=answer, by=department.code)
    return task


@transaction.atomic
def case_suspend(
    *, actor: Actor, case: Case, kind: str, reason: str, now: dt.datetime | None = None
) -> Suspension:
    """Licensing Law art. 45: a special procedure stops the clock, with a written notice."""
    _require_reviewer(actor, case)
    _precheck(case, CaseStatus.ACCEPTED)
    if kind not in ProcedureKind.values:
        raise ValidationFailed(_("特别程序类型无效"), fields={"kind": _("取值无效")})
    reason = _clean_text(reason, "reason", limit=MAX_TEXT)
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.ACCEPTED)
    procedure = Suspension.objects.create(
        case=case,
        kind=kind,
        reason=reason,
        started_on=timezone.localdate(now),
        started_by=actor.user,
    )
    case.status = CaseStatus.SUSPENDED
    case.save(update_fields=["status"])
    _step(case, Step.SUSPENDED, at=now, actor=actor, department=case.department)
    _issue(case, DocumentKind.SUSPENSION, at=now, procedure=procedure)
    _emit("case.suspended", case, procedure=kind)
    return procedure


@transaction.atomic
def case_resume(*, actor: Actor, case: Case, now: dt.datetime | None = None) -> Case:
    """The clock starts again; the working days after the notice up to and
    including the day of resumption are not counted."""
    _require_reviewer(actor, case)
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.SUSPENDED)
    cal = WorkingCalendar()
    procedure = case.suspensions.get(ended_on__isnull=True)
    procedure.ended_on = timezone.localdate(now)
    procedure.excluded_days = cal.working_days_between(procedure.started_on, procedure.ended_on)
    procedure.save(update_fields=["ended_on", "excluded_days"])
    case.suspended_days += procedure.excluded_days
    case.status = CaseStatus.ACCEPTED
    _recompute_due(case, cal)
    case.save(update_fields=[*DUE_FIELDS, "status", "suspended_days"])
    _step(case, Step.RESUMED, at=now, actor=actor, department=case.department)
    _emit("case.resumed", case, excluded_days=procedure.excluded_days)
    _sms(
        case,
        f"resumed:{procedure.pk}",
        _("【%(center)s】您的办件%(number)s特别程序已结束，恢复计时，预计办结日期%(due)s。"),
        due=case.due_date.isoformat(),
    )
    return case


@transaction.atomic
def case_extension_request(
    *, actor: Actor, case: Case, reason: str, now: dt.datetime | None = None
) -> Extension:
    """Licensing Law art. 42: a reviewer asks, in writing, for the one extension."""
    _require_reviewer(actor, case)
    reason = _clean_text(reason, "reason", limit=MAX_TEXT)
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.ACCEPTED, CaseStatus.SUSPENDED)
    if Extension.objects.filter(case=case).exists():
        raise Conflict(_("办件已申请过延期，只能延期一次"), code="extension_exists")
    ext = Extension.objects.create(
        case=case,
        reason=reason,
        days=center_setting(case.center, "cases.extension_days"),
        requested_by=actor.user,
        requested_at=now,
    )
    _step(case, Step.EXTENSION_REQUESTED, at=now, actor=actor, department=case.department)
    _emit("case.extension_requested", case, days=ext.days)
    return ext


@transaction.atomic
def case_extension_approve(*, actor: Actor, case: Case, now: dt.datetime | None = None) -> Case:
    """Approved by another reviewer of the department or the centre's admin,
    never by the one who asked; the citizen gets the written reasons."""
    actor.require(case.center, "case.extension.approve")
    if (
        not (
            is_reviewer(actor, case.center, case.department)
            or actor.can(case.center, "case.oversee")
        )
        or actor.user is None
    ):
        raise PermissionDenied(_("无权批准延期"), code="forbidden_department")
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.ACCEPTED, CaseStatus.SUSPENDED)
    ext = Extension.objects.filter(case=case).first()
    if ext is None or ext.approved_at is not None:
        raise InvalidTransition(_("没有待批准的延期申请"), code="no_pending_extension")
    if ext.requested_by_id == actor.user.pk:
        raise PermissionDenied(_("延期须由申请人以外的负责人批准"), code="approver_is_requester")
    ext.approved_by, ext.approved_at = actor.user, now
    ext.save(update_fields=["approved_by", "approved_at"])
    case.extension_days = ext.days
    _recompute_due(case, WorkingCalendar())
    case.save(update_fields=[*DUE_FIELDS, "extension_days"])
    _step(case, Step.EXTENDED, at=now, actor=actor, department=case.department)
    _issue(case, DocumentKind.EXTENSION, at=now, ext=ext)
    _emit("case.extended", case, days=ext.days)
    return case


# --- 告知承诺 ------------------------------------------------------------------------------


@transaction.atomic
def case_commitment_fulfil(
    *, actor: Actor, case: Case, materials: list[dict], now: dt.datetime | None = None
) -> Case:
    """The promised materials come in (all of them or some); once all are in,
    the case goes on to delivery or closes if already delivered."""
    _require_clerk(actor, case.center)
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.COMMITTED)
    _recheck_outstanding(case, materials, now)
    if _outstanding(case):
        _step(case, Step.SUPPLEMENT_RETURNED, at=now, actor=actor)
        _emit("case.commitment_partly_fulfilled", case)
        return case
    case.commitment_fulfilled_at = now
    _step(case, Step.COMMITMENT_FULFILLED, at=now, actor=actor)
    if Delivery.objects.filter(case=case).exists():
        case.save(update_fields=["commitment_fulfilled_at"])
        return _close(case, actor=actor, now=now, event="case.completed")
    case.status = CaseStatus.DECIDED
    case.save(update_fields=["commitment_fulfilled_at", "status"])
    _emit("case.commitment_fulfilled", case)
    return case


@transaction.atomic
def case_commitment_lapse(*, case: Case, now: dt.datetime | None = None) -> Case:
    """The promised materials were not in by the deadline: the decision is
    revoked (撤销) and a credit-record entry is written (003 §四(二)2(3))."""
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.COMMITTED)
    if timezone.localdate(now) <= case.commitment_due:
        raise InvalidTransition(_("承诺期限尚未届满"), code="commitment_not_due")
    promised = _outstanding(case)
    case.status = CaseStatus.REVOKED
    case.save(update_fields=["status"])
    CreditRecord.objects.create(
        center=case.center,
        case=case,
        subject_kind=case.applicant_kind,
        subject_name=case.applicant_name,
        subject_key=case.credit_code or case.applicant_id_hash,
        reason=_official(
            _("告知承诺未履行：未在%(due)s前补交%(names)s"),
            due=case.commitment_due.isoformat(),
            names="、".join(m.name for m in promised),
        ),
        created_at=now,
    )
    _step(case, Step.REVOKED, at=now)
    _issue(case, DocumentKind.REVOCATION, at=now, promised=promised)
    _sms(
        case,
        "revoked",
        _("【%(center)s】您的办件%(number)s未按告知承诺期限补交材料，审批决定已依法撤销。"),
    )
    return _close(case, actor=None, now=now, event="case.revoked")


# --- output --------------------------------------------------------------------------------


@transaction.atomic
def case_deliver(
    *,
    actor: Actor,
    case: Case,
    collector_name: str = "",
    collector_id_number: str = "",
    signature: str = "",
    entrusted: bool = False,
    tracking_number: str = "",
    now: dt.datetime | None = None,
) -> Case:
    """统一窗口出件: at the window after checking the collector's identity and
    taking a signature; or posted to the address chosen at intake."""
    _require_clerk(actor, case.center)
    _precheck(case, CaseStatus.DECIDED, CaseStatus.COMMITTED)
    now = _now(now)
    fields: dict = {}
    if case.delivery_method == DeliveryMethod.WINDOW:
        name = check_name(
            _clean_text(collector_name, "collector_name", limit=100), "collector_name"
        )
        try:
            number = parse_id_number(collector_id_number or "", today=timezone.localdate(now))
        except ValidationFailed as exc:
            raise _prefixed(exc, "collector") from exc
        signature = _clean_text(signature, "signature", limit=MAX_SIGNATURE)
        digest = crypto.lookup_hash(number.value)
        known = {h for h in (case.applicant_id_hash, case.proxy_id_hash) if h}
        if digest not in known and not entrusted:
            raise ValidationFailed(
                _("领取人不是申请人或登记的代办人，须凭授权委托书代领"),
                code="identity_mismatch",
                fields={"collector.id_number": _("与登记信息不符")},
            )
        fields = {
            "collector_name": name,
            "collector_id_hash": digest,
            "identity_checked": True,
            "entrusted": entrusted and digest not in known,
            "signature": signature,
        }
    else:
        fields = {
            "tracking_number": _clean_text(
                tracking_number, "tracking_number", limit=40, required=False
            )
        }
    case = _lock(case)
    _require_status(case, CaseStatus.DECIDED, CaseStatus.COMMITTED)
    if Delivery.objects.filter(case=case).exists():
        raise InvalidTransition(_("结果已出件"), code="already_delivered")
    delivery = Delivery.objects.create(
        case=case,
        method=case.delivery_method,
        delivered_by=_acting_user(actor),
        delivered_at=now,
        **fields,
    )
    _step(case, Step.DELIVERED, at=now, actor=actor)
    _issue(case, DocumentKind.COMPLETION, at=now, delivery=delivery)
    if case.status == CaseStatus.COMMITTED:
        _emit("case.delivered", case)
        return case
    return _close(case, actor=actor, now=now, event="case.completed")


@transaction.atomic
def case_document_open(*, actor: Actor, case: Case, document_id: int) -> Document:
    """A notice as issued. It names the applicant, so every read by staff is
    written to the audit log."""
    if not selectors.readable(actor).filter(pk=case.pk).exists():
        raise NotFound(_("文书不存在"), code="document_not_found")
    doc = Document.objects.filter(case=case, pk=document_id).first()
    if doc is None:
        raise NotFound(_("文书不存在"), code="document_not_found")
    audit(
        "case.document_read",
        actor=actor,
        center=case.center,
        obj=doc,
        detail={"number": case.number, "kind": doc.kind},
    )
    return doc


# --- closing and the archive -------------------------------------------------------------


def _close(case: Case, *, actor: Actor | None, now: dt.datetime, event: str) -> Case:
    if case.status not in (CaseStatus.REFUSED, CaseStatus.REVOKED):
        case.status = CaseStatus.COMPLETED
        _step(case, Step.COMPLETED, at=now, actor=actor)
    case.closed_at = now
    case.save(update_fields=["status", "closed_at"])
    _emit(event, case)  # 一次一评: feedback subscribes to the closing events
    _archive(case, now=now)
    return case


_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def archive_manifest(case: Case, docs: list[Document]) -> dict:
    """What the archive says about the case: no names, identifiers masked."""
    identifier = (
        case.credit_code
        if case.applicant_kind == ApplicantKind.COMPANY
        else (case.applicant_id_number.masked if case.applicant_id_number else "")
    )
    return {
        "format": "govhall-case-archive/1",
        "number": case.number,
        "center": case.center.code,
        "item": {"code": case.item.code, "name": case.item_name, "version": case.version.number},
        "approval_mode": case.approval_mode,
        "department": case.department.code,
        "source": case.source,
        "applicant": {"kind": case.applicant_kind, "identifier": identifier},
        "status": case.status,
        "decision": case.decision,
        "dates": {
            "received_at": case.received_at.isoformat(),
            "accepted_on": case.accepted_on.isoformat() if case.accepted_on else None,
            "committed_days": case.committed_days,
            "extension_days": case.extension_days,
            "suspended_days": case.suspended_days,
            "due_date": case.due_date.isoformat() if case.due_date else None,
            "decided_at": case.decided_at.isoformat() if case.decided_at else None,
            "closed_at": case.closed_at.isoformat() if case.closed_at else None,
        },
        "materials": [
            {"name": m.name, "required": m.required, "status": m.status, "rounds": m.rounds}
            for m in case.materials.all()
        ],
        "parallel": [
            {"department": t.department.code, "answer": t.answer}
            for t in case.parallel_tasks.select_related("department")
        ],
        "steps": [
            {"step": s.step, "at": s.at.isoformat(), "department": s.department_id}
            for s in case.steps.all()
        ],
        "documents": [
            {"file": _doc_file(i, d), "kind": d.kind, "sha256": d.sha256}
            for i, d in enumerate(docs, 1)
        ],
    }


def _doc_file(i: int, doc: Document) -> str:
    return f"documents/{i:02d}-{doc.kind}.pdf"


def _archive(case: Case, *, now: dt.datetime) -> Archive:
    docs = list(case.documents.order_by("created_at", "id"))
    manifest = archive_manifest(case, docs)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        info = zipfile.ZipInfo("manifest.json", _ZIP_TIME)
        zf.writestr(info, json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True))
        for i, doc in enumerate(docs, 1):
            zf.writestr(zipfile.ZipInfo(_doc_file(i, doc), _ZIP_TIME), bytes(doc.content))
    package = buf.getvalue()
    archive = Archive.objects.create(
        case=case,
        manifest=manifest,
        package=package,
        sha256=hashlib.sha256(package).hexdigest(),
        created_at=now,
    )
    _step(case, Step.ARCHIVED, at=now)
    _emit("case.archived", case, sha256=archive.sha256)
    return archive


# --- the deadline sweep ----------------------------------------------------------------------


@transaction.atomic
def case_warn(*, case: Case, today: dt.date) -> str | None:
    """Raise the case's warning to what `today` calls for: yellow within the
    centre's threshold of working days before the due date, red after it.
    Returns the new level, or None when nothing changed (safe to run twice)."""
    case = _lock(case)
    if case.status not in CLOCK_RUNNING or case.due_date is None:
        return None
    threshold = center_setting(case.center, "cases.warning_days")
    level = deadline_warning(case.due_date, today, threshold)
    if WARNING_RANK[level] <= WARNING_RANK[case.warning]:
        return None
    case.warning = level
    case.warned_at = timezone.now()
    case.save(update_fields=["warning", "warned_at"])
    _emit("case.warning", case, level=level)
    return level


def cases_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The scheduled sweep: warnings on running clocks, revocation of lapsed
    commitments. Each case in its own short transaction; safe to run twice."""
    now = _now(now)
    today = timezone.localdate(now)
    counts = {"yellow": 0, "red": 0, "revoked": 0, "errors": 0}
    running = Case.objects.filter(status__in=CLOCK_RUNNING, due_date__isnull=False).exclude(
        warning=WarningLevel.RED
    )
    warn = sweep_each(running, lambda c: case_warn(case=c, today=today), counts, "case warning")
    for level in warn:
        if level:
            counts[level] += 1
    lapsed = Case.objects.filter(status=CaseStatus.COMMITTED, commitment_due__lt=today)
    for _case in sweep_each(
        lapsed, lambda c: case_commitment_lapse(case=c, now=now), counts, "case revocation"
    ):
        counts["revoked"] += 1
    return counts
