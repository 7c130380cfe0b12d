"""tasks: reads of the rectification tasks, scoped to the centre."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When

from govhall.core.models import Center

from .models import UNFINISHED, RectificationTask, TaskStatus

FILTERS = ("open", "done", "verified", "all")


def tasks_of(center: Center, status: str = "open") -> QuerySet[RectificationTask]:
    found = RectificationTask.objects.filter(center=center).select_related(
        "owner", "created_by", "closed_by", "verified_by"
    )
    if status in TaskStatus.values:
        found = found.filter(status=status)
    elif status != "all":
        found = found.filter(status__in=UNFINISHED)
    order = Case(
        When(status=TaskStatus.OPEN, then=Value(0)),
        When(status=TaskStatus.DONE, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return found.order_by(order, "due", "pk")


def task_for(center: Center, pk: int) -> RectificationTask | None:
    return RectificationTask.objects.filter(center=center, pk=pk).select_related("center").first()


def unfinished_count(center: Center) -> int:
    return RectificationTask.objects.filter(center=center, status__in=UNFINISHED).count()


def mine_count(actor, center: Center) -> int:
    if actor.user is None:
        return 0
    return RectificationTask.objects.filter(
        center=center, owner=actor.user, status=TaskStatus.OPEN
    ).count()
