"""The compliance row of API.md: GET /centers/{center}/compliance, for the centre's
admin and the district's supervisor (standards.read)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Router, Schema

from govhall.core.auth import Needs
from govhall.core.selectors import center_by_code

from . import selectors

router = Router(tags=["standards"])


class EvidenceOut(Schema):
    id: int
    content_type: str
    uploaded_at: str
    confirmed: bool
    confirmed_at: str | None = None


class ComplianceItemOut(Schema):
    ref: str
    requirement: str
    status: Literal["met", "not_met", "not_applicable", "unchecked"]
    applies: Literal["√", "○", "–"]
    section: str
    found: str
    evidence: EvidenceOut | None = None


class ComplianceOut(Schema):
    level: str
    score: Decimal
    checked_at: dt.datetime
    items: list[ComplianceItemOut]


@router.get(
    "/centers/{center}/compliance",
    response=ComplianceOut,
    auth=Needs("standards.read"),
    exclude_unset=True,
    summary="中心对照标准的自查结果（中心管理员、区主管部门）",
)
def compliance(request, center: str):
    found = center_by_code(center[:32])
    request.auth.require(found, "standards.read")
    result = selectors.compliance(found)
    return {
        "level": result.level,
        "score": result.score,
        "checked_at": result.checked_at,
        "items": [selectors.item_dict(i) for i in result.items],
    }
