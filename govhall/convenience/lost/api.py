"""Lost property's API: API.md's two rows, and the public list without personal data."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status
from pydantic import Field

from govhall.core.auth import Needs
from govhall.core.selectors import center_by_code

from . import selectors, services

router = Router(tags=["convenience"])


class LostIn(Schema):
    description: str = Field(max_length=200)
    found_at: dt.datetime
    found_place: str = Field(max_length=100)
    category: str = Field(max_length=12)
    found_by: str = Field("", max_length=50)
    storage_place: str = Field("", max_length=100)
    owner_id_number: str | None = Field(None, max_length=40)


class LostOut(Schema):
    number: str
    status: str


@router.post(
    "/centers/{center}/lost-items",
    response={201: LostOut},
    auth=Needs("lost.register"),
    summary="遗失物品登记",
)
def register(request, center: str, payload: LostIn):
    item = services.lost_register(
        actor=request.auth,
        center=center_by_code(center),
        category=payload.category,
        description=payload.description,
        found_place=payload.found_place,
        found_at=payload.found_at,
        found_by=payload.found_by,
        storage_place=payload.storage_place,
        owner_id_number=payload.owner_id_number,
    )
    return Status(201, {"number": item.number, "status": item.status})


class ClaimIn(Schema):
    id_number: str = Field(max_length=40)
    name: str = Field(max_length=50)
    phone: str = Field("", max_length=20)
    # The claimant's signature from a pad: a PNG as base64 or a data URL.
    signature: str | None = Field(None, max_length=800_000)


@router.post(
    "/lost-items/{number}/claim",
    response=LostOut,
    auth=Needs("lost.register"),
    summary="遗失物品认领（核验认领人证件）",
)
def claim(request, number: str, payload: ClaimIn):
    item = services.lost_claim(
        actor=request.auth,
        item=selectors.item_for(request.auth, number),
        name=payload.name,
        id_number=payload.id_number,
        phone=payload.phone,
        signature=payload.signature,
    )
    return {"number": item.number, "status": item.status}


class PublicLostOut(Schema):
    number: str
    category: str
    description: str
    found_place: str
    found_on: dt.date


@router.get(
    "/centers/{center}/lost-items",
    response=list[PublicLostOut],
    summary="招领公告（公开，不含个人信息）",
)
def public(request, center: str):
    from django.utils import timezone

    return [
        {
            "number": item.number,
            "category": item.get_category_display(),
            "description": selectors.public_description(item),
            "found_place": item.found_place,
            "found_on": timezone.localdate(item.found_at),
        }
        for item in selectors.public_list(center_by_code(center))[:200]
    ]
