"""Reads of the register, scoped to one centre; the applicant masked (6.5.1.3)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from govhall.core.fields import mask_phone

from . import listing
from .models import ArchiveFile, ArchiveState, DestructionRequest, DestructionState, Retention
from .services import destruction_eligible, transfer_eligible


def parse_filters(get) -> dict:
    """The register's filters from a query string; values it cannot read are dropped."""
    out = {}
    year = (get.get("year") or "").strip()
    if year.isdigit() and 1900 <= int(year) <= 2999:
        out["year"] = int(year)
    if get.get("retention") in Retention.values:
        out["retention"] = get["retention"]
    if get.get("state") in ArchiveState.values:
        out["state"] = get["state"]
    dept = (get.get("department") or "").strip()[:40]
    if dept:
        out["department"] = dept
    return out


def files(center, filters: dict | None = None):
    return (
        ArchiveFile.objects.filter(center=center, **(filters or {}))
        .select_related("archive__case", "transfer", "destruction")
        .order_by("-year", "retention", "department", "piece")
    )


def masked_applicant(case) -> str:
    name = case.applicant_name or ""
    if case.applicant_kind == "company":
        return name
    return name[:1] + "*" * max(len(name) - 1, 1)


def masked_identifier(case) -> str:
    if case.credit_code:
        return case.credit_code
    return case.applicant_id_number.masked if case.applicant_id_number else ""


def row(f: ArchiveFile) -> dict:
    """One line of the register: its metadata, the applicant masked."""
    case = f.archive.case
    m = f.archive.manifest
    return {
        "file": f,
        "number": f.number,
        "title": listing.title(f),
        "case_number": case.number,
        "year": f.year,
        "retention": f.get_retention_display(),
        "department": f.department,
        "filed_on": f.filed_on,
        "expires_on": f.expires_on,
        "state": f.get_state_display(),
        "documents": len(m.get("documents", [])),
        "sha256": f.archive.sha256,
        "applicant": masked_applicant(case),
        "identifier": masked_identifier(case),
        "phone": mask_phone(case.phone),
        "transfer": f.transfer.number if f.transfer_id else "",
        "destruction": f.destruction.number if f.destruction_id else "",
    }


def options(center) -> dict:
    qs = ArchiveFile.objects.filter(center=center)
    return {
        "years": sorted(set(qs.values_list("year", flat=True)), reverse=True),
        "departments": sorted(set(qs.values_list("department", flat=True))),
        "retentions": Retention.choices,
        "states": ArchiveState.choices,
    }


def transferable(center, today: dt.date) -> list[ArchiveFile]:
    qs = files(center, {"state": ArchiveState.CUSTODY}).order_by("year", "number")
    return [f for f in qs if transfer_eligible(f, today)]


def destroyable(center, today: dt.date) -> list[ArchiveFile]:
    qs = files(center).filter(expires_on__lte=today).order_by("expires_on", "number")
    return [f for f in qs if destruction_eligible(f, today)]


def pending_destructions(center):
    return (
        DestructionRequest.objects.filter(center=center, state=DestructionState.PENDING)
        .select_related("requested_by")
        .prefetch_related("files")
        .order_by("requested_at")
    )


def pending_count(center) -> int:
    return DestructionRequest.objects.filter(center=center, state=DestructionState.PENDING).count()


def columns() -> list[tuple[str, str]]:
    return [
        ("number", _("档号")),
        ("title", _("题名")),
        ("year", _("年度")),
        ("retention", _("保管期限")),
        ("department", _("机构（部门）代码")),
        ("filed_on", _("归档日期")),
        ("expires_on", _("保管期满日")),
        ("state", _("状态")),
        ("documents", _("文书数")),
        ("applicant", _("申请人")),
        ("identifier", _("证件号码")),
        ("transfer", _("移交批号")),
        ("destruction", _("销毁批号")),
        ("sha256", _("SHA-256")),
    ]
