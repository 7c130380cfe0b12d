"""Daily quotas (issue 11): a cap on the walk-in tickets of a queue or an item,
per day or per half-day, set by the centre.

The morning ends where the centre's midday break begins (core/opening.py: the
end of the first opening interval of a day with a break), at noon on a day
without one. A ticket is counted in its own transaction: `quota_take` locks the
quotas that apply and counts what was issued before it, and the lock is held
until the ticket commits, so twenty people at once for five places get exactly
five (SQLite serialises writers with BEGIN IMMEDIATE). A cancelled ticket gives
its place back.

The quota's own services (quota_save, quota_delete) live here too, beside the
rule they feed, rather than in the long services.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import ServiceItem
from govhall.core.actors import Actor
from govhall.core.errors import Conflict, NotFound, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.models import Center
from govhall.core.opening import intervals_on

from .models import DailyQuota, Queue, QuotaPeriod, Ticket, TicketStatus

MAX_LIMIT = 9999

# What the kiosk shows on a full item, and the refusal of ticket_issue: both say
# which part of the day is full and that an appointment can be made.
FULL_LABELS = {
    QuotaPeriod.DAY: _("今天的现场取号名额已满"),
    QuotaPeriod.MORNING: _("今天上午的现场取号名额已满"),
    QuotaPeriod.AFTERNOON: _("今天下午的现场取号名额已满"),
}
FULL_MESSAGES = {
    QuotaPeriod.DAY: _("今天的现场取号名额已满，您可以预约其他日期办理"),
    QuotaPeriod.MORNING: _("今天上午的现场取号名额已满，您可以下午再来取号，或预约办理"),
    QuotaPeriod.AFTERNOON: _("今天下午的现场取号名额已满，您可以预约其他时间办理"),
}


def midday(center: Center, day: dt.date) -> dt.datetime:
    """Where the morning ends on `day`, local time."""
    intervals = intervals_on(center, day)
    end = intervals[0][1] if len(intervals) >= 2 else dt.time(12)
    return dt.datetime.combine(day, end, tzinfo=timezone.get_current_timezone())


def _span(center: Center, period: str, now: dt.datetime) -> tuple[dt.date, Q]:
    """The day and the issue-time filter of the period that `now` falls in."""
    day = timezone.localdate(now)
    noon = midday(center, day)
    if period == QuotaPeriod.MORNING:
        return day, Q(issued_at__lt=noon)
    if period == QuotaPeriod.AFTERNOON:
        return day, Q(issued_at__gte=noon)
    return day, Q()


def current_periods(center: Center, now: dt.datetime) -> tuple[str, str]:
    """The periods a ticket issued at `now` counts against."""
    morning = now < midday(center, timezone.localdate(now))
    return QuotaPeriod.DAY, QuotaPeriod.MORNING if morning else QuotaPeriod.AFTERNOON


def _counted(center: Center, quota: DailyQuota, now: dt.datetime) -> Q:
    day, within = _span(center, quota.period, now)
    # Appointment check-ins do not count against the walk-in quota: their place
    # was booked (and capped) when the slot was taken.
    target = Q(queue=quota.queue_id) if quota.queue_id else Q(item=quota.item_id)
    return (
        Q(center=center, service_date=day, is_appointment=False)
        & ~Q(status=TicketStatus.CANCELLED)
        & target
        & within
    )


def quota_take(*, center: Center, queue: Queue, item: ServiceItem, now: dt.datetime) -> None:
    """Inside ticket_issue's transaction, before the ticket is written: refuse
    with 409 `quota_reached` when a quota of its queue or item is used up.
    The quota rows are locked in id order, so two issuers never wait crosswise."""
    quotas = list(
        DailyQuota.objects.select_for_update(of=("self",))
        .filter(Q(queue=queue) | Q(item=item), center=center)
        .filter(period__in=current_periods(center, now))
        .order_by("pk")
    )
    for quota in quotas:
        used = Ticket.objects.filter(_counted(center, quota, now)).count()
        if used >= quota.limit:
            raise Conflict(FULL_MESSAGES[quota.period], code="quota_reached")


@dataclass
class QuotaState:
    """Which queues and items are full now, and for which part of the day."""

    queues: dict[int, str] = field(default_factory=dict)
    items: dict[int, str] = field(default_factory=dict)

    def label_for(self, item_id: int | None, queue_id: int | None) -> str | None:
        period = self.items.get(item_id) or self.queues.get(queue_id)
        return str(FULL_LABELS[period]) if period else None


def quota_state(center: Center, now: dt.datetime | None = None) -> QuotaState:
    """A read for the kiosk: one count per quota of the current periods."""
    now = now or timezone.now()
    state = QuotaState()
    quotas = DailyQuota.objects.filter(center=center, period__in=current_periods(center, now))
    for quota in quotas:
        if Ticket.objects.filter(_counted(center, quota, now)).count() >= quota.limit:
            full = state.queues if quota.queue_id else state.items
            full.setdefault(quota.queue_id or quota.item_id, quota.period)
    return state


# --- the centre sets them -----------------------------------------------------------


def quota_problems(
    *, center: Center | None, queue: Queue | None, item: ServiceItem | None, period: str, limit
) -> dict:
    """Field errors of a quota, translated; empty when it may be saved."""
    errors: dict = {}
    if (queue is None) == (item is None):
        errors["queue"] = errors["item"] = _("请指定队列或事项之一")
    elif center is not None and queue is not None and queue.center_id != center.pk:
        errors["queue"] = _("不属于本中心")
    elif (
        center is not None
        and item is not None
        and not item.stationings.filter(center=center, active=True).exists()
    ):
        errors["item"] = _("该事项未在本中心进驻")
    if period not in QuotaPeriod.values:
        errors["period"] = _("无效的时段")
    if problem := limit_problem(limit):
        errors["limit"] = problem
    return errors


def _emit_quota(quota: DailyQuota, action: str) -> None:
    emit(
        "quota.changed",
        center=quota.center,
        aggregate=quota,
        payload={
            "queue": quota.queue.code if quota.queue_id else None,
            "item": quota.item.code if quota.item_id else None,
            "period": quota.period,
            "limit": quota.limit,
            "action": action,
        },
    )


@transaction.atomic
def quota_save(
    *,
    actor: Actor,
    center: Center,
    period: str,
    limit: int,
    queue: Queue | None = None,
    item: ServiceItem | None = None,
    quota: DailyQuota | None = None,
) -> DailyQuota:
    """Set a quota for a queue or an item of a centre the actor administers;
    the same queue or item and period set twice keeps one row."""
    actor.require(center, "hall.manage")
    if quota is not None:
        quota = DailyQuota.objects.select_for_update(of=("self",)).filter(pk=quota.pk).first()
        if quota is None or not actor.can(quota.center_id, "hall.manage"):
            raise NotFound(_("对象不存在或无权访问"))
    errors = quota_problems(center=center, queue=queue, item=item, period=period, limit=limit)
    if errors:
        raise ValidationFailed(_("限额设置有误"), code="invalid_quota", fields=errors)
    same = DailyQuota.objects.filter(center=center, queue=queue, item=item, period=period)
    if quota is not None:
        same = same.exclude(pk=quota.pk)
    if same.exists():
        raise Conflict(
            _("该队列或事项在此时段已有限额"),
            code="quota_exists",
            fields={"period": _("已设置")},
        )
    quota = quota or DailyQuota()
    quota.center, quota.queue, quota.item = center, queue, item
    quota.period, quota.limit = period, limit
    created = quota.pk is None
    quota.save()
    audit("quota.saved", actor=actor, center=center, obj=quota, detail={"limit": limit})
    _emit_quota(quota, "created" if created else "changed")
    return quota


@transaction.atomic
def quota_delete(*, actor: Actor, quota: DailyQuota) -> None:
    quota = DailyQuota.objects.select_for_update(of=("self",)).filter(pk=quota.pk).first()
    if quota is None:
        return  # already gone
    actor.require(quota.center, "hall.manage")
    audit("quota.deleted", actor=actor, center=quota.center, obj=quota)
    _emit_quota(quota, "deleted")
    quota.delete()


def quota_usage(center: Center, now: dt.datetime | None = None) -> dict:
    """Today's walk-in tickets that count against quotas, per queue and per
    item: {("queue"|"item", id): {"day": n, "morning": n, "afternoon": n}}.
    Counted as quota_take counts (no appointments, no cancelled tickets)."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    noon = midday(center, day)
    tickets = Ticket.objects.filter(center=center, service_date=day, is_appointment=False).exclude(
        status=TicketStatus.CANCELLED
    )
    counts = {
        QuotaPeriod.DAY.value: Count("id"),
        QuotaPeriod.MORNING.value: Count("id", filter=Q(issued_at__lt=noon)),
        QuotaPeriod.AFTERNOON.value: Count("id", filter=Q(issued_at__gte=noon)),
    }
    usage: dict = {}
    for kind in ("queue", "item"):
        for row in tickets.values(f"{kind}_id").annotate(**counts).order_by():
            if row[f"{kind}_id"] is not None:
                usage[(kind, row[f"{kind}_id"])] = {p: row[p] for p in QuotaPeriod.values}
    return usage


def limit_problem(limit) -> str | None:
    """Why a quota's number is refused, translated; None when it is fine."""
    if not isinstance(limit, int) or isinstance(limit, bool) or not 0 <= limit <= MAX_LIMIT:
        return str(_("名额应为 0 至 %(n)s 之间的整数") % {"n": MAX_LIMIT})
    return None


@transaction.atomic
def queue_quotas_set(*, actor: Actor, queue: Queue, limits: dict) -> list[DailyQuota]:
    """Set a queue's quotas for every period at once: `limits` maps a period
    to its number, or to None to clear it (a period left out is not touched).
    Every number is checked before anything is written: one bad number
    changes nothing. Each change goes through quota_save / quota_delete."""
    center = queue.center
    actor.require(center, "hall.manage")
    errors = {}
    for period, limit in limits.items():
        if period not in QuotaPeriod.values:
            errors[str(period)[:20]] = _("无效的时段")
        elif limit is not None and (problem := limit_problem(limit)):
            errors[period] = problem
    if errors:
        raise ValidationFailed(_("限额设置有误"), code="invalid_quota", fields=errors)
    existing = {
        q.period: q
        for q in DailyQuota.objects.select_for_update(of=("self",)).filter(
            center=center, queue=queue
        )
    }
    for period, limit in limits.items():
        quota = existing.get(period)
        if limit is None:
            if quota is not None:
                quota_delete(actor=actor, quota=quota)
        elif quota is None or quota.limit != limit:
            quota_save(
                actor=actor, center=center, queue=queue, period=period, limit=limit, quota=quota
            )
    return list(DailyQuota.objects.filter(center=center, queue=queue).order_by("period"))
