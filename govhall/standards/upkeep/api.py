"""upkeep: the ledger and the maintenance log over the API (thin: services change)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from pydantic import Field

from govhall.core.auth import Needs
from govhall.core.errors import NotFound
from govhall.core.models import Center
from govhall.core.selectors import center_by_code

from . import selectors, services

router = Router(tags=["standards"])
READ = ("standards.read", "standards.manage", "inspection.do")


def center_for(request, code: str, *capabilities: str) -> Center:
    """The centre of the path, after the actor is checked there (403 for another centre)."""
    if not code or len(code) > 32 or "\x00" in code:
        raise NotFound(_("中心不存在"), code="center_not_found")
    center = center_by_code(code)
    request.auth.require(center, *capabilities)
    return center


class InstallationOut(Schema):
    id: int
    name: str
    kind: str
    zone: str | None
    location: str
    keeper: str | None
    cycle: str
    every_days: int | None
    last_done: dt.date | None
    next_due: dt.date
    state: Literal["ok", "due_soon", "overdue", "failed"]
    days_left: int


class MaintenanceIn(Schema):
    done_on: dt.date
    result: Literal["ok", "fixed", "failed"]
    note: str = Field("", max_length=300)
    worker: str = Field("", max_length=80)


class MaintenanceOut(Schema):
    id: int
    installation: int
    done_on: dt.date
    result: str
    next_due: dt.date
    task: int | None


def _out(row: dict) -> dict:
    inst = row["inst"]
    return {
        "id": inst.pk,
        "name": inst.name,
        "kind": inst.kind,
        "zone": inst.zone.code if inst.zone else None,
        "location": inst.location,
        "keeper": inst.keeper.display_name if inst.keeper else None,
        "cycle": inst.cycle,
        "every_days": inst.every_days,
        "last_done": inst.last_done,
        "next_due": inst.next_due,
        "state": row["state"],
        "days_left": row["days_left"],
    }


@router.get(
    "/centers/{center}/upkeep",
    response=list[InstallationOut],
    auth=Needs(*READ),
    summary="设施设备维保台账（含到期、逾期状态）",
)
def ledger(request, center: str):
    found = center_for(request, center, *READ)
    return [_out(row) for row in selectors.rows(found, timezone.localdate())]


@router.post(
    "/centers/{center}/upkeep/{installation}/maintenance",
    response={201: MaintenanceOut},
    auth=Needs("standards.manage"),
    summary="登记维保（故障未修复时生成整改任务）",
)
def record(request, center: str, installation: int, body: MaintenanceIn):
    found = center_for(request, center, "standards.manage")
    inst = selectors.installation(found, installation)
    if inst is None:
        raise NotFound(_("设施设备不存在"), code="installation_not_found")
    log = services.maintenance_record(
        actor=request.auth,
        installation=inst,
        done_on=body.done_on,
        result=body.result,
        note=body.note,
        worker=body.worker,
    )
    inst.refresh_from_db()
    return Status(
        201,
        {
            "id": log.pk,
            "installation": inst.pk,
            "done_on": log.done_on,
            "result": log.result,
            "next_due": inst.next_due,
            "task": log.task_id,
        },
    )
