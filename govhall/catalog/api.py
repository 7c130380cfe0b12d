"""Catalog endpoints of API.md: published items and guides (public)."""

from __future__ import annotations

from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from govhall.core import hooks
from govhall.core.selectors import center_by_code

from . import selectors
from .domains import Domain

router = Router(tags=["catalog"])


class ItemOut(Schema):
    code: str
    name: str
    domain: str
    domain_name: str
    department: str
    approval_mode: str
    committed_days: int


class ItemFilter(Schema):
    q: str = Field("", max_length=100)
    domain: Domain | None = None


def item_out(item) -> dict:
    version = item.published_version
    return {
        "code": item.code,
        "name": version.name,
        "domain": item.domain,
        "domain_name": str(item.get_domain_display()),
        "department": item.department.name,
        "approval_mode": version.approval_mode,
        "committed_days": version.committed_days,
    }


@router.get(
    "/centers/{center}/items", response=list[ItemOut], summary="中心进驻事项（支持拼音首字母检索）"
)
def list_items(request, center: str, filters: Query[ItemFilter]):
    found = center_by_code(center)
    items = selectors.items_at_center(found, q=filters.q, domain=filters.domain or "")
    return [item_out(i) for i in items]


class MaterialOut(Schema):
    name: str
    form: str
    form_name: str
    count: int
    required: bool
    notes: str
    sample_url: str


class StationOut(Schema):
    code: str
    name: str


class AcceptingWindowOut(Schema):
    code: str
    number: int
    name: str
    center: str


class GuideOut(Schema):
    code: str
    name: str
    version: int
    published_at: str
    domain: str
    domain_name: str
    department: str
    item_type: str
    item_type_name: str
    approval_mode: str
    approval_mode_name: str
    legal_basis: str
    conditions: str
    materials: list[MaterialOut]
    process: list[str]
    statutory_days: int
    committed_days: int
    fee: str
    consult_phone: str
    complaint_phone: str
    online_application: bool
    parallel_departments: list[str]
    centers: list[StationOut]
    windows: list[AcceptingWindowOut]


def guide_out(item) -> dict:
    v = item.published_version
    return {
        "code": item.code,
        "name": v.name,
        "version": v.number,
        "published_at": timezone.localtime(v.published_at).isoformat(),
        "domain": item.domain,
        "domain_name": str(item.get_domain_display()),
        "department": item.department.name,
        "item_type": v.item_type,
        "item_type_name": str(v.get_item_type_display()),
        "approval_mode": v.approval_mode,
        "approval_mode_name": str(v.get_approval_mode_display()),
        "legal_basis": v.legal_basis,
        "conditions": v.conditions,
        "materials": [
            {
                "name": m.name,
                "form": m.form,
                "form_name": str(m.get_form_display()),
                "count": m.count,
                "required": m.required,
                "notes": m.notes,
                "sample_url": m.sample_url,
            }
            for m in v.materials.all()
        ],
        "process": v.process,
        "statutory_days": v.statutory_days,
        "committed_days": v.committed_days,
        "fee": v.fee,
        "consult_phone": v.consult_phone,
        "complaint_phone": v.complaint_phone,
        "online_application": v.allows_online,
        "parallel_departments": [d.name for d in v.parallel_departments.all()],
        "centers": [{"code": s.center.code, "name": s.center.name} for s in item.stationings.all()],
        # Windows live in queueing's calling profiles, a floor above: asked by hook.
        "windows": [w for part in hooks.gather("catalog.guide_windows", item=item) for w in part],
    }


@router.get("/items/{item}", response=GuideOut, summary="事项办事指南（现行发布版本）")
def get_item(request, item: str):
    return guide_out(selectors.published_item(item))
