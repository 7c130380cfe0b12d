"""The facts of the demo's past (safe to run twice: each day is replaced): the
last ten weeks (planning's demo leaves ten weeks of tickets at SC-QZX), so the
dashboards open on weeks of figures. Today stays live.

No further back than HISTORY_DAYS: the archive demo backdates cases to 2015,
and those years are not what a dashboard opens on."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .services import facts_write_range

HISTORY_DAYS = 75


def load(centers: dict) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    start = yesterday - dt.timedelta(days=HISTORY_DAYS)
    for center in centers.values():
        facts_write_range(center=center, start=start, end=yesterday)
