"""printing: reads, scoped to what the actor may see."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, Sum

from govhall.catalog.selectors import items_at_center
from govhall.core.models import Center

from .models import ComputerSession, JobStatus, PrintJob


def day_log(center: Center, day: dt.date):
    return (
        PrintJob.objects.filter(center=center, day=day)
        .select_related("ticket", "item__published_version", "recorded_by")
        .order_by("-at", "-pk")
    )


def day_summary(center: Center, day: dt.date) -> dict:
    rows = PrintJob.objects.filter(center=center, day=day)
    done = rows.filter(status=JobStatus.DONE).aggregate(
        jobs=Count("pk"), sheets=Sum("sheets"), people=Count("person_key", distinct=True)
    )
    refused = dict(
        rows.filter(status=JobStatus.REFUSED)
        .values_list("refusal_code")
        .annotate(n=Count("pk"))
        .values_list("refusal_code", "n")
    )
    return {
        "jobs": done["jobs"] or 0,
        "sheets": done["sheets"] or 0,
        "people": done["people"] or 0,
        "refused": sum(refused.values()),
        "quota": refused.get("print_quota_exceeded", 0),
        "closed": refused.get("print_closed", 0),
        "scope": refused.get("print_out_of_scope", 0),
    }


def running_sessions(center: Center):
    return ComputerSession.objects.filter(center=center, ended_at__isnull=True).select_related(
        "ticket"
    )


def sessions_of_day(center: Center, day: dt.date):
    return (
        ComputerSession.objects.filter(center=center, started_at__date=day)
        .filter(~Q(ended_at=None))
        .select_related("ticket")
        .order_by("-started_at")
    )


def item_choices(center: Center):
    return items_at_center(center)
