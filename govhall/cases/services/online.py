"""不见面审批 (003 §四(二)2(1)): a citizen applies on the web with the guide's
materials as uploads; a clerk pre-checks them and accepts, asks once for what
is missing or wrong (the same 一次性告知单, answered by uploading again) or
refuses. The case, its clocks and its notices are those of the window
(intake.py): only the way in differs.

Licensing Law art. 32: corrections are told within 5 days of receipt, or the
application counts as accepted from the day of receipt. The sweep marks such a
case (`deemed_accepted`) and starts its clock from that day.

    web ─► PRECHECK ─┬─ all provided ─► ACCEPTED (受理通知书, clock)
                     ├─ some missing ─► SUPPLEMENT ─ upload again ─► PRECHECK (only those lines)
                     ├─ refuse ──────► REFUSED
                     └─ unanswered past the days ─► ACCEPTED from receipt (deemed)"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core import crypto
from govhall.core.actors import Actor
from govhall.core.center_settings import center_setting
from govhall.core.errors import Conflict, InvalidTransition, ValidationFailed
from govhall.core.models import Center
from govhall.core.workdays import WorkingCalendar

from .. import online_selectors
from ..models import (
    Case,
    CaseMaterial,
    CaseStatus,
    MaterialStatus,
    OnlineUpload,
    Source,
    Step,
)
from ..online_uploads import CheckedFile, check_file
from .base import (
    CHECK_CODE_DIGITS,
    MAX_TEXT,
    _emit,
    _lock,
    _now,
    _precheck,
    _require_clerk,
    _require_status,
    _sms,
    _step,
)
from .intake import (
    _accept,
    _clean_applicant,
    _clean_delivery,
    _clean_text,
    _find_item,
    _match_materials,
    _new_number,
    _outstanding,
    _refuse,
    _route,
)

MB = 1024 * 1024


def _limits(center: Center) -> tuple[int, int]:
    return (
        center_setting(center, "cases.online_file_mb") * MB,
        center_setting(center, "cases.online_files_per_material"),
    )


def _check_files(
    center: Center, lines: dict[int, object], files: dict, *, required: set[int], refused: set[int]
) -> dict[int, list[CheckedFile]]:
    """Every file checked for the lines (material id -> guide material or case
    line) it is given for; all errors at once, by field `m<material id>`."""
    max_bytes, per_material = _limits(center)
    errors: dict[str, str] = {}
    codes: list[str] = []
    checked: dict[int, list[CheckedFile]] = {}

    def fail(field: str, code: str, message) -> None:
        errors.setdefault(field, message)
        codes.append(code)

    for key in files:
        if key in refused:
            fail(f"m{key}", "material_already_accepted", _("该材料已收取，不再重复提交"))
        elif key not in lines:
            fail(f"m{key}", "invalid_checklist", _("不是该事项指南中的材料"))
    for material_id in lines:
        field = f"m{material_id}"
        uploads = [u for u in files.get(material_id, []) if u is not None]
        if len(uploads) > per_material:
            fail(field, "too_many_files", _("每项材料最多 %(n)s 个文件") % {"n": per_material})
            continue
        if not uploads and material_id in required:
            fail(field, "file_missing", _("请上传该材料"))
            continue
        for upload in uploads:
            try:
                checked.setdefault(material_id, []).append(
                    check_file(upload, field=field, max_bytes=max_bytes)
                )
            except ValidationFailed as exc:
                fail(field, exc.code, exc.fields.get(field, exc.message))
                break
    if errors:
        raise ValidationFailed(_("上传的材料有误，请按提示修改"), code=codes[0], fields=errors)
    return checked


def _store(case: Case, line: CaseMaterial, files: list[CheckedFile], *, round_: int, now) -> int:
    OnlineUpload.objects.bulk_create(
        OnlineUpload(
            case=case,
            line=line,
            round=round_,
            kind=f.kind,
            size=len(f.content),
            sha256=hashlib.sha256(f.content).hexdigest(),
            content=crypto.encrypt_bytes(f.content),
            uploaded_at=now,
        )
        for f in files
    )
    return len(files)


def _precheck_due(case: Case, start: dt.date, cal: WorkingCalendar) -> None:
    days = center_setting(case.center, "cases.precheck_days")
    case.precheck_due, case.precheck_due_provisional = cal.deadline(start, days)


@transaction.atomic
def online_apply(
    *,
    center: Center,
    item_code: str,
    applicant: dict,
    files: dict[int, list],
    delivery: dict | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """网上申请: no account and no clerk; the case waits for the pre-check.
    `files` maps a material id of the published guide to its uploads."""
    now = _now(now)
    today = timezone.localdate(now)
    item = _find_item(item_code, center)
    version = item.published_version
    if not version.allows_online:
        raise ValidationFailed(
            _("该事项不支持网上申请，请到中心窗口办理"),
            code="online_not_allowed",
            fields={"item": _("不支持网上申请")},
        )
    fields = {**_clean_applicant(applicant or {}, today), **_clean_delivery(delivery)}
    materials = {m.pk: m for m in version.materials.all()}
    required = {pk for pk, m in materials.items() if m.required}
    checked = _check_files(center, materials, files or {}, required=required, refused=set())
    seq, number = _new_number(center, today)
    case = Case(
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
        source=Source.ONLINE,
        received_at=now,
        committed_days=version.committed_days,
        status=CaseStatus.PRECHECK,
        **fields,
    )
    _precheck_due(case, today, WorkingCalendar())
    case.save()
    count = 0
    for m in materials.values():
        # Not checked yet (rounds 0): the pre-check sets each line's result.
        line = CaseMaterial.objects.create(
            case=case,
            material=m,
            position=m.position,
            name=m.name,
            required=m.required,
            status=MaterialStatus.MISSING,
            rounds=0,
        )
        count += _store(case, line, checked.get(m.pk, []), round_=1, now=now)
    _step(case, Step.RECEIVED, at=now, note=str(Source.ONLINE.label))
    _emit("case.online_received", case, files=count)
    _sms(
        case,
        "online_received",
        _(
            "【%(center)s】您的网上申请已收到，办件编号%(number)s，查询码%(code)s，"
            "将于%(due)s前完成预审。"
        ),
        code=case.check_code,
        due=case.precheck_due.isoformat(),
    )
    return case


def _overdue(case: Case, today: dt.date, cal: WorkingCalendar) -> bool:
    """Past the pre-check days, counted on today's calendar (the stored date is
    refreshed: the holiday table may have changed since)."""
    _precheck_due(case, online_selectors.precheck_start(case), cal)
    return today > case.precheck_due


def _deem(case: Case, *, actor: Actor | None, now: dt.datetime) -> Case:
    """Art. 32: accepted from the day the materials were received."""
    for line in online_selectors.lines_to_check(case):
        line.status, line.provided_at = MaterialStatus.PROVIDED, line.provided_at or now
        line.rounds += 1
        line.save(update_fields=["status", "provided_at", "rounds"])
    case.deemed_accepted = True
    case.save(update_fields=["deemed_accepted", "precheck_due", "precheck_due_provisional"])
    _accept(case, actor=actor, now=now, accepted_on=online_selectors.precheck_start(case))
    _emit("case.deemed_accepted", case, accepted_on=case.accepted_on.isoformat())
    _sms(
        case,
        "deemed_accepted",
        _("【%(center)s】您的网上申请%(number)s已受理（自%(day)s起），承诺办结日期%(due)s。"),
        day=case.accepted_on.isoformat(),
        due=case.due_date.isoformat(),
    )
    return case


@transaction.atomic
def online_precheck(
    *, actor: Actor, case: Case, materials: list[dict], now: dt.datetime | None = None
) -> Case:
    """预审: the clerk's checklist of the lines uploaded in this round (after a
    supplement, only those). All required lines provided: accepted; else the
    one-time notice names every missing or wrong one. Past the days of art. 32
    a supplement can no longer be asked for (409): it counts as accepted."""
    _require_clerk(actor, case.center)
    _precheck(case, CaseStatus.PRECHECK)
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.PRECHECK)
    lines = {line.material_id: line for line in online_selectors.lines_to_check(case)}
    checked = _match_materials(case.version, materials, allowed=set(lines))
    for material_id, (status, note) in checked.items():
        line = lines[material_id]
        line.status, line.note, line.rounds = status, note, line.rounds + 1
        line.provided_at = now if status == MaterialStatus.PROVIDED else None
        line.save(update_fields=["status", "note", "rounds", "provided_at"])
    overdue = _overdue(case, timezone.localdate(now), WorkingCalendar())
    if _outstanding(case):
        if overdue:
            raise Conflict(
                _("预审期限已过，依法视为自收到申请材料之日起受理，不能再要求补正"),
                code="precheck_overdue",
            )
        _route(case, actor=actor, now=now)  # SUPPLEMENT and the one-time notice
        _sms(
            case,
            f"online_supplement:{case.steps.count()}",
            _(
                "【%(center)s】您的网上申请%(number)s需补正材料，请于%(due)s前"
                "凭办件编号和查询码在网上补正上传（只需上传告知单所列材料）。"
            ),
            due=case.supplement_due.isoformat(),
        )
        return case
    if overdue:
        return _deem(case, actor=actor, now=now)
    case.save(update_fields=["precheck_due", "precheck_due_provisional"])
    _accept(case, actor=actor, now=now)
    _sms(
        case,
        "online_accepted",
        _("【%(center)s】您的网上申请%(number)s已受理，承诺办结日期%(due)s。"),
        due=case.due_date.isoformat(),
    )
    return case


@transaction.atomic
def online_refuse(*, actor: Actor, case: Case, reason: str, now: dt.datetime | None = None) -> Case:
    """不予受理 of an application waiting for its pre-check, with the reason."""
    _require_clerk(actor, case.center)
    _precheck(case, CaseStatus.PRECHECK)
    reason = _clean_text(reason, "reason", limit=MAX_TEXT)
    now = _now(now)
    case = _lock(case)
    _require_status(case, CaseStatus.PRECHECK)
    return _refuse(case, actor=actor, reason=reason, now=now)


@transaction.atomic
def online_resupply(*, case: Case, files: dict[int, list], now: dt.datetime | None = None) -> Case:
    """网上补正: the applicant (who proved the check code, online_selectors.
    case_for_applicant) uploads again what the one-time notice named, and only
    that; the case goes back to the pre-check for those lines."""
    if case.source != Source.ONLINE:
        raise InvalidTransition(_("该办件不是网上申请，请到窗口补正"), code="not_online")
    _precheck(case, CaseStatus.SUPPLEMENT)
    now = _now(now)
    wanted = {line.material_id: line for line in _outstanding(case)}
    provided = set(case.materials.values_list("material_id", flat=True)) - set(wanted)
    checked = _check_files(case.center, wanted, files or {}, required=set(wanted), refused=provided)
    case = _lock(case)
    _require_status(case, CaseStatus.SUPPLEMENT)
    round_ = online_selectors.current_round(case) + 1
    count = sum(
        _store(case, wanted[pk], checked.get(pk, []), round_=round_, now=now) for pk in wanted
    )
    case.status = CaseStatus.PRECHECK
    _precheck_due(case, timezone.localdate(now), WorkingCalendar())
    case.save(update_fields=["status", "precheck_due", "precheck_due_provisional"])
    _step(case, Step.SUPPLEMENT_RETURNED, at=now, note=str(Source.ONLINE.label))
    _emit("case.online_resupplied", case, files=count)
    return case


@transaction.atomic
def online_deem_accepted(*, case: Case, now: dt.datetime | None = None) -> bool:
    """The sweep's part: an application still waiting for its pre-check past
    the days counts as accepted from receipt. Safe to run twice."""
    now = _now(now)
    case = _lock(case)
    if case.status != CaseStatus.PRECHECK:
        return False
    if not _overdue(case, timezone.localdate(now), WorkingCalendar()):
        case.save(update_fields=["precheck_due", "precheck_due_provisional"])
        return False
    _deem(case, actor=None, now=now)
    return True
