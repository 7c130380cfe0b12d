"""The print room's hours and quota, read from the centre's settings (000 第十四、十九条)."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from govhall.core.center_settings import SETTINGS, center_setting
from govhall.core.hours import parse_hhmm
from govhall.core.workdays import WorkingCalendar


def parse_hours(text) -> list[tuple[dt.time, dt.time]] | None:
    """ "08:30-11:30,13:00-17:00" → the intervals in order; None when malformed."""
    if not isinstance(text, str) or not text.strip():
        return None
    out = []
    for part in text.replace("，", ",").split(","):
        start, sep, end = part.strip().partition("-")
        first, last = parse_hhmm(start.strip()), parse_hhmm(end.strip())
        if not sep or first is None or last is None or first >= last:
            return None
        out.append((first, last))
    out.sort()
    if any(a[1] > b[0] for a, b in itertools.pairwise(out)):
        return None
    return out


def hours(center) -> list[tuple[dt.time, dt.time]]:
    """The centre's print hours; the seed's when its setting cannot be read."""
    return parse_hours(center_setting(center, "print.hours")) or parse_hours(
        SETTINGS["print.hours"].default
    )


def hours_text(center) -> str:
    return "、".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in hours(center))


def is_open(center, at: dt.datetime, calendar: WorkingCalendar | None = None) -> bool:
    """Working days only (holidays and 调休 from the calendar), within the hours."""
    local = timezone.localtime(at)
    if not (calendar or WorkingCalendar()).is_working_day(local.date()):
        return False
    now = local.time()
    return any(a <= now < b for a, b in hours(center))


def daily_sheets(center) -> int:
    return center_setting(center, "print.daily_sheets")


def computer_minutes(center) -> int:
    return center_setting(center, "print.computer_minutes")
