"""The assist API (API.md: POST /centers/{center}/assist-requests), and the
open requests of a centre for the desk's and the assistants' terminals."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status
from pydantic import Field

from govhall.core.auth import Needs
from govhall.core.fields import mask_phone
from govhall.core.selectors import center_by_code

from . import selectors, services
from .models import AssistRequest

router = Router(tags=["assist"])


class AssistIn(Schema):
    kind: str = Field(min_length=1, max_length=20)
    id_number: str | None = Field(None, max_length=40)
    phone: str | None = Field(None, max_length=20)
    item: str | None = Field(None, max_length=40)
    note: str = Field("", max_length=300)
    language: str = Field("", max_length=40)


class AssistOut(Schema):
    number: str
    kind: str
    status: str
    assigned_to: str | None = None


class AssistRow(AssistOut):
    kind_label: str
    status_label: str
    channel: str
    elderly: bool
    item: str | None
    item_name: str | None
    id_number: str  # masked
    phone: str  # masked
    requested_at: dt.datetime


def _out(r: AssistRequest) -> dict:
    return {
        "number": r.number,
        "kind": r.kind,
        "status": r.status,
        "assigned_to": r.assigned_to.name if r.assigned_to else None,
    }


@router.post(
    "/centers/{center}/assist-requests",
    response={201: AssistOut},
    auth=Needs("assist.request"),
    summary="帮办代办申请（总服务台、窗口、自助终端）",
)
def create(request, center: str, payload: AssistIn):
    found = center_by_code(center)
    created = services.request_create(
        actor=request.auth,
        center=found,
        kind=payload.kind,
        id_number=payload.id_number,
        phone=payload.phone,
        item_code=payload.item,
        note=payload.note,
        language=payload.language,
    )
    return Status(201, _out(created))


@router.get(
    "/centers/{center}/assist-requests",
    response=list[AssistRow],
    auth=Needs("assist.work", "assist.manage"),
    summary="未办结的帮办代办申请",
)
def open_list(request, center: str):
    found = center_by_code(center)
    request.auth.require(found, "assist.work", "assist.manage")
    return [
        {
            **_out(r),
            "kind_label": r.get_kind_display(),
            "status_label": r.get_status_display(),
            "channel": r.channel,
            "elderly": r.elderly,
            "item": r.item.code if r.item else None,
            "item_name": r.item_name or None,
            "id_number": r.id_number.masked if r.id_number else "",
            "phone": mask_phone(r.phone) if r.phone else "",
            "requested_at": r.requested_at,
        }
        for r in selectors.open_requests(found)
    ]
