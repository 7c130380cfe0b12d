"""Demo 12345 work orders at SC-QZX: one delivered by the platform two working
days ago, assigned and answered (its answer waiting in the outbox), and one
delivered this morning waiting to be assigned. Idempotent by order number."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from govhall.core.actors import Actor, actor_for_user
from govhall.core.models import TokenKind
from govhall.core.workdays import WorkingCalendar

from ..enquiries.demo import at, item, user, working_days_back
from . import services
from .models import WorkOrder


@transaction.atomic
def load(centers: dict) -> None:
    center = centers.get("SC-QZX")
    hotline = user("qzx_hotline")
    clerk = user("qzx_clerk3")
    if not (center and hotline and clerk):
        return
    platform = Actor(kind=TokenKind.INTEGRATION, roles={center.pk: frozenset({"integration"})})
    staff = actor_for_user(hotline)
    cal = WorkingCalendar()
    today = timezone.localdate()
    before = working_days_back(cal, today, 2)
    last = working_days_back(cal, today, 1)
    year = today.year
    answered_ref = f"12345-{year}-0087312"
    if not WorkOrder.objects.filter(center=center, ref=answered_ref).exists():
        order = services.workorder_receive(
            actor=platform,
            center=center,
            ref=answered_ref,
            kind="question",
            content="市民来电咨询：新生儿医保参保需要在哪里办理，父母都是外地户籍是否可以参保？",
            phone="13867005521",
            item=item(center, "医疗保险"),
            now=at(before, "10:15"),
        )
        services.workorder_assign(actor=staff, order=order, assignee=clerk, now=at(before, "10:30"))
        services.workorder_answer(
            actor=actor_for_user(clerk),
            order=order,
            answer="新生儿出生后可在中心医保窗口或“一网通办”办理参保，父母一方在本区参保即可随同参保。已电话告知市民。",
            now=at(last, "09:40"),
        )
    open_ref = f"12345-{year}-0091045"
    if not WorkOrder.objects.filter(center=center, ref=open_ref).exists():
        services.workorder_receive(
            actor=platform,
            center=center,
            ref=open_ref,
            kind="request",
            content="市民反映：想预约周六办理居住证签注，但网上约不到号，希望中心协助安排。",
            phone="13712340987",
            now=at(today, "08:50")
            if timezone.localtime().hour >= 9
            else timezone.now() - dt.timedelta(minutes=20),
        )
