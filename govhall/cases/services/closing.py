"""Closing a case and its archive: every closed case is archived in the
transaction that closes it."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile

from govhall.core.actors import Actor

from ..archives.services import archive_file_register
from ..models import (
    ENDED_EARLY,
    ApplicantKind,
    Archive,
    Case,
    CaseStatus,
    Document,
    Step,
)
from .base import (
    _emit,
    _step,
)

# --- closing and the archive -------------------------------------------------------------


def _close(case: Case, *, actor: Actor | None, now: dt.datetime, event: str) -> Case:
    if case.status not in ENDED_EARLY:
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
    archive_file_register(archive=archive, now=now)  # 档号 (archives/, GB/T 18894)
    return archive
