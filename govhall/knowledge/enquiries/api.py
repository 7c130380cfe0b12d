"""Enquiry endpoints (首问负责): record a question (API.md), list the actor's,
take an unclaimed one, hand over, close. Thin: every change is a service call.
Output masks the phone; questions stay out of lists a device could read."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from pydantic import Field, StrictBool

from govhall.catalog.models import ServiceItem
from govhall.core.auth import Needs
from govhall.core.errors import NotFound, ValidationFailed
from govhall.core.fields import mask_phone
from govhall.core.models import Center, Department, User
from govhall.core.selectors import center_by_code

from . import selectors, services
from .models import Enquiry

router = Router(tags=["knowledge"])


def center_for(code: str) -> Center:
    if not code or len(code) > 32 or "\x00" in code:
        raise NotFound(_("中心不存在"), code="center_not_found")
    return center_by_code(code)


def item_for(code: str) -> ServiceItem | None:
    if not code:
        return None
    item = None
    if len(code) <= 40 and "\x00" not in code:
        item = ServiceItem.objects.filter(code=code).first()
    if item is None:
        raise ValidationFailed(
            _("事项不存在"), code="item_not_found", fields={"item": _("取值无效")}
        )
    return item


def who(user: User | None) -> str | None:
    return (user.staff_number or user.username) if user else None


class EnquiryIn(Schema):
    channel: Literal["desk", "window", "phone", "online", "hotline"]
    question: str = Field(max_length=5000)
    phone: str = Field("", max_length=30)
    item: str = Field("", max_length=60)  # the item's code
    answer: str = Field("", max_length=5000)  # answered on the spot: closed at once


class EnquiryOut(Schema):
    number: str
    channel: str
    status: str
    status_name: str
    first_responder: str | None
    holder: str | None
    holder_department: str | None
    callback_due: dt.datetime | None
    overdue: bool
    phone: str
    item: str | None
    created_at: dt.datetime
    closed_at: dt.datetime | None


def enquiry_out(e: Enquiry) -> dict:
    return {
        "number": e.number,
        "channel": e.channel,
        "status": e.status,
        "status_name": str(e.get_status_display()),
        "first_responder": who(e.first_responder),
        "holder": who(e.holder),
        "holder_department": e.holder_department.code if e.holder_department_id else None,
        "callback_due": e.callback_due,
        "overdue": services.is_overdue(e),
        "phone": mask_phone(e.phone) if e.phone else "",
        "item": e.item.code if e.item_id else None,
        "created_at": e.created_at,
        "closed_at": e.closed_at,
    }


@router.post(
    "/centers/{center}/enquiries",
    response={201: EnquiryOut},
    auth=Needs("enquiry.take"),
    summary="登记咨询（首问负责）",
)
def create(request, center: str, payload: EnquiryIn):
    found = center_for(center)
    request.auth.require(found, "enquiry.take")
    enquiry = services.enquiry_create(
        actor=request.auth,
        center=found,
        channel=payload.channel,
        question=payload.question,
        phone=payload.phone,
        item=item_for(payload.item),
        answer=payload.answer,
    )
    return Status(201, enquiry_out(enquiry))


@router.get(
    "/centers/{center}/enquiries",
    response=list[EnquiryOut],
    auth=Needs("enquiry.take", "enquiry.oversee"),
    summary="我的（或本中心的）未办结咨询",
)
def open_list(request, center: str):
    found = center_for(center)
    request.auth.require(found, "enquiry.take", "enquiry.oversee")
    return [enquiry_out(e) for e in selectors.open_for(request.auth, found)[:500]]


def _enquiry(request, center: str, number: str) -> Enquiry:
    found = center_for(center)
    request.auth.require(found, "enquiry.take", "enquiry.oversee")
    return selectors.enquiry_for(request.auth, found, number)


@router.post(
    "/centers/{center}/enquiries/{number}/take",
    response=EnquiryOut,
    auth=Needs("enquiry.take"),
    summary="认领网上留言咨询（成为首问责任人）",
)
def take(request, center: str, number: str):
    enquiry = _enquiry(request, center, number)
    return enquiry_out(services.enquiry_take(actor=request.auth, enquiry=enquiry))


class EnquiryHandOverIn(Schema):
    to_user: str = Field("", max_length=150)  # username or staff number
    to_department: str = Field("", max_length=32)  # the department's code
    note: str = Field("", max_length=1000)


def colleague(center: Center, key: str) -> User | None:
    if not key:
        return None
    user = (
        User.objects.filter(Q(username=key) | Q(staff_number=key), memberships__center=center)
        .distinct()
        .first()
        if "\x00" not in key
        else None
    )
    if user is None:
        raise ValidationFailed(
            _("只能转交给本中心在岗工作人员"),
            code="handover_not_in_center",
            fields={"to_user": _("不是本中心工作人员")},
        )
    return user


def department(center: Center, code: str) -> Department | None:
    if not code:
        return None
    found = None
    if "\x00" not in code:
        found = Department.objects.filter(district=center.district_id, code=code).first()
    if found is None:
        raise ValidationFailed(
            _("部门不存在"), code="department_not_found", fields={"to_department": _("取值无效")}
        )
    return found


@router.post(
    "/centers/{center}/enquiries/{number}/hand-over",
    response=EnquiryOut,
    auth=Needs("enquiry.take", "enquiry.oversee"),
    summary="转交同事或部门（首问责任人仍负责）",
)
def hand_over(request, center: str, number: str, payload: EnquiryHandOverIn):
    enquiry = _enquiry(request, center, number)
    enquiry = services.enquiry_hand_over(
        actor=request.auth,
        enquiry=enquiry,
        to_user=colleague(enquiry.center, payload.to_user),
        to_department=department(enquiry.center, payload.to_department),
        note=payload.note,
    )
    return enquiry_out(enquiry)


class EnquiryCloseIn(Schema):
    answer: str = Field(max_length=5000)
    called_back: StrictBool = False


@router.post(
    "/centers/{center}/enquiries/{number}/close",
    response=EnquiryOut,
    auth=Needs("enquiry.take", "enquiry.oversee"),
    summary="答复并办结（可登记已回电）",
)
def close(request, center: str, number: str, payload: EnquiryCloseIn):
    enquiry = _enquiry(request, center, number)
    enquiry = services.enquiry_close(
        actor=request.auth,
        enquiry=enquiry,
        answer=payload.answer,
        called_back=payload.called_back,
    )
    return enquiry_out(enquiry)
