"""Catalog factories: items published through the real workflow."""

from __future__ import annotations

import itertools

from govhall.catalog import services
from govhall.catalog.models import ServiceItem
from govhall.core.actors import actor_for_user
from govhall.core.models import Center, Department, User

_seq = itertools.count(1)

MATERIALS = [
    {"name": "申请人有效身份证件", "form": "original_and_copy", "count": 1},
    {"name": "申请表", "form": "original", "count": 1, "notes": "现场填写"},
]


def guide(**overrides) -> dict:
    return {
        "name": "测试事项",
        "item_type": "public_service",
        "approval_mode": "promise",
        "legal_basis": "《测试条例》第一条",
        "conditions": "符合条件的申请人",
        "process": ["申请", "受理", "审核", "办结"],
        "statutory_days": 20,
        "committed_days": 5,
        "fee": "不收费",
        "consult_phone": "021-57770000",
        "complaint_phone": "12345",
        **overrides,
    }


def superuser() -> User:
    return User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        f"root{next(_seq)}", password="x-very-long-pw"
    )


def published_item(
    department: Department,
    *centers: Center,
    code: str = "",
    domain: str = "market_regulation",
    **guide_overrides,
) -> ServiceItem:
    actor = actor_for_user(superuser())
    item = services.item_create(
        actor=actor,
        code=code or f"IT-{next(_seq):04d}",
        department=department,
        domain=domain,
        guide=guide(**guide_overrides),
        materials=MATERIALS,
    )
    version = item.versions.get()
    services.version_submit(actor=actor, version=version)
    services.version_review(actor=actor, version=version, approve=True)
    services.version_publish(actor=actor, version=version)
    for center in centers:
        services.stationing_set(actor=actor, item=item, center=center)
    item.refresh_from_db()
    return item
