"""workorders: reads. Hotline staff and the centre admin see every order of the
centre; a member of staff assigned one (or of its department) sees theirs."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.errors import NotFound
from govhall.core.models import Center

from .models import OPEN_ORDER, WorkOrder


def visible(actor: Actor, center: Center) -> QuerySet[WorkOrder]:
    rows = WorkOrder.objects.filter(center=center).select_related(
        "center", "assignee", "department", "item", "outbox"
    )
    return rows if actor.can(center, "workorder.handle") else assigned_to(actor, center, rows)


def assigned_to(actor: Actor, center: Center, rows=None) -> QuerySet[WorkOrder]:
    """The orders given to the actor, or to their department, to answer."""
    rows = WorkOrder.objects.filter(center=center) if rows is None else rows
    if actor.user is None or not actor.can(center, "enquiry.take"):
        return rows.none()
    q = Q(assignee=actor.user)
    if actor.departments:
        q |= Q(department__in=actor.departments)
    return rows.filter(q)


def open_orders(actor: Actor, center: Center) -> QuerySet[WorkOrder]:
    return visible(actor, center).filter(status__in=OPEN_ORDER).order_by("due_date", "received_at")


def waiting_count(actor: Actor, center: Center) -> int:
    return open_orders(actor, center).count()


def order_for(actor: Actor, center: Center, ref: str) -> WorkOrder:
    found = None
    if "\x00" not in ref and len(ref) <= 40:
        found = visible(actor, center).filter(ref=ref).first()
    if found is None:
        raise NotFound(_("工单不存在或无权查看"))
    return found
