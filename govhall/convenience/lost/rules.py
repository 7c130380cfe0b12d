"""The keeping period of lost property (setting lost.keep_days)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from govhall.core.center_settings import center_setting


def keep_days(center) -> int:
    return center_setting(center, "lost.keep_days")


def writeoff_from(item) -> dt.date:
    """The first day a write-off may be asked for: the found date plus the period."""
    return timezone.localdate(item.found_at) + dt.timedelta(days=keep_days(item.center))
