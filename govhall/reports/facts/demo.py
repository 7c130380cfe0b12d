"""The facts of the demo's past (safe to run twice: each day is replaced): every
day from a centre's first ticket, case or rating up to yesterday, so the
dashboards open on weeks of figures (planning's demo leaves ten weeks of
tickets at SC-QZX). Today stays live."""

from __future__ import annotations

import datetime as dt

from django.db.models import Min
from django.utils import timezone

from govhall.cases.models import Case
from govhall.feedback.models import Evaluation
from govhall.queueing.models import Ticket

from .services import facts_write_range


def first_day(center) -> dt.date | None:
    days = [Ticket.objects.filter(center=center).aggregate(d=Min("service_date"))["d"]]
    for model, field in ((Case, "received_at"), (Evaluation, "rated_at")):
        at = model.objects.filter(center=center).aggregate(d=Min(field))["d"]
        days.append(timezone.localdate(at) if at else None)
    days = [d for d in days if d]
    return min(days) if days else None


def load(centers: dict) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    for center in centers.values():
        start = first_day(center)
        if start is not None and start <= yesterday:
            facts_write_range(
                center=center, start=max(start, yesterday - dt.timedelta(days=400)), end=yesterday
            )
