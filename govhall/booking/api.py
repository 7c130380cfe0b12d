"""Appointment endpoints of API.md, home visits and the feed for the unified
platform (001 4.7.4)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Header, Query, Router, Schema, Status
from pydantic import Field

from govhall.core.auth import Needs, bearer_actor
from govhall.core.errors import NotFound, ValidationFailed
from govhall.core.fields import mask_phone
from govhall.core.models import User
from govhall.core.names import NameStr
from govhall.core.selectors import center_by_code
from govhall.queueing.api import TicketOut, ticket_out

from . import selectors, services
from .models import Booking, HomeVisit
from .rescheduling import booking_reschedule
from .selectors import mask_name

router = Router(tags=["appointments"])


class SlotOut(Schema):
    id: int
    start: dt.datetime
    end: dt.datetime
    capacity: int
    remaining: int
    provisional: bool  # the day is in a year the holiday table lacks (预计)


class SlotQuery(Schema):
    item: str = Field(min_length=1, max_length=40)
    date: dt.date | None = None


@router.get("/centers/{center}/slots", response=list[SlotOut], summary="可预约时段（公开）")
def list_slots(request, center: str, query: Query[SlotQuery]):
    found = center_by_code(center)
    slots = selectors.slots_for_item(found, query.item, query.date)
    provisional = selectors.provisional_days({s.date for s in slots})
    return [
        {
            "id": s.pk,
            "start": s.start,
            "end": s.end,
            "capacity": s.capacity,
            "remaining": s.remaining,
            "provisional": s.date in provisional,
        }
        for s in slots
        if selectors.slot_open_for_booking(found, s)
    ]


class BookingIn(Schema):
    center: str = Field(min_length=1, max_length=40)
    item: str = Field(min_length=1, max_length=40)
    slot: int = Field(ge=1, le=2**62)
    name: NameStr = Field(min_length=1, max_length=40)
    id_number: str = Field(min_length=1, max_length=40)
    phone: str = Field(min_length=1, max_length=20)
    channel: str | None = Field(None, max_length=10)


class BookingOut(Schema):
    code: str
    center: str
    item: str
    item_name: str
    start: dt.datetime
    end: dt.datetime
    status: str
    name_masked: str
    phone_masked: str
    ticket: str | None


def booking_out(b: Booking) -> dict:
    return {
        "code": b.code,
        "center": b.center.code,
        "item": b.item.code,
        "item_name": b.item.published_version.name if b.item.published_version else b.item.code,
        "start": b.slot.start,
        "end": b.slot.end,
        "status": b.status,
        "name_masked": mask_name(b.name),
        "phone_masked": mask_phone(b.phone),
        "ticket": b.ticket.number if b.ticket_id else None,
    }


@router.post("/appointments", response={201: BookingOut}, summary="预约（公开；工作人员代约）")
def create_booking(request, payload: BookingIn):
    actor = bearer_actor(request)
    booking = services.booking_create(
        actor=actor,
        center=center_by_code(payload.center),
        item_code=payload.item,
        slot_id=payload.slot,
        name=payload.name,
        id_number=payload.id_number,
        phone=payload.phone,
        channel=payload.channel,
    )
    return Status(201, booking_out(booking))


# The phone number opens the booking. In a URL it lands in every proxy's and
# browser's history, so it may also come in a header or, better, a POST body;
# `?phone=` stays for the devices built to API.md.
class PhoneQuery(Schema):
    phone: str | None = Field(
        None,
        min_length=1,
        max_length=20,
        description="旧接口；建议改用 X-Phone 请求头或 POST …/lookup",
    )


class LookupIn(Schema):
    phone: str = Field(min_length=1, max_length=20)


def _citizen_booking(code: str, phone: str | None) -> dict:
    if not phone:
        raise ValidationFailed(_("请输入预约时填写的手机号码"), fields={"phone": _("必填")})
    return booking_out(services.booking_for_citizen(code, phone))


@router.get(
    "/appointments/{code}",
    response=BookingOut,
    summary="查询预约（凭手机号码）",
    description="手机号码放在 X-Phone 请求头中（或沿用 ?phone=）；不想让号码出现在地址中时，用 POST /appointments/{code}/lookup。",
)
def get_booking(
    request,
    code: str,
    query: Query[PhoneQuery],
    x_phone: str | None = Header(None, alias="X-Phone", min_length=1, max_length=20),
):
    return _citizen_booking(code, x_phone or query.phone)


@router.post(
    "/appointments/{code}/lookup",
    response=BookingOut,
    summary="查询预约（手机号码在请求体中）",
    description="请求体 {phone}：号码不出现在地址、代理日志和浏览器历史中。",
)
def lookup_booking(request, code: str, payload: LookupIn):
    return _citizen_booking(code, payload.phone)


class CancelIn(Schema):
    phone: str | None = Field(None, max_length=20)
    reason: str = Field("", max_length=200)


@router.post("/appointments/{code}/cancel", response=BookingOut, summary="取消预约")
def cancel_booking(request, code: str, payload: CancelIn):
    actor = bearer_actor(request)
    booking = services.booking_cancel(
        code=code,
        phone=payload.phone,
        actor=actor if actor.is_staff_user else None,
        reason=payload.reason,
    )
    return booking_out(booking)


class RescheduleIn(Schema):
    slot: int = Field(ge=1, le=2**62)
    phone: str | None = Field(None, max_length=20)
    reason: str = Field("", max_length=200)


@router.post(
    "/appointments/{code}/reschedule",
    response=BookingOut,
    summary="改约（凭手机号码；总服务台凭原因）",
    description="把预约改到同一事项的另一个有空位的时段，预约码不变。"
    "市民在取消截止前凭手机号码改约；工作人员（总服务台）随时可改，须填写原因。",
)
def reschedule_booking(request, code: str, payload: RescheduleIn):
    actor = bearer_actor(request)
    booking = booking_reschedule(
        code=code,
        slot_id=payload.slot,
        phone=payload.phone,
        actor=actor if actor.is_staff_user else None,
        reason=payload.reason,
    )
    return booking_out(booking)


@router.post(
    "/appointments/{code}/check-in",
    response={201: TicketOut},
    auth=Needs("booking.check_in"),
    summary="预约签到取号（取号机、总服务台、窗口）",
)
def check_in(request, code: str):
    booking = services.booking_by_code(code)
    if not request.auth.can_see(booking.center):
        raise NotFound(_("本中心没有该预约"), code="booking_not_found")
    _booking, ticket = services.booking_check_in(
        actor=request.auth, center=booking.center, code=code
    )
    return Status(201, ticket_out(ticket))


class CheckInByIdIn(Schema):
    id_number: str = Field(min_length=1, max_length=40)


@router.post(
    "/centers/{center}/check-in",
    response={201: TicketOut},
    auth=Needs("booking.check_in"),
    summary="凭身份证号码预约签到",
)
def check_in_by_id(request, center: str, payload: CheckInByIdIn):
    _booking, ticket = services.booking_check_in(
        actor=request.auth, center=center_by_code(center), id_number=payload.id_number
    )
    return Status(201, ticket_out(ticket))


# --- home visits ---------------------------------------------------------------------


class VisitIn(Schema):
    name: NameStr = Field(min_length=1, max_length=40)
    phone: str = Field(min_length=1, max_length=20)
    address: str = Field(min_length=1, max_length=200)
    reason: str = Field(min_length=1, max_length=300)
    id_number: str | None = Field(None, max_length=40)
    item: str | None = Field(None, max_length=40)


class VisitOut(Schema):
    number: str
    status: str
    item: str | None
    requested_at: dt.datetime
    scheduled_for: dt.datetime | None
    staff: list[str]


def visit_out(v: HomeVisit) -> dict:
    return {
        "number": v.number,
        "status": v.status,
        "item": v.item.code if v.item_id else None,
        "requested_at": v.requested_at,
        "scheduled_for": v.scheduled_for,
        "staff": [u.staff_number or u.username for u in v.staff.all()],
    }


@router.post(
    "/centers/{center}/home-visits",
    response={201: VisitOut},
    summary="申请上门服务（公开；工作人员代为登记）",
)
def request_visit(request, center: str, payload: VisitIn):
    visit = services.home_visit_request(
        actor=bearer_actor(request),
        center=center_by_code(center),
        name=payload.name,
        phone=payload.phone,
        address=payload.address,
        reason=payload.reason,
        id_number=payload.id_number,
        item_code=payload.item,
    )
    return Status(201, visit_out(visit))


def _visit(request, number: str) -> HomeVisit:
    return request.auth.get_scoped(HomeVisit.objects.select_related("center"), number=number)


class DecideIn(Schema):
    approve: bool
    note: str = Field("", max_length=300)


@router.post(
    "/home-visits/{number}/decide",
    response=VisitOut,
    auth=Needs("booking.manage"),
    summary="审核上门服务",
)
def decide_visit(request, number: str, payload: DecideIn):
    visit = services.home_visit_decide(
        actor=request.auth,
        visit=_visit(request, number),
        approve=payload.approve,
        note=payload.note,
    )
    return visit_out(visit)


class VisitAssignIn(Schema):
    staff: list[str] = Field(min_length=1, max_length=10)


@router.post(
    "/home-visits/{number}/assign",
    response=VisitOut,
    auth=Needs("booking.manage"),
    summary="安排上门人员",
)
def assign_visit(request, number: str, payload: VisitAssignIn):
    visit = _visit(request, number)
    users = list(User.objects.filter(username__in=payload.staff))
    if len(users) != len(set(payload.staff)):
        raise ValidationFailed(_("上门人员须为本中心工作人员"), fields={"staff": _("人员无效")})
    return visit_out(services.home_visit_assign(actor=request.auth, visit=visit, staff=users))


class ScheduleIn(Schema):
    when: dt.datetime


@router.post(
    "/home-visits/{number}/schedule",
    response=VisitOut,
    auth=Needs("booking.manage"),
    summary="确定上门时间",
)
def schedule_visit(request, number: str, payload: ScheduleIn):
    when = payload.when
    if when.tzinfo is None:
        when = timezone.make_aware(when)
    visit = services.home_visit_schedule(
        actor=request.auth, visit=_visit(request, number), when=when
    )
    return visit_out(visit)


class OutcomeIn(Schema):
    outcome: str = Field(min_length=1, max_length=2000)


@router.post(
    "/home-visits/{number}/complete",
    response=VisitOut,
    auth=Needs("visit.work"),
    summary="登记上门结果",
)
def complete_visit(request, number: str, payload: OutcomeIn):
    visit = services.home_visit_complete(
        actor=request.auth, visit=_visit(request, number), outcome=payload.outcome
    )
    return visit_out(visit)


# --- the unified platform's feed (001 4.7.4) --------------------------------------


class FeedQuery(Schema):
    cursor: int = Field(0, ge=0, le=2**62)
    limit: int = Field(200, ge=1, le=1000)


class FeedOut(Schema):
    records: list[dict]
    next_cursor: int


@router.get(
    "/centers/{center}/feed",
    response=FeedOut,
    auth=Needs("booking.feed"),
    summary="预约与现场排队数据增量（统一预约平台对接）",
)
def feed(request, center: str, query: Query[FeedQuery]):
    found = center_by_code(center)
    request.auth.require(found, "booking.feed")
    records, last = selectors.feed(center=found, after=query.cursor, limit=query.limit)
    return {"records": records, "next_cursor": last}
