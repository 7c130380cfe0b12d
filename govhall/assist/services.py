"""Every change of state in assist: keyword-only functions in a transaction,
raising DomainError, writing an event (no personal data) and the audit log.

Requests::

    requested ─ assign ─► assigned ─ start ─► in_service ─ finish ─► done
    (帮办, 陪办, language help, dialect, written, home visit)

    代办 (001 A.2.2-A.2.3):
    assigned ─ check ─┬─ incomplete ─► awaiting_materials (the case's 一次性告知单)
                      │                 └─ check again, complete ─┐
                      └─ complete ─────────────────────────────► checked
    checked ─ entrust (hand-over + 委托协议, signed) ─► entrusted
    entrusted ─ submit (the case taken in by the assistant) ─► in_progress
    in_progress ─ return (hand-over signed, the case decided) ─► done

    any open state but in_progress ─ cancel ─► cancelled
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.cases import services as cases
from govhall.cases.models import CaseStatus, MaterialStatus
from govhall.catalog.models import ServiceItem
from govhall.core.actors import Actor, actor_for_user
from govhall.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.identity import parse_id_number, parse_phone
from govhall.core.models import Center, Department, Membership, Role, TokenKind, User
from govhall.core.names import check_name
from govhall.core.services import counter_next

from . import documents, selectors
from .models import (
    OPEN,
    SKILL_FOR,
    AssistRequest,
    Channel,
    Coordinator,
    Entrustment,
    Handover,
    HandoverKind,
    Kind,
    MemberKind,
    Payment,
    Skill,
    Status,
    TeamMember,
)
from .signatures import parse_signature

ELDERLY_AGE = 60  # 000 第二条: 60 周岁以上
NOTE_MAX, OUTCOME_MAX, REASON_MAX = 300, 500, 200
LANGUAGE_MAX = 40
MAX_AMOUNT = Decimal("100000")
_RECEIPT = re.compile(r"[A-Za-z0-9-]{4,40}")
# Case states in which the 代办 has its result (or its end): the hand-back may follow.
CASE_FINISHED = (
    CaseStatus.DECIDED,
    CaseStatus.COMPLETED,
    CaseStatus.REFUSED,
    CaseStatus.REVOKED,
)


# --- small checks ----------------------------------------------------------------


def _text(value, field: str, *, limit: int, required: bool = False, label=None) -> str:
    text = (value or "").replace("\x00", "").strip() if isinstance(value, str | None) else None
    if text is None:
        raise ValidationFailed(_("取值无效"), fields={field: _("取值无效")})
    if required and not text:
        raise ValidationFailed(label or _("请填写必填项"), fields={field: _("必填")})
    if len(text) > limit:
        raise ValidationFailed(
            _("内容过长"), fields={field: _("不能超过 %(n)s 个字符") % {"n": limit}}
        )
    return text


def _payload(request: AssistRequest, **extra) -> dict:
    return {
        "request": request.pk,
        "number": request.number,
        "kind": request.kind,
        "status": request.status,
        **extra,
    }


def _emit(kind: str, request: AssistRequest, **extra) -> None:
    emit(kind, center=request.center, aggregate=request, payload=_payload(request, **extra))


def _lock(request: AssistRequest) -> AssistRequest:
    return (
        AssistRequest.objects.select_for_update(of=("self",))
        .select_related("center", "item", "department", "assigned_to", "case")
        .get(pk=request.pk)
    )


def _require_status(request: AssistRequest, *allowed: str) -> None:
    if request.status not in allowed:
        raise InvalidTransition(
            _("该申请当前状态为“%(status)s”，不能执行此操作")
            % {"status": request.get_status_display()}
        )


def _require_kind(request: AssistRequest, daiban: bool) -> None:
    if (request.kind == Kind.DAIBAN) != daiban:
        message = _("该操作仅适用于代办") if daiban else _("代办请按交接、委托、递交的步骤办理")
        raise InvalidTransition(message, code="wrong_kind")


def _channel(actor: Actor | None) -> str:
    if actor is None:
        return Channel.HOME_VISIT
    if actor.kind == TokenKind.KIOSK:
        return Channel.KIOSK
    roles = {r for rs in actor.roles.values() for r in rs}
    if Role.CLERK in roles and Role.RECEPTION not in roles:
        return Channel.WINDOW
    return Channel.DESK


def _find_item(code: str, center: Center) -> ServiceItem:
    code = _text(code, "item", limit=40)
    item = (
        ServiceItem.objects.select_related("department", "published_version")
        .filter(
            code=code,
            published_version__isnull=False,
            stationings__center=center,
            stationings__active=True,
        )
        .first()
    )
    if item is None:
        raise ValidationFailed(
            _("本中心没有该事项"), code="item_not_served", fields={"item": _("无效的事项")}
        )
    return item


def _number(center: Center, now: dt.datetime) -> str:
    day = timezone.localdate(now)
    seq = counter_next(f"assist:{center.pk}:{day:%Y%m%d}")
    return f"{center.code}-BD{day:%Y%m%d}-{seq:03d}"


def _member_can(member: TeamMember, kind: str, language: str = "") -> bool:
    skill = SKILL_FOR.get(kind)
    if skill is not None and skill not in member.skills:
        return False
    if kind == Kind.HOME_VISIT and not member.user_id:
        return False
    return selectors._speaks(member, kind, language)


def _require_worker(actor: Actor, request: AssistRequest) -> None:
    """The assigned assistant, or a manager; a volunteer's work (no account) is
    recorded by any assistant of the centre."""
    actor.require(request.center, "assist.work")
    if request.assigned_to_id is None:
        raise InvalidTransition(_("请先分派服务人员"), code="not_assigned")
    if selectors.manages(actor, request, request.center):
        return
    owner = request.assigned_to.user_id
    if owner is not None and (actor.user is None or actor.user.pk != owner):
        raise PermissionDenied(_("该申请已分派给其他服务人员"), code="not_assigned_to_you")


# --- taking a request ------------------------------------------------------------------------


@transaction.atomic
def request_create(
    *,
    actor: Actor | None,
    center: Center,
    kind: str,
    id_number: str | None = None,
    phone: str | None = None,
    item_code: str | None = None,
    note: str = "",
    name: str = "",
    language: str = "",
    home_visit=None,
    now: dt.datetime | None = None,
) -> AssistRequest:
    """A request taken at the desk (by ID card for the elderly, 000 第五条), by a
    clerk, at the kiosk, or (actor None) from an approved home visit. Assigned
    at once to the least-loaded member who has the skill, when there is one."""
    if actor is not None:
        actor.require(center, "assist.request")
    now = now or timezone.now()
    errors: dict = {}
    if kind not in Kind.values:
        errors["kind"] = _("无效的服务类别")
    parsed_id = parsed_phone = item = None
    if id_number:
        try:
            parsed_id = parse_id_number(id_number, today=timezone.localdate(now))
        except ValidationFailed as exc:
            errors["id_number"] = exc.fields.get("id_number", exc.message)
    if phone:
        try:
            parsed_phone = parse_phone(phone)
        except ValidationFailed as exc:
            errors["phone"] = exc.fields.get("phone", exc.message)
    try:
        note = _text(note, "note", limit=NOTE_MAX)
        language = _text(language, "language", limit=LANGUAGE_MAX)
        name = _text(name, "name", limit=50)
        if name:
            check_name(name, "name")
        if item_code:
            item = _find_item(item_code, center)
    except ValidationFailed as exc:
        errors.update(exc.fields)
    if errors:
        raise ValidationFailed(_("帮办代办申请信息有误"), fields=errors)
    request = AssistRequest.objects.create(
        center=center,
        number=_number(center, now),
        kind=kind,
        channel=_channel(actor),
        name=name,
        id_number=parsed_id,
        phone=parsed_phone or "",
        elderly=bool(parsed_id and parsed_id.age_on(timezone.localdate(now)) >= ELDERLY_AGE),
        item=item,
        department=item.department if item else None,
        language=language,
        note=note,
        requested_at=now,
        requested_by=actor.user if actor is not None else None,
        home_visit=home_visit,
    )
    _emit("assist.requested", request, channel=request.channel, elderly=request.elderly)
    audit("assist.requested", actor=actor, center=center, obj=request)
    found = selectors.candidates(center, kind, language)
    if found:
        _assign(request, found[0], actor=actor, now=now)
    return request


def _assign(request: AssistRequest, member: TeamMember, *, actor, now) -> None:
    request.assigned_to, request.assigned_at = member, now
    if request.status == Status.REQUESTED:
        request.status = Status.ASSIGNED
    request.save(update_fields=["assigned_to", "assigned_at", "status"])
    _emit("assist.assigned", request, member=member.pk)
    audit("assist.assigned", actor=actor, center=request.center, obj=request)


@transaction.atomic
def request_assign(
    *, actor: Actor, request: AssistRequest, member: TeamMember, now: dt.datetime | None = None
) -> AssistRequest:
    """Assign or reassign (the centre admin; a department's coordinator for its items)."""
    actor.require(request.center, "assist.manage")
    request = _lock(request)
    if not selectors.manages(actor, request, request.center):
        raise PermissionDenied(_("只能分派本部门事项的申请"), code="not_your_department")
    if request.is_closed:
        _require_status(request, *OPEN)
    if member.center_id != request.center_id or not member.active:
        raise ValidationFailed(_("服务人员无效"), fields={"member": _("须为本中心在岗队员")})
    if not _member_can(member, request.kind, request.language):
        raise ValidationFailed(
            _("该队员不具备此项服务技能"),
            code="member_lacks_skill",
            fields={"member": _("技能不符")},
        )
    _assign(request, member, actor=actor, now=now or timezone.now())
    return request


@transaction.atomic
def request_start(
    *, actor: Actor, request: AssistRequest, now: dt.datetime | None = None
) -> AssistRequest:
    request = _lock(request)
    _require_kind(request, daiban=False)
    _require_worker(actor, request)
    _require_status(request, Status.ASSIGNED)
    request.status, request.started_at = Status.IN_SERVICE, now or timezone.now()
    request.save(update_fields=["status", "started_at"])
    _emit("assist.started", request)
    return request


@transaction.atomic
def request_finish(
    *, actor: Actor, request: AssistRequest, outcome: str, now: dt.datetime | None = None
) -> AssistRequest:
    outcome = _text(outcome, "outcome", limit=OUTCOME_MAX, required=True, label=_("请填写服务结果"))
    request = _lock(request)
    _require_kind(request, daiban=False)
    _require_worker(actor, request)
    _require_status(request, Status.IN_SERVICE)
    request.status, request.done_at, request.outcome = Status.DONE, now or timezone.now(), outcome
    request.save(update_fields=["status", "done_at", "outcome"])
    _emit("assist.done", request)
    audit("assist.done", actor=actor, center=request.center, obj=request)
    return request


@transaction.atomic
def request_cancel(
    *, actor: Actor | None, request: AssistRequest, reason: str, now: dt.datetime | None = None
) -> AssistRequest:
    """The person no longer needs it, or left. A 代办 whose case is under way is
    not cancelled here: its materials are handed back first (return)."""
    reason = _text(reason, "reason", limit=REASON_MAX, required=True, label=_("请填写取消原因"))
    if actor is not None:
        actor.require(request.center, "assist.request", "assist.work")
    request = _lock(request)
    _require_status(request, *[s for s in OPEN if s != Status.IN_PROGRESS])
    if request.status == Status.ENTRUSTED:
        raise InvalidTransition(
            _("代办员持有服务对象的材料：请办理退还交接（撤回委托）"), code="materials_held"
        )
    request.status, request.cancelled_at = Status.CANCELLED, now or timezone.now()
    request.cancel_reason = reason
    request.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    _emit("assist.cancelled", request)
    audit("assist.cancelled", actor=actor, center=request.center, obj=request)
    return request


@transaction.atomic
def request_set_item(*, actor: Actor, request: AssistRequest, item_code: str) -> AssistRequest:
    """The item the person came for, when the desk did not know it yet."""
    item = _find_item(item_code, request.center)
    request = _lock(request)
    _require_worker(actor, request)
    _require_status(request, Status.REQUESTED, Status.ASSIGNED, Status.IN_SERVICE)
    if request.checklist:
        raise InvalidTransition(_("材料已核对，不能更换事项"), code="already_checked")
    request.item, request.department = item, item.department
    request.save(update_fields=["item", "department"])
    _emit("assist.item_set", request, item=item.code)
    return request


# --- 代办 (A.2.2-A.2.3) -----------------------------------------------------------------------


def _person(request: AssistRequest, name, id_number, phone, now) -> dict:
    """The applicant's details the case and the agreement need, filled in or kept."""
    errors: dict = {}
    out: dict = {}
    try:
        given = _text(name, "name", limit=50)
        out["name"] = check_name(given, "name") if given else request.name
    except ValidationFailed as exc:
        errors.update(exc.fields)
    if not out.get("name") and "name" not in errors:
        errors["name"] = _("请填写服务对象姓名")
    if id_number:
        try:
            out["id_number"] = parse_id_number(id_number, today=timezone.localdate(now))
        except ValidationFailed as exc:
            errors["id_number"] = exc.fields.get("id_number", exc.message)
    elif request.id_number:
        out["id_number"] = request.id_number
    else:
        errors["id_number"] = _("代办须核验服务对象身份证件")
    if phone:
        try:
            out["phone"] = parse_phone(phone)
        except ValidationFailed as exc:
            errors["phone"] = exc.fields.get("phone", exc.message)
    elif request.phone:
        out["phone"] = request.phone
    else:
        errors["phone"] = _("请填写联系电话，以便告知办理进度")
    if errors:
        raise ValidationFailed(_("服务对象信息有误"), fields=errors)
    return out


def _checklist(version, entries, *, only=None) -> dict[str, list[str]]:
    """{material id: [status, note]} for every material of the guide (or of
    `only`, the lines still outstanding), each checked once."""
    materials = {m.pk: m for m in version.materials.all()}
    expected = set(materials) if only is None else set(only)
    if not isinstance(entries, list) or len(entries) > 200:
        raise ValidationFailed(_("材料核对清单有误"), fields={"materials": _("取值无效")})
    errors: dict = {}
    result: dict[str, list[str]] = {}
    for i, entry in enumerate(entries):
        field = f"materials[{i}]"
        key = entry.get("material") if isinstance(entry, dict) else None
        if not isinstance(key, int) or isinstance(key, bool) or key not in expected:
            errors[f"{field}.material"] = _("不是需核对的材料")
            continue
        if str(key) in result:
            errors[f"{field}.material"] = _("同一材料重复核对")
            continue
        status, note = entry.get("status"), entry.get("note") or ""
        if status not in MaterialStatus.values:
            errors[f"{field}.status"] = _("取值无效")
            continue
        if not isinstance(note, str) or len(note) > 300:
            errors[f"{field}.note"] = _("不能超过 %(n)s 个字符") % {"n": 300}
            continue
        note = note.replace("\x00", "").strip()
        if status == MaterialStatus.WRONG and not note:
            errors[f"{field}.note"] = _("请说明材料不符合要求之处及补正要求")
            continue
        result[str(key)] = [status, note]
    if errors:
        raise ValidationFailed(_("材料核对清单有误"), code="invalid_checklist", fields=errors)
    left = [materials[pk].name for pk in sorted(expected) if str(pk) not in result]
    if left:
        raise ValidationFailed(
            _("请逐项核对全部材料"),
            code="checklist_incomplete",
            fields={"materials": _("未核对：%(names)s") % {"names": "、".join(left)}},
        )
    return result


def _incomplete(version, checklist: dict) -> bool:
    required = {m.pk for m in version.materials.all() if m.required}
    return any(
        checklist.get(str(pk), [""])[0] != MaterialStatus.PROVIDED
        for pk in required
        if str(pk) in checklist
    )


def _as_entries(checklist: dict) -> list[dict]:
    return [{"material": int(k), "status": v[0], "note": v[1]} for k, v in checklist.items()]


def outstanding(request: AssistRequest) -> list[int]:
    """Materials the one-time notice asked for (not yet provided)."""
    return [int(k) for k, v in request.checklist.items() if v[0] != MaterialStatus.PROVIDED]


@transaction.atomic
def daiban_check(
    *,
    actor: Actor,
    request: AssistRequest,
    materials: list,
    name: str = "",
    id_number: str = "",
    phone: str = "",
    item_code: str = "",
    now: dt.datetime | None = None,
) -> AssistRequest:
    """当场审查材料 (A.2.2). Incomplete: the case is taken in as it stands and
    its 一次性告知单 names every missing material at once (cases' intake); the
    person comes back with them and the outstanding lines alone are checked."""
    now = now or timezone.now()
    request = _lock(request)
    _require_kind(request, daiban=True)
    _require_worker(actor, request)
    _require_status(request, Status.ASSIGNED, Status.AWAITING_MATERIALS)
    if request.status == Status.AWAITING_MATERIALS:
        return _recheck(actor, request, materials, now)
    if item_code:
        request.item = _find_item(item_code, request.center)
        request.department = request.item.department
    if request.item is None:
        raise ValidationFailed(_("请选择代办事项"), fields={"item": _("必填")})
    person = _person(request, name, id_number, phone, now)
    version = request.item.published_version
    checklist = _checklist(version, materials)
    request.name, request.id_number, request.phone = (
        person["name"],
        person["id_number"],
        person["phone"],
    )
    request.elderly = request.id_number.age_on(timezone.localdate(now)) >= ELDERLY_AGE
    request.checklist, request.checked_at = checklist, now
    request.started_at = request.started_at or now
    if _incomplete(version, checklist):
        case = cases.case_intake(
            actor=actor,
            center=request.center,
            item_code=request.item.code,
            applicant={
                "kind": "person",
                "name": request.name,
                "id_number": request.id_number.value,
                "phone": request.phone,
            },
            materials=_as_entries(checklist),
            now=now,
        )
        request.case, request.status = case, Status.AWAITING_MATERIALS
    else:
        request.status = Status.CHECKED
    request.save()
    _emit("assist.checked", request, complete=request.status == Status.CHECKED)
    audit("assist.checked", actor=actor, center=request.center, obj=request)
    return request


def _recheck(actor, request: AssistRequest, materials, now) -> AssistRequest:
    wanted = outstanding(request)
    again = _checklist(request.item.published_version, materials, only=wanted)
    request.checklist = {**request.checklist, **again}
    request.checked_at = now
    if _incomplete(request.item.published_version, request.checklist):
        # Still short: the case's supplement step issues the next notice.
        cases.case_supplement(actor=actor, case=request.case, materials=_as_entries(again), now=now)
    else:
        request.status = Status.CHECKED
    request.save(update_fields=["checklist", "checked_at", "status"])
    _emit("assist.checked", request, complete=request.status == Status.CHECKED)
    audit("assist.checked", actor=actor, center=request.center, obj=request)
    return request


def _lines(request: AssistRequest, ids=None) -> list[tuple[str, str]]:
    version = request.item.published_version
    out = []
    for m in version.materials.all():
        state = request.checklist.get(str(m.pk))
        if state and state[0] == MaterialStatus.PROVIDED and (ids is None or m.pk in ids):
            out.append((m.name, f"{m.get_form_display()} {m.count} 份"))
    return out


def _assistant_name(actor: Actor, request: AssistRequest) -> str:
    if actor.user is not None:
        return f"{actor.user.display_name}（{actor.user.staff_number}）".replace("（）", "")
    return request.assigned_to.name


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@transaction.atomic
def daiban_entrust(
    *, actor: Actor, request: AssistRequest, signature, now: dt.datetime | None = None
) -> AssistRequest:
    """The materials handed over and the 委托协议 signed on the desk's pad (A.2.2)."""
    png = parse_signature(signature)
    now = now or timezone.now()
    request = _lock(request)
    _require_kind(request, daiban=True)
    _require_worker(actor, request)
    _require_status(request, Status.CHECKED)
    assistant = _assistant_name(actor, request)
    lines = _lines(request)
    hand = documents.handover(
        request,
        returning=False,
        lines=lines,
        signature=png,
        assistant=assistant,
        note="",
        when=now,
    )
    Handover.objects.create(
        request=request,
        kind=HandoverKind.INTAKE,
        items=[n for n, _c in lines],
        at=now,
        by=actor.user,
        signature=png,
        document=hand,
        sha256=_digest(hand),
    )
    agreement = documents.entrustment(
        request, lines=lines, signature=png, assistant=assistant, when=now
    )
    Entrustment.objects.create(
        request=request,
        signed_at=now,
        assistant=actor.user,
        document=agreement,
        sha256=_digest(agreement),
    )
    request.status = Status.ENTRUSTED
    request.save(update_fields=["status"])
    _emit("assist.entrusted", request)
    audit("assist.entrusted", actor=actor, center=request.center, obj=request)
    return request


@transaction.atomic
def daiban_submit(
    *, actor: Actor, request: AssistRequest, now: dt.datetime | None = None
) -> AssistRequest:
    """The assistant takes the case in for the person (or returns the
    supplement of the case the notice opened): the case runs, linked here."""
    now = now or timezone.now()
    request = _lock(request)
    _require_kind(request, daiban=True)
    _require_worker(actor, request)
    _require_status(request, Status.ENTRUSTED)
    if request.case is not None:
        wanted = [
            {"material": m.material_id, "status": MaterialStatus.PROVIDED, "note": ""}
            for m in request.case.materials.exclude(status=MaterialStatus.PROVIDED)
            if str(m.material_id) in request.checklist
        ]
        cases.case_supplement(actor=actor, case=request.case, materials=wanted, now=now)
    else:
        request.case = cases.case_intake(
            actor=actor,
            center=request.center,
            item_code=request.item.code,
            applicant={
                "kind": "person",
                "name": request.name,
                "id_number": request.id_number.value,
                "phone": request.phone,
            },
            materials=_as_entries(request.checklist),
            now=now,
        )
    request.status = Status.IN_PROGRESS
    request.save(update_fields=["status", "case"])
    _emit("assist.submitted", request, case=request.case_id)
    audit("assist.submitted", actor=actor, center=request.center, obj=request)
    return request


@transaction.atomic
def daiban_return(
    *,
    actor: Actor,
    request: AssistRequest,
    items: list[str],
    signature,
    note: str = "",
    now: dt.datetime | None = None,
) -> AssistRequest:
    """办结交接 (A.2.3): the results and the materials handed back, signed.
    Before the case is submitted it is the withdrawal of the entrustment: the
    materials go back, signed for, and the request ends cancelled."""
    png = parse_signature(signature)
    note = _text(note, "note", limit=NOTE_MAX)
    if not isinstance(items, list) or not 1 <= len(items) <= 30:
        raise ValidationFailed(_("请列出移交的结果和材料"), fields={"items": _("必填")})
    cleaned = [_text(i, "items", limit=100) for i in items]
    cleaned = [i for i in cleaned if i]
    if not cleaned:
        raise ValidationFailed(_("请列出移交的结果和材料"), fields={"items": _("必填")})
    now = now or timezone.now()
    request = _lock(request)
    _require_kind(request, daiban=True)
    _require_worker(actor, request)
    _require_status(request, Status.IN_PROGRESS, Status.ENTRUSTED)
    withdrawn = request.status == Status.ENTRUSTED
    if request.case is not None:
        request.case.refresh_from_db(fields=["status"])
    if not withdrawn and request.case.status not in CASE_FINISHED:
        raise Conflict(
            _("办件尚未办结（当前：%(status)s），暂不能办结交接")
            % {"status": request.case.get_status_display()},
            code="case_not_finished",
        )
    assistant = _assistant_name(actor, request)
    lines = [(i, "") for i in cleaned]
    record = documents.handover(
        request,
        returning=True,
        lines=lines,
        signature=png,
        assistant=assistant,
        note=note,
        when=now,
        withdrawn=withdrawn,
    )
    Handover.objects.create(
        request=request,
        kind=HandoverKind.RETURN,
        items=cleaned,
        note=note,
        at=now,
        by=actor.user,
        signature=png,
        document=record,
        sha256=_digest(record),
    )
    if withdrawn:
        request.status, request.cancelled_at = Status.CANCELLED, now
        request.cancel_reason = str(_("委托人撤回委托，材料已退还"))
        request.save(update_fields=["status", "cancelled_at", "cancel_reason"])
        _emit("assist.cancelled", request)
        audit("assist.withdrawn", actor=actor, center=request.center, obj=request)
        return request
    request.status, request.done_at = Status.DONE, now
    request.outcome = (
        str(_("办件 %(number)s：%(status)s"))
        % {"number": request.case.number, "status": request.case.get_status_display()}
    )[:OUTCOME_MAX]
    request.save(update_fields=["status", "done_at", "outcome"])
    _emit("assist.done", request)
    audit("assist.returned", actor=actor, center=request.center, obj=request)
    return request


# --- paying at the bank window for the person (002 二(七), A.1.6) ---------------------------


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        amount = None
    if (
        amount is None
        or not amount.is_finite()
        or amount <= 0
        or amount > MAX_AMOUNT
        or amount.as_tuple().exponent < -2
    ):
        raise ValidationFailed(_("金额无效"), fields={"amount": _("应为大于0的金额，最多两位小数")})
    return amount


@transaction.atomic
def payment_record(
    *,
    actor: Actor,
    request: AssistRequest,
    amount,
    purpose: str,
    receipt_number: str,
    signature,
    now: dt.datetime | None = None,
) -> Payment:
    """The fee paid in cash at the bank window for the person; they take the
    receipt and sign for it. When the entrusted case charges a fee by its
    guide, the payment is the case's too (cases.case_payment_record, paid by the
    assistant at the bank window), so the case's receipts and its hand-out
    check see it: its amount must then be what the case still owes."""
    amount = _amount(amount)
    purpose = _text(purpose, "purpose", limit=100, required=True, label=_("请填写费用名称"))
    receipt = _text(receipt_number, "receipt_number", limit=40, required=True)
    if not _RECEIPT.fullmatch(receipt):
        raise ValidationFailed(
            _("银行收据号无效"), fields={"receipt_number": _("4-40位字母、数字或连字符")}
        )
    png = parse_signature(signature)
    now = now or timezone.now()
    request = _lock(request)
    _require_worker(actor, request)
    _require_status(request, Status.IN_SERVICE, Status.ENTRUSTED, Status.IN_PROGRESS)
    if Payment.objects.filter(request=request, receipt_number=receipt).exists():
        raise Conflict(_("该收据已登记"), code="receipt_recorded")
    payment = Payment.objects.create(
        request=request,
        amount=amount,
        purpose=purpose,
        receipt_number=receipt,
        paid_at=now,
        paid_by=actor.user,
        acknowledged_at=now,
        signature=png,
    )
    if _case_charges(request):
        cases.case_payment_record(
            actor=actor,
            case=request.case,
            amount=amount,
            method="bank_slip",
            payer="assistant",
            now=now,
        )
    _emit("assist.payment_recorded", request, amount=str(amount), payment=payment.pk)
    audit(
        "assist.payment_recorded",
        actor=actor,
        center=request.center,
        obj=payment,
        detail={"amount": str(amount)},
    )
    return payment


def _case_charges(request: AssistRequest) -> bool:
    """The entrusted case has a fee standard and may still be paid."""
    case = request.case
    return bool(case is not None and case.version.fee_amounts and case.status in cases.PAYABLE)


# --- the team (002 二(三)) and the departments' coordinators (A.1.5) -------------------------


def _staff_of(center: Center, user: User) -> bool:
    return Membership.objects.filter(center=center, user=user, user__is_active=True).exists()


@transaction.atomic
def member_save(
    *,
    actor: Actor,
    center: Center,
    kind: str,
    skills: list,
    name: str = "",
    user: User | None = None,
    languages: str = "",
    dialects: str = "",
    active: bool = True,
    note: str = "",
    member: TeamMember | None = None,
) -> TeamMember:
    actor.require(center, "assist.manage")
    if not selectors.manages(actor, None, center) and not actor.is_superuser:
        raise PermissionDenied(_("服务队由中心管理员维护"), code="center_admin_only")
    errors: dict = {}
    if kind not in MemberKind.values:
        errors["kind"] = _("取值无效")
    if not isinstance(skills, list) or not skills or set(skills) - set(Skill.values):
        errors["skills"] = _("请至少选择一项服务技能")
    if user is not None and not _staff_of(center, user):
        errors["user"] = _("须为本中心工作人员")
    if kind == MemberKind.ASSISTANT and user is None:
        errors["user"] = _("帮办代办员须关联工作人员账号")
    elif kind == MemberKind.ASSISTANT and not actor_for_user(user).can(center, "assist.work"):
        errors["user"] = _("该工作人员不是本中心的帮办代办员")
    try:
        name = _text(name, "name", limit=50) or (user.display_name if user else "")
        if not name:
            raise ValidationFailed(_("请填写姓名"), fields={"name": _("必填")})
        check_name(name, "name")
        languages = _text(languages, "languages", limit=100)
        dialects = _text(dialects, "dialects", limit=100)
        note = _text(note, "note", limit=200)
    except ValidationFailed as exc:
        errors.update(exc.fields)
    if not errors and Skill.FOREIGN_LANGUAGE in skills and not languages:
        errors["languages"] = _("请填写外语语种")
    if not errors and Skill.DIALECT in skills and not dialects:
        errors["dialects"] = _("请填写方言")
    if member is not None and member.center_id != center.pk:
        errors["member"] = _("无效")
    if errors:
        raise ValidationFailed(_("队员信息有误"), fields=errors)
    duplicate = TeamMember.objects.filter(center=center, user=user).exclude(
        pk=member.pk if member else None
    )
    if user is not None and duplicate.exists():
        raise Conflict(_("该工作人员已在服务队中"), code="member_exists")
    values = {
        "user": user,
        "name": name,
        "kind": kind,
        "skills": sorted(set(skills), key=Skill.values.index),
        "languages": languages,
        "dialects": dialects,
        "active": bool(active),
        "note": note,
    }
    if member is None:
        member = TeamMember.objects.create(center=center, **values)
    else:
        for key, value in values.items():
            setattr(member, key, value)
        member.save()
    emit("assist.team_changed", center=center, aggregate=member, payload={"member": member.pk})
    audit("assist.member_saved", actor=actor, center=center, obj=member)
    return member


@transaction.atomic
def coordinator_name(
    *, actor: Actor, center: Center, department: Department, user: User
) -> Coordinator:
    actor.require(center, "assist.manage")
    if not selectors.manages(actor, department.pk, center):
        raise PermissionDenied(_("只能确定本部门的协调人"), code="not_your_department")
    if department.district_id != center.district_id:
        raise ValidationFailed(_("部门无效"), fields={"department": _("无效")})
    if not _staff_of(center, user):
        raise ValidationFailed(_("协调人须为本中心工作人员"), fields={"user": _("无效")})
    found, created = Coordinator.objects.get_or_create(
        center=center, department=department, user=user, defaults={"named_at": timezone.now()}
    )
    if not created:
        raise Conflict(_("该协调人已确定"), code="coordinator_exists")
    emit("assist.coordinator_named", center=center, aggregate=found)
    audit("assist.coordinator_named", actor=actor, center=center, obj=found)
    return found


@transaction.atomic
def coordinator_remove(*, actor: Actor, coordinator: Coordinator) -> None:
    actor.require(coordinator.center, "assist.manage")
    if not selectors.manages(actor, coordinator.department_id, coordinator.center):
        raise PermissionDenied(_("只能调整本部门的协调人"), code="not_your_department")
    center = coordinator.center
    audit("assist.coordinator_removed", actor=actor, center=center, obj=coordinator)
    emit("assist.coordinator_removed", center=center, payload={"coordinator": coordinator.pk})
    coordinator.delete()


# --- from the booking app's home visits (004 第六条3) ----------------------------------------


def on_visit_approved(*, event, obj) -> None:
    """An approved home visit becomes an assist request (the team goes)."""
    if obj is None or AssistRequest.objects.filter(home_visit=obj).exists():
        return
    request_create(
        actor=None,
        center=obj.center,
        kind=Kind.HOME_VISIT,
        id_number=obj.id_number.value if obj.id_number else None,
        phone=obj.phone or None,
        item_code=obj.item.code if obj.item_id else None,
        name=obj.name,
        note=(obj.reason or "")[:NOTE_MAX],
        home_visit=obj,
    )


def _visit_request(obj) -> AssistRequest | None:
    if obj is None:
        return None
    return AssistRequest.objects.filter(home_visit=obj, status__in=OPEN).first()


def on_visit_done(*, event, obj) -> None:
    request = _visit_request(obj)
    if request is None:
        return
    request = _lock(request)
    now = obj.done_at or timezone.now()
    request.started_at = request.started_at or obj.scheduled_for or now
    request.status, request.done_at = Status.DONE, now
    request.outcome = (obj.outcome or "")[:OUTCOME_MAX]
    request.save(update_fields=["status", "started_at", "done_at", "outcome"])
    _emit("assist.done", request)


def on_visit_cancelled(*, event, obj) -> None:
    request = _visit_request(obj)
    if request is not None:
        request_cancel(actor=None, request=request, reason=str(_("上门服务预约已取消")))
