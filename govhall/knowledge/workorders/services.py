"""Every change of a 12345 work order (001 4.6.1).

State machine (WorkOrderStatus)::

    received ─ assign ─► assigned ─ answer ─► answered
       │           (re-assign while assigned)
       └──────────── (a complaint) ─────────► transferred

The deadline is the order's own when the platform sends one, else
`workorder.reply_days` working days from the day it arrived. The answer is
queued in the core outbox for the 12345 platform (destination "12345") in the
same transaction; the sender that delivers it is the exchange issue's work. An
order that is a complaint is not handled here: it is registered as a complaint
(feedback, by the 12345 complaint intake) and the order records that number."""

from __future__ import annotations

import datetime as dt
import re

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import ServiceItem, Stationing
from govhall.core.actors import Actor
from govhall.core.center_settings import center_setting
from govhall.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.events import emit
from govhall.core.models import Center, Department, Membership, User
from govhall.core.outbox import enqueue
from govhall.core.workdays import WorkingCalendar, deadline_warning

from ..enquiries.services import clean_phone, clean_text
from .models import OPEN_ORDER, WorkOrder, WorkOrderKind, WorkOrderStatus

CONTENT_MAX = 1000
ANSWER_MAX = 1000
REF_MAX = 40
_REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")
DESTINATION = "12345"


def clean_ref(value) -> str:
    if value is not None and not isinstance(value, str):
        raise ValidationFailed(_("类型不正确"), fields={"ref": _("应为文本")})
    ref = (value or "").strip()
    if not _REF.fullmatch(ref):
        message = _("工单号由字母、数字、连字符组成，不超过40位")
        raise ValidationFailed(message, code="ref_invalid", fields={"ref": message})
    return ref


def _emit(kind: str, order: WorkOrder, **extra) -> None:
    payload = {
        "work_order": order.pk,
        "ref": order.ref,
        "kind": order.kind,
        "status": order.status,
        "due_date": order.due_date.isoformat(),
        **extra,
    }
    emit(kind, center=order.center, aggregate=order, payload=payload)


def warning(order: WorkOrder, today: dt.date | None = None) -> str:
    """ "yellow" near the deadline, "red" past it, "" otherwise (open orders)."""
    if order.status not in OPEN_ORDER:
        return ""
    today = today or timezone.localdate()
    return deadline_warning(
        order.due_date, today, center_setting(order.center, "workorder.warning_days")
    )


@transaction.atomic
def workorder_receive(
    *,
    actor: Actor,
    center: Center,
    ref: str,
    kind: str,
    content: str,
    phone: str = "",
    item: ServiceItem | None = None,
    due_date: dt.date | None = None,
    now: dt.datetime | None = None,
) -> WorkOrder:
    """An order from the 12345 platform (integration token) or typed in by the
    hotline staff. The platform's number is unique per centre: the same order
    delivered twice is a 409 `workorder_duplicate`."""
    if actor.user is None:
        actor.require(center, "workorder.inbound")
        source = "inbound"
    else:
        actor.require(center, "workorder.handle")
        source = "manual"
    ref = clean_ref(ref)
    if kind not in WorkOrderKind.values:
        raise ValidationFailed(
            _("诉求类型应为 question、request、suggestion 或 complaint"),
            code="invalid_kind",
            fields={"kind": _("取值无效")},
        )
    content = clean_text(content, "content", limit=CONTENT_MAX)
    phone = clean_phone(phone)
    if item is not None and not Stationing.objects.filter(center=center, item=item).exists():
        raise ValidationFailed(
            _("该事项未进驻本中心"), code="item_not_in_center", fields={"item": _("取值无效")}
        )
    now = now or timezone.now()
    today = timezone.localdate(now)
    if due_date is not None:
        if due_date < today:
            raise ValidationFailed(
                _("答复期限不能早于今天"), code="due_in_past", fields={"due_date": _("取值无效")}
            )
        provisional = False
    else:
        due_date, provisional = WorkingCalendar().deadline(
            today, center_setting(center, "workorder.reply_days")
        )
    if WorkOrder.objects.filter(center=center, ref=ref).exists():
        raise Conflict(_("该 12345 工单已接收"), code="workorder_duplicate", fields={"ref": ref})
    try:
        with transaction.atomic():
            order = WorkOrder.objects.create(
                center=center,
                ref=ref,
                kind=kind,
                source=source,
                content=content,
                phone=phone,
                item=item,
                received_at=now,
                received_by=actor.user,
                due_date=due_date,
                due_provisional=provisional,
            )
    except IntegrityError as exc:  # the same order delivered twice at once
        raise Conflict(
            _("该 12345 工单已接收"), code="workorder_duplicate", fields={"ref": ref}
        ) from exc
    _emit("workorder.received", order, source=source)
    return order


def _locked(order: WorkOrder) -> WorkOrder:
    return WorkOrder.objects.select_for_update().select_related("center").get(pk=order.pk)


@transaction.atomic
def workorder_assign(
    *,
    actor: Actor,
    order: WorkOrder,
    assignee: User | None = None,
    department: Department | None = None,
    now: dt.datetime | None = None,
) -> WorkOrder:
    """Give the order to a member of staff or a department (承办)."""
    actor.require(order.center, "workorder.handle")
    order = _locked(order)
    if order.status not in OPEN_ORDER:
        raise InvalidTransition(_("该工单已办结，不能再分派"), code="workorder_closed")
    if (assignee is None) == (department is None):
        raise ValidationFailed(
            _("请选择承办人或承办部门（二选一）"), code="assign_target", fields={"to": _("必填")}
        )
    center = order.center
    if assignee is not None and not (
        assignee.is_active and Membership.objects.filter(center=center, user=assignee).exists()
    ):
        raise ValidationFailed(
            _("承办人须为本中心在岗工作人员"),
            code="assignee_not_in_center",
            fields={"to": _("不是本中心工作人员")},
        )
    if department is not None and department.district_id != center.district_id:
        raise ValidationFailed(
            _("部门不属于本行政区"), code="assignee_not_in_center", fields={"to": _("取值无效")}
        )
    order.assignee, order.department = assignee, department
    order.assigned_at = now or timezone.now()
    order.status = WorkOrderStatus.ASSIGNED
    order.save(update_fields=["assignee", "department", "assigned_at", "status"])
    _emit("workorder.assigned", order)
    return order


@transaction.atomic
def workorder_answer(
    *, actor: Actor, order: WorkOrder, answer: str, now: dt.datetime | None = None
) -> WorkOrder:
    """Answer the order (the hotline staff, or whoever it was assigned to);
    the answer is queued for the 12345 platform."""
    actor.require(order.center, "workorder.handle", "enquiry.take")
    if actor.user is None:
        raise PermissionDenied(_("只有工作人员可以答复工单"), code="staff_only")
    order = _locked(order)
    if not actor.can(order.center, "workorder.handle") and not (
        order.assignee_id == actor.user.pk
        or (order.department_id and order.department_id in actor.departments)
    ):
        raise PermissionDenied(_("该工单未分派给您"), code="not_workorder_assignee")
    if order.status != WorkOrderStatus.ASSIGNED:
        code = "workorder_unassigned" if order.status == "received" else "workorder_closed"
        raise InvalidTransition(_("工单须先分派、且未答复"), code=code)
    answer = clean_text(answer, "answer", limit=ANSWER_MAX)
    now = now or timezone.now()
    order.answer, order.answered_by, order.answered_at = answer, actor.user, now
    order.status = WorkOrderStatus.ANSWERED
    # The platform needs its number, the answer and when: nothing of the caller.
    order.outbox = enqueue(
        center=order.center,
        destination=DESTINATION,
        kind="workorder.answer",
        key=f"12345:answer:{order.center.code}:{order.ref}",
        payload={
            "ref": order.ref,
            "center": order.center.code,
            "answer": answer,
            "answered_at": timezone.localtime(now).isoformat(),
            "on_time": timezone.localdate(now) <= order.due_date,
        },
    )
    order.save()
    _emit("workorder.answered", order, on_time=timezone.localdate(now) <= order.due_date)
    return order


def complaint_for(order: WorkOrder):
    """The complaint registered for this order (feedback's 12345 intake keeps the
    order number as `hotline_ref`), or None. Feedback sits on the same floor, so
    it is looked up by the app registry, never imported."""
    Complaint = apps.get_model("feedback", "Complaint")
    return Complaint.objects.filter(center=order.center, hotline_ref=order.ref).first()


@transaction.atomic
def workorder_mark_complaint(*, actor: Actor, order: WorkOrder) -> WorkOrder:
    """An order that is a complaint is handled as one: registered by the 12345
    complaint intake (feedback) with the same order number. The order records the
    complaint's number and leaves the work-order queue."""
    actor.require(order.center, "workorder.handle")
    order = _locked(order)
    if order.status not in OPEN_ORDER:
        raise InvalidTransition(_("该工单已办结"), code="workorder_closed")
    complaint = complaint_for(order)
    if complaint is None:
        raise ValidationFailed(
            _("请先按投诉登记该工单（12345 工单号相同），再标记转投诉处理"),
            code="complaint_not_registered",
            fields={"ref": order.ref},
        )
    order.complaint_number = complaint.number
    order.status = WorkOrderStatus.TRANSFERRED
    order.save(update_fields=["complaint_number", "status"])
    _emit("workorder.transferred", order)
    return order
