"""The month's services to special groups (000 第十一条, 第十三条: the elderly,
the disabled, pregnant women and others), for the report the centre owes its
superiors: tickets by group (served, mean wait), the green channel beside all
tickets, assisted services by kind and group, and home visits."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.assist.models import AssistRequest
from govhall.assist.models import Kind as AssistKind
from govhall.assist.models import Status as AssistStatus
from govhall.booking.models import HomeVisit, VisitStatus
from govhall.queueing.models import SpecialGroup, Ticket, TicketStatus

from ..periods import Period


def bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def _row(label: str, rows: list[tuple]) -> dict:
    waits = [
        (called - issued).total_seconds() / 60
        for _status, issued, called in rows
        if called is not None and called >= issued
    ]
    return {
        "group": label,
        "issued": len(rows),
        "served": sum(1 for status, _i, _c in rows if status == TicketStatus.DONE),
        "mean_wait": round(sum(waits) / len(waits), 1) if waits else None,
    }


def tickets(centers, period: Period) -> list[dict]:
    """One row per group with tickets, then the green channel and all tickets."""
    by_group: dict[str, list] = defaultdict(list)
    priority, everyone = [], []
    for group, is_priority, status, issued, called in Ticket.objects.filter(
        center__in=centers, service_date__gte=period.start, service_date__lte=period.end
    ).values_list("special_group", "priority", "status", "issued_at", "first_called_at"):
        row = (status, issued, called)
        everyone.append(row)
        if group:
            by_group[group].append(row)
        if is_priority:
            priority.append(row)
    rows = [_row(str(label), by_group[value]) for value, label in SpecialGroup.choices]
    rows.append(_row(str(_("绿色通道（合计）")), priority))
    rows.append(_row(str(_("全部取号（对照）")), everyone))
    return rows


def assists(centers, period: Period) -> list[dict]:
    start, end = bounds(period)
    counts: Counter = Counter()
    for kind, status, elderly in AssistRequest.objects.filter(
        center__in=centers, requested_at__gte=start, requested_at__lt=end
    ).values_list("kind", "status", "elderly"):
        counts[(kind, "all")] += 1
        counts[(kind, "done")] += status == AssistStatus.DONE
        counts[(kind, "elderly")] += bool(elderly)
    return [
        {
            "kind": str(label),
            "requests": counts[(value, "all")],
            "done": counts[(value, "done")],
            "elderly": counts[(value, "elderly")],
            "others": counts[(value, "all")] - counts[(value, "elderly")],
        }
        for value, label in AssistKind.choices
    ]


def home_visits(centers, period: Period) -> list[dict]:
    start, end = bounds(period)
    counts = Counter(
        HomeVisit.objects.filter(
            center__in=centers, requested_at__gte=start, requested_at__lt=end
        ).values_list("status", flat=True)
    )
    return [{"status": str(label), "visits": counts[value]} for value, label in VisitStatus.choices]
