"""Writing the daily facts: a day's rows replaced in one transaction, so
running the job twice (or after a late correction) leaves the same rows."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from govhall.core.models import Center

from .compute import compute_range
from .models import DailyFact
from .schema import SUBJECTS

CHUNK_DAYS = 31  # one transaction, and one pass over the sources, per month of a backfill


@transaction.atomic
def _write(center: Center, first: dt.date, last: dt.date, subjects: list[str]) -> int:
    days = compute_range(center, first, last, subjects)
    now = timezone.now()
    DailyFact.objects.filter(center=center, day__range=(first, last), subject__in=subjects).delete()
    rows = [
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
        for day, facts in days.items()
        for subject, dimension, key, label, metrics in facts
    ]
    DailyFact.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def facts_write_day(*, center: Center, day: dt.date, subjects: list[str] | None = None) -> int:
    """Replace the day's rows (of `subjects`, default all) with what
    compute_day gives now; returns the number of rows written."""
    return _write(center, day, day, list(subjects or SUBJECTS))


def facts_write_range(
    *, center: Center, start: dt.date, end: dt.date, subjects: list[str] | None = None
) -> int:
    """Every day from start to end inclusive, a month per transaction (a
    year's backfill does not hold one long lock): the same rows as writing
    each day alone."""
    subjects = list(subjects or SUBJECTS)
    written, first = 0, start
    while first <= end:
        last = min(first + dt.timedelta(days=CHUNK_DAYS - 1), end)
        written += _write(center, first, last, subjects)
        first = last + dt.timedelta(days=1)
    return written
