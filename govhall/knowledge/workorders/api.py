"""12345 work order endpoints: the platform's inbound delivery (integration
token, an Idempotency-Key required), entry by hand, assignment and the answer.
Thin: every change is a service call; output masks the caller's phone."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from pydantic import Field

from govhall.core.auth import Needs
from govhall.core.errors import ValidationFailed
from govhall.core.fields import mask_phone

from ..enquiries.api import center_for, colleague, department, item_for, who
from . import selectors, services
from .models import WorkOrder

router = Router(tags=["knowledge"])


class WorkOrderIn(Schema):
    ref: str = Field(max_length=200)  # the platform's own order number
    kind: Literal["question", "request", "suggestion", "complaint"]
    content: str = Field(max_length=5000)
    phone: str = Field("", max_length=30)
    item: str = Field("", max_length=60)
    due_date: dt.date | None = None  # the order's own deadline, when it has one


class WorkOrderOut(Schema):
    ref: str
    kind: str
    source: str
    status: str
    status_name: str
    received_at: dt.datetime
    due_date: dt.date
    due_provisional: bool
    warning: str
    assignee: str | None
    department: str | None
    phone: str
    answered_at: dt.datetime | None
    complaint_number: str
    answer_queued: bool  # the answer waits in the outbox for the platform


def order_out(o: WorkOrder) -> dict:
    return {
        "ref": o.ref,
        "kind": o.kind,
        "source": o.source,
        "status": o.status,
        "status_name": str(o.get_status_display()),
        "received_at": o.received_at,
        "due_date": o.due_date,
        "due_provisional": o.due_provisional,
        "warning": services.warning(o),
        "assignee": who(o.assignee),
        "department": o.department.code if o.department_id else None,
        "phone": mask_phone(o.phone) if o.phone else "",
        "answered_at": o.answered_at,
        "complaint_number": o.complaint_number,
        "answer_queued": o.outbox_id is not None,
    }


def _receive(request, center: str, payload: WorkOrderIn, *caps: str):
    found = center_for(center)
    request.auth.require(found, *caps)
    order = services.workorder_receive(
        actor=request.auth,
        center=found,
        ref=payload.ref,
        kind=payload.kind,
        content=payload.content,
        phone=payload.phone,
        item=item_for(payload.item),
        due_date=payload.due_date,
    )
    return Status(201, order_out(order))


@router.post(
    "/centers/{center}/workorders/inbound",
    response={201: WorkOrderOut},
    auth=Needs("workorder.inbound"),
    summary="12345 平台推送工单（须带 Idempotency-Key）",
)
def inbound(request, center: str, payload: WorkOrderIn):
    """The platform's delivery. It must send an Idempotency-Key, so a delivery
    retried after a lost answer returns the first result; the same order number
    under another key is a 409 `workorder_duplicate`."""
    if not request.headers.get("Idempotency-Key"):
        raise ValidationFailed(
            _("平台推送须带 Idempotency-Key"),
            code="idempotency_key_required",
            fields={"Idempotency-Key": _("必填")},
        )
    return _receive(request, center, payload, "workorder.inbound")


@router.post(
    "/centers/{center}/workorders",
    response={201: WorkOrderOut},
    auth=Needs("workorder.handle"),
    summary="人工录入 12345 工单",
)
def create(request, center: str, payload: WorkOrderIn):
    return _receive(request, center, payload, "workorder.handle")


@router.get(
    "/centers/{center}/workorders",
    response=list[WorkOrderOut],
    auth=Needs("workorder.handle"),
    summary="未办结的 12345 工单（按期限）",
)
def open_list(request, center: str):
    found = center_for(center)
    request.auth.require(found, "workorder.handle")
    return [order_out(o) for o in selectors.open_orders(request.auth, found)[:500]]


def _order(request, center: str, ref: str) -> WorkOrder:
    found = center_for(center)
    request.auth.require(found, "workorder.handle")
    return selectors.order_for(request.auth, found, ref)


class WorkOrderAssignIn(Schema):
    assignee: str = Field("", max_length=150)
    department: str = Field("", max_length=32)


@router.post(
    "/centers/{center}/workorders/{ref}/assign",
    response=WorkOrderOut,
    auth=Needs("workorder.handle"),
    summary="分派工单（承办人或承办部门）",
)
def assign(request, center: str, ref: str, payload: WorkOrderAssignIn):
    order = _order(request, center, ref)
    order = services.workorder_assign(
        actor=request.auth,
        order=order,
        assignee=colleague(order.center, payload.assignee),
        department=department(order.center, payload.department),
    )
    return order_out(order)


class WorkOrderAnswerIn(Schema):
    answer: str = Field(max_length=5000)


@router.post(
    "/centers/{center}/workorders/{ref}/answer",
    response=WorkOrderOut,
    auth=Needs("workorder.handle"),
    summary="答复工单（答复进入回传队列）",
)
def answer(request, center: str, ref: str, payload: WorkOrderAnswerIn):
    order = _order(request, center, ref)
    return order_out(
        services.workorder_answer(actor=request.auth, order=order, answer=payload.answer)
    )
