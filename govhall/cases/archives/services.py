"""The register's changes of state: a 档号 when an archive is made, transfer to
the archive office, destruction asked by one person and approved by another.
Events carry 档号 and counts only, never the applicant."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.core.actors import Actor
from govhall.core.center_settings import center_setting
from govhall.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.services import counter_next

from . import listing, rules
from .models import (
    ArchiveFile,
    ArchiveState,
    DestructionRequest,
    DestructionState,
    TransferBatch,
)

OVERSEE = "case.oversee"
MAX_BATCH = 500


def _emit(kind: str, center, obj, **payload) -> None:
    emit(kind, center=center, aggregate=obj, payload=payload)


def archive_file_register(*, archive, now: dt.datetime) -> ArchiveFile:
    """The 档号, in the transaction that makes the archive: 件号 from the counter
    of its fonds, year, retention and department (gapless: a rolled-back close
    gives its number back)."""
    case = archive.case
    filed_on = timezone.localtime(now).date()
    retention = rules.retention_for(
        case.center, item_code=case.item.code, approval_mode=case.approval_mode
    )
    parts = {
        "fonds": case.center.code,
        "year": filed_on.year,
        "retention": retention,
        "department": case.department.code,
    }
    piece = counter_next(rules.counter_key(**parts))
    file = ArchiveFile.objects.create(
        archive=archive,
        center=case.center,
        number=rules.archive_number(**parts, piece=piece),
        piece=piece,
        filed_on=filed_on,
        expires_on=rules.expires_on(filed_on, retention),
        **parts,
    )
    _emit("archive.numbered", case.center, file, number=file.number, retention=retention)
    return file


def _files(center, numbers, *, field: str) -> list[ArchiveFile]:
    """The centre's archives named by `numbers`, locked; unknown ones (another
    centre's too) refused by name, so nothing is half done."""
    if not isinstance(numbers, (list, tuple)) or not all(isinstance(n, str) for n in numbers):
        raise ValidationFailed(_("请选择档案"), fields={field: _("请选择档案")})
    wanted = list(dict.fromkeys(n.strip() for n in numbers if n.strip()))
    if not wanted:
        raise ValidationFailed(_("请选择档案"), fields={field: _("请选择档案")})
    if len(wanted) > MAX_BATCH:
        msg = _("一批最多 %(n)s 件") % {"n": MAX_BATCH}
        raise ValidationFailed(msg, fields={field: msg})
    found = {
        f.number: f
        for f in ArchiveFile.objects.select_for_update()
        .select_related("archive")
        .filter(center=center, number__in=wanted)
    }
    missing = [n for n in wanted if n not in found]
    if missing:
        msg = _("本中心没有这些档案：%(numbers)s") % {"numbers": "、".join(missing[:5])}
        raise ValidationFailed(msg, code="unknown_archive", fields={field: msg})
    return [found[n] for n in wanted]


def _text(value, *, field: str, limit: int, label: str) -> str:
    if not isinstance(value, str) or not value.strip():
        msg = _("请填写%(what)s") % {"what": label}
        raise ValidationFailed(msg, fields={field: msg})
    if len(value.strip()) > limit:
        msg = _("%(what)s不超过 %(n)s 字") % {"what": label, "n": limit}
        raise ValidationFailed(msg, fields={field: msg})
    return value.strip()


def transfer_eligible(file: ArchiveFile, today: dt.date) -> bool:
    years = center_setting(file.center, "archives.custody_years")
    return file.state == ArchiveState.CUSTODY and today >= rules.custody_ends_on(file.year, years)


def destruction_eligible(file: ArchiveFile, today: dt.date) -> bool:
    return (
        file.state != ArchiveState.DESTROYED
        and file.destruction_id is None
        and file.expires_on is not None
        and today >= file.expires_on
    )


@transaction.atomic
def archive_transfer(
    *,
    actor: Actor,
    center,
    numbers,
    received_by,
    received_on,
    now: dt.datetime | None = None,
) -> TransferBatch:
    """移交: archives whose custody at the centre has ended go to the archive
    office as one batch with its numbered list; the receiver signs for it."""
    actor.require(center, OVERSEE)
    now = now or timezone.now()
    received_by = _text(received_by, field="received_by", limit=40, label=_("接收人"))
    if not isinstance(received_on, dt.date):
        msg = _("请填写接收日期")
        raise ValidationFailed(msg, fields={"received_on": msg})
    if received_on > timezone.localtime(now).date():
        msg = _("接收日期不能晚于今天")
        raise ValidationFailed(msg, fields={"received_on": msg})
    files = _files(center, numbers, field="archives")
    today = timezone.localtime(now).date()
    early = [f.number for f in files if not transfer_eligible(f, today)]
    if early:
        raise InvalidTransition(
            _("这些档案尚在中心保管期内或已不在中心：%(numbers)s")
            % {"numbers": "、".join(early[:5])},
            code="not_transferable",
            fields={"archives": "、".join(early[:5])},
        )
    year = today.year
    number = f"YJ-{center.code}-{year}-{counter_next(f'archive-transfer:{center.code}:{year}'):03d}"
    batch = TransferBatch.objects.create(
        center=center,
        number=number,
        received_by=received_by,
        received_on=received_on,
        created_by=actor.user,
        created_at=now,
        listing=listing.render(
            kind="transfer",
            center=center,
            number=number,
            files=files,
            lines=[
                _("移交人：%(who)s") % {"who": actor.user.get_full_name() or actor.user.username},
                _("接收人：%(who)s　　接收日期：%(day)s")
                % {"who": received_by, "day": received_on.isoformat()},
            ],
            when=now,
        ),
    )
    ArchiveFile.objects.filter(pk__in=[f.pk for f in files]).update(
        state=ArchiveState.TRANSFERRED, transfer=batch
    )
    _emit("archive.transferred", center, batch, batch=number, count=len(files))
    return batch


@transaction.atomic
def archive_destruction_request(
    *, actor: Actor, center, numbers, note, now: dt.datetime | None = None
) -> DestructionRequest:
    """The centre asks to destroy archives whose retention has run out, with the
    鉴定 note; nothing is erased until another person approves."""
    actor.require(center, OVERSEE)
    now = now or timezone.now()
    note = _text(note, field="note", limit=1000, label=_("鉴定意见"))
    files = _files(center, numbers, field="archives")
    today = timezone.localtime(now).date()
    refused = [f.number for f in files if not destruction_eligible(f, today)]
    if refused:
        raise InvalidTransition(
            _("这些档案保管期限未满、已在销毁流程中或已销毁：%(numbers)s")
            % {"numbers": "、".join(refused[:5])},
            code="not_expired",
            fields={"archives": "、".join(refused[:5])},
        )
    year = today.year
    number = f"XH-{center.code}-{year}-{counter_next(f'archive-destroy:{center.code}:{year}'):03d}"
    request = DestructionRequest.objects.create(
        center=center, number=number, note=note, requested_by=actor.user, requested_at=now
    )
    ArchiveFile.objects.filter(pk__in=[f.pk for f in files]).update(destruction=request)
    _emit("archive.destruction_requested", center, request, batch=number, count=len(files))
    return request


@transaction.atomic
def archive_destruction_decide(
    *,
    actor: Actor,
    request: DestructionRequest,
    approve,
    note="",
    now: dt.datetime | None = None,
) -> DestructionRequest:
    """Approved by someone other than the one who asked: the packages' bytes are
    erased, the register rows stay with the destruction record (销毁清单).
    Refused: the archives leave the request, untouched."""
    actor.require(request.center, OVERSEE)
    now = now or timezone.now()
    request = DestructionRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != DestructionState.PENDING:
        raise InvalidTransition(_("该销毁申请已审批"), code="already_decided")
    if request.requested_by_id == getattr(actor.user, "pk", None):
        raise PermissionDenied(_("销毁须由申请人以外的人审批"), code="same_person")
    if not isinstance(approve, bool):
        raise ValidationFailed(_("请选择是否批准"), fields={"approve": _("请选择是否批准")})
    if not isinstance(note, str) or len(note) > 200:
        msg = _("审批意见不超过 200 字")
        raise ValidationFailed(msg, fields={"decision_note": msg})
    files = list(
        ArchiveFile.objects.select_for_update()
        .select_related("archive")
        .filter(destruction=request)
    )
    today = timezone.localtime(now).date()
    request.decided_by, request.decided_at, request.decision_note = actor.user, now, note.strip()
    if not approve:
        request.state = DestructionState.REFUSED
        request.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        ArchiveFile.objects.filter(destruction=request).update(destruction=None)
        _emit("archive.destruction_refused", request.center, request, batch=request.number)
        return request
    if any(f.expires_on is None or today < f.expires_on for f in files):
        raise InvalidTransition(_("清单中有档案保管期限未满"), code="not_expired")
    from govhall.cases.models import Archive

    # The package goes; its manifest (masked metadata) and sha256 stay as the record.
    Archive.objects.filter(pk__in=[f.archive_id for f in files]).update(package=b"")
    ArchiveFile.objects.filter(destruction=request).update(
        state=ArchiveState.DESTROYED, destroyed_at=now
    )
    who = actor.user.get_full_name() or actor.user.username
    asked = request.requested_by.get_full_name() or request.requested_by.username
    request.state = DestructionState.APPROVED
    request.listing = listing.render(
        kind="destruction",
        center=request.center,
        number=request.number,
        files=files,
        lines=[
            _("鉴定意见：%(note)s") % {"note": request.note},
            _("申请人：%(who)s　　批准人：%(by)s") % {"who": asked, "by": who},
        ],
        when=now,
    )
    request.save(update_fields=["state", "decided_by", "decided_at", "decision_note", "listing"])
    _emit("archive.destroyed", request.center, request, batch=request.number, count=len(files))
    return request


@transaction.atomic
def archive_applicant_reveal(*, actor: Actor, file: ArchiveFile) -> dict[str, str]:
    """The applicant of an archive in full (6.5.1.3): for the centre's archive
    keepers only, every read in the audit log."""
    actor.require(file.center, OVERSEE)
    if not actor.is_staff_user:
        raise PermissionDenied(_("仅工作人员可查看申请人信息"))
    case = file.archive.case
    audit(
        "personal_data.revealed",
        actor=actor,
        center=file.center,
        obj=file,
        detail={"field": "archive_applicant", "archive": file.number},
    )
    return {
        "name": case.applicant_name,
        "identifier": case.credit_code
        or (case.applicant_id_number.value if case.applicant_id_number else ""),
        "phone": case.phone,
    }
