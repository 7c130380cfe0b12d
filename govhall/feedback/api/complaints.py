"""Complaint endpoints (投诉): registration by staff or by the 12345 hotline's
integration token, the complaint, and the steps of its handling. Thin: every
change is a service call. Output masks the complainant's phone and name."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from ninja.throttling import AnonRateThrottle
from pydantic import Field, StrictBool

from govhall.core.auth import Needs
from govhall.core.errors import ValidationFailed
from govhall.core.fields import mask_phone
from govhall.core.names import NameStr
from govhall.hall.models import Window

from ..documents import mask_name
from ..models import Complaint
from ..selectors import complaints as selectors
from ..services import complaints as services
from ..services.complaints import receipt_url

router = Router(tags=["feedback"])


class ComplaintIn(Schema):
    channel: Literal["window", "hotline", "online"]
    content: str = Field(min_length=1, max_length=services.CONTENT_MAX)
    complainant_name: NameStr = Field("", max_length=services.NAME_MAX)
    complainant_phone: str = Field("", max_length=20)
    staff_number: str = Field("", max_length=services.STAFF_NUMBER_MAX)
    window: str = Field("", max_length=32)  # the window's code
    hotline_ref: str = Field("", max_length=services.HOTLINE_REF_MAX)


class ComplaintOut(Schema):
    number: str
    center: str
    channel: str
    status: str
    status_name: str
    hotline_ref: str
    received_at: dt.datetime
    reply_due: dt.date
    reply_due_provisional: bool  # counted on weekdays alone: shown 预计
    warning: str
    complainant: str
    phone: str
    content: str
    staff_number: str
    window: str | None
    assignee: str | None
    assigned_at: dt.datetime | None
    investigation: str
    founded: bool | None
    reply: str
    replied_at: dt.datetime | None
    satisfaction: str
    return_visit_note: str
    closed_at: dt.datetime | None
    receipt_url: str


def complaint_out(c: Complaint) -> dict:
    assignee = c.assignee
    return {
        "number": c.number,
        "center": c.center.code,
        "channel": c.channel,
        "status": c.status,
        "status_name": str(c.get_status_display()),
        "hotline_ref": c.hotline_ref,
        "received_at": c.received_at,
        "reply_due": c.reply_due,
        "reply_due_provisional": c.reply_due_provisional,
        "warning": c.warning,
        "complainant": mask_name(c.complainant_name),
        "phone": mask_phone(c.complainant_phone) if c.complainant_phone else "",
        "content": c.content,
        "staff_number": c.staff_number,
        "window": c.window.code if c.window_id else None,
        "assignee": (assignee.staff_number or assignee.username) if assignee else None,
        "assigned_at": c.assigned_at,
        "investigation": c.investigation,
        "founded": c.founded,
        "reply": c.reply,
        "replied_at": c.replied_at,
        "satisfaction": c.satisfaction,
        "return_visit_note": c.return_visit_note,
        "closed_at": c.closed_at,
        "receipt_url": services.receipt_url(c),
    }


def _complaint(request, number: str) -> Complaint:
    return selectors.complaint_for_actor(request.auth, number)


@router.post(
    "/centers/{center}/complaints",
    response={201: ComplaintOut},
    auth=Needs("complaint.intake", "complaint.hotline"),
    summary="登记投诉（投诉协调窗口、12345 转办）",
)
def receive(request, center: str, payload: ComplaintIn):
    found = selectors.center_for(center)
    window = None
    if payload.window:
        if "\x00" not in payload.window:  # PostgreSQL refuses NUL in a parameter
            window = Window.objects.filter(center=found, code=payload.window).first()
        if window is None:
            raise ValidationFailed(
                _("窗口不存在"), code="window_not_found", fields={"window": _("取值无效")}
            )
    complaint = services.complaint_receive(
        actor=request.auth,
        center=found,
        channel=payload.channel,
        content=payload.content,
        complainant_name=payload.complainant_name,
        complainant_phone=payload.complainant_phone,
        staff_number=payload.staff_number,
        window=window,
        hotline_ref=payload.hotline_ref,
    )
    return Status(201, complaint_out(complaint))


# --- the citizen's lookup (public); declared before /complaints/{number}, which would
# otherwise take the path (one URL pattern per path, first match wins).


class ComplaintLookupIn(Schema):
    number: str = Field(min_length=1, max_length=60)
    phone: str = Field(min_length=1, max_length=20)


class ComplaintLookupOut(Schema):
    number: str
    status: str
    status_name: str
    received_at: dt.datetime
    reply_due: dt.date
    replied_at: dt.datetime | None
    reply: str
    receipt_url: str


@router.post(
    "/complaints/lookup",
    response=ComplaintLookupOut,
    throttle=[AnonRateThrottle(settings.GOVHALL_WEB_FORM_RATE)],
    summary="凭投诉编号和手机号码查询（公开）",
)
def lookup(request, payload: ComplaintLookupIn):
    """What the receipt promises: the status and the reply, for the number and
    the phone left with it (in the body, never in a URL)."""
    c = selectors.complaint_for_citizen(payload.number, payload.phone)
    return {
        "number": c.number,
        "status": c.status,
        "status_name": str(c.get_status_display()),
        "received_at": c.received_at,
        "reply_due": c.reply_due,
        "replied_at": c.replied_at,
        "reply": c.reply if c.replied_at else "",
        "receipt_url": receipt_url(c),
    }


@router.get(
    "/complaints/{number}", response=ComplaintOut, auth=Needs("complaint.read"), summary="投诉详情"
)
def detail(request, number: str):
    return complaint_out(_complaint(request, number))


class ComplaintAssignIn(Schema):
    assignee: str = Field(min_length=1, max_length=150)  # username or staff number


@router.post(
    "/complaints/{number}/assign",
    response=ComplaintOut,
    auth=Needs("complaint.handle"),
    summary="分派承办人",
)
def assign(request, number: str, payload: ComplaintAssignIn):
    complaint = _complaint(request, number)
    key = selectors.usable_key(payload.assignee, 150)
    user = (
        selectors.assignable_staff(complaint.center)
        .filter(Q(username=key) | Q(staff_number=key))
        .first()
    )
    if user is None:
        raise ValidationFailed(
            _("承办人须为本中心在岗工作人员"),
            code="assignee_not_in_center",
            fields={"assignee": _("不是本中心工作人员")},
        )
    return complaint_out(
        services.complaint_assign(actor=request.auth, complaint=complaint, assignee=user)
    )


class InvestigateIn(Schema):
    investigation: str = Field(min_length=1, max_length=services.TEXT_MAX)
    founded: StrictBool


@router.post(
    "/complaints/{number}/investigate",
    response=ComplaintOut,
    auth=Needs("complaint.read"),
    summary="调查核实（是否属实）",
)
def investigate(request, number: str, payload: InvestigateIn):
    complaint = services.complaint_investigate(
        actor=request.auth,
        complaint=_complaint(request, number),
        investigation=payload.investigation,
        founded=payload.founded,
    )
    return complaint_out(complaint)


class ReplyIn(Schema):
    reply: str = Field(min_length=1, max_length=services.TEXT_MAX)


@router.post(
    "/complaints/{number}/reply",
    response=ComplaintOut,
    auth=Needs("complaint.read"),
    summary="答复投诉人",
)
def reply(request, number: str, payload: ReplyIn):
    complaint = services.complaint_reply(
        actor=request.auth, complaint=_complaint(request, number), reply=payload.reply
    )
    return complaint_out(complaint)


class ReturnVisitIn(Schema):
    satisfaction: Literal["satisfied", "basic", "dissatisfied", "unreachable"]
    note: str = Field("", max_length=services.TEXT_MAX)


@router.post(
    "/complaints/{number}/return-visit",
    response=ComplaintOut,
    auth=Needs("complaint.read"),
    summary="回访（办结）",
)
def return_visit(request, number: str, payload: ReturnVisitIn):
    complaint = services.complaint_return_visit(
        actor=request.auth,
        complaint=_complaint(request, number),
        satisfaction=payload.satisfaction,
        note=payload.note,
    )
    return complaint_out(complaint)
