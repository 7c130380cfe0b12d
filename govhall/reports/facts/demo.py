"""The facts of the demo's past (safe to run twice: each day is replaced): the
days of the last ten weeks on which the centre issued a ticket, took a case or
was rated (planning's demo leaves ten weeks of tickets at SC-QZX), so the
dashboards open on weeks of figures. Today stays live.

Only days with activity are computed, and no further back than HISTORY_DAYS:
the archive demo backdates cases to 2015, and computing four hundred empty days
took about a minute of every demo load (33 tests load the demo)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from govhall.cases.models import Case
from govhall.feedback.models import Evaluation
from govhall.queueing.models import Ticket

from .services import facts_write_day

HISTORY_DAYS = 75


def active_days(center, start: dt.date, end: dt.date) -> set[dt.date]:
    days = set(
        Ticket.objects.filter(center=center, service_date__range=(start, end))
        .values_list("service_date", flat=True)
        .distinct()
    )
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    for model, field in ((Case, "received_at"), (Case, "closed_at"), (Evaluation, "rated_at")):
        for at in model.objects.filter(center=center, **{f"{field}__gte": since}).values_list(
            field, flat=True
        ):
            if at is not None and timezone.localdate(at) <= end:
                days.add(timezone.localdate(at))
    return days


def load(centers: dict) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    start = yesterday - dt.timedelta(days=HISTORY_DAYS)
    for center in centers.values():
        for day in sorted(active_days(center, start, yesterday)):
            facts_write_day(center=center, day=day)
