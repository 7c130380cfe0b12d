"""The end-of-day job: thin, safe to run twice (each day's rows are replaced)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from govhall.core.models import Center

from . import services

# A bad rating replied to, or a complaint closed, after its day changes that
# day's follow-up figures: these subjects are rewritten for the last weeks too.
LATE_SUBJECTS = ("evaluations",)
LATE_DAYS = 45


def write_facts(today: dt.date | None = None) -> int:
    """Today so far and yesterday in full (the 02:00 run closes the day the
    23:30 run saw before the queue closed), and the recent days' ratings."""
    today = today or timezone.localdate()
    written = 0
    for center in Center.objects.filter(is_active=True):
        for day in (today - dt.timedelta(days=1), today):
            written += services.facts_write_day(center=center, day=day)
        written += services.facts_write_range(
            center=center,
            start=today - dt.timedelta(days=LATE_DAYS),
            end=today - dt.timedelta(days=2),
            subjects=list(LATE_SUBJECTS),
        )
    return written


@db_periodic_task(crontab(minute="30", hour="23"))
def facts_end_of_day():
    return write_facts()


@db_periodic_task(crontab(minute="0", hour="2"))
def facts_after_midnight():
    return write_facts()
