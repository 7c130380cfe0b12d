"""Writing the daily facts: a day's rows replaced in one transaction, so
running the job twice (or after a late correction) leaves the same rows."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from govhall.core.models import Center

from .compute import compute_day
from .models import DailyFact
from .schema import SUBJECTS


@transaction.atomic
def facts_write_day(*, center: Center, day: dt.date, subjects: list[str] | None = None) -> int:
    """Replace the day's rows (of `subjects`, default all) with what
    compute_day gives now; returns the number of rows written."""
    subjects = list(subjects or SUBJECTS)
    rows = compute_day(center, day, subjects)
    now = timezone.now()
    DailyFact.objects.filter(center=center, day=day, subject__in=subjects).delete()
    DailyFact.objects.bulk_create(
        DailyFact(
            center=center,
            day=day,
            subject=subject,
            dimension=dimension,
            key=str(key)[:64],
            label=str(label)[:160],
            metrics=metrics,
            computed_at=now,
        )
        for subject, dimension, key, label, metrics in rows
    )
    return len(rows)


def facts_write_range(
    *, center: Center, start: dt.date, end: dt.date, subjects: list[str] | None = None
) -> int:
    """Every day from start to end inclusive, one transaction per day (a
    year's backfill does not hold one long lock)."""
    written, day = 0, start
    while day <= end:
        written += facts_write_day(center=center, day=day, subjects=subjects)
        day += dt.timedelta(days=1)
    return written
