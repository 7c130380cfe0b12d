"""Counting leave (E.2): by half days on working days.

A day has a morning half [00:00, 12:00) and an afternoon half [12:00, 24:00) in
the centre's time; a leave counts 0.5 for every half of a working day
(core.workdays) that it overlaps, so a full day counts 1, a morning 0.5, two
hours out on business in the afternoon 0.5, and weekends and public holidays
nothing. A form's dates and halves become the [start, end) the absence covers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from govhall.core.workdays import WorkingCalendar

MIDDAY = dt.time(12, 0)
HALF = Decimal("0.5")


class Part:
    """Where a leave starts on its first day and ends on its last."""

    AM = "am"  # start: from the morning; end: until noon
    PM = "pm"  # start: from noon; end: to the end of the day


def local(day: dt.date, at: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, at))


def span(
    start_date: dt.date,
    start_part: str,
    end_date: dt.date,
    end_part: str,
    *,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a leave from the form's dates, halves and optional times."""
    if start_time is not None:
        start = local(start_date, start_time)
    else:
        start = local(start_date, MIDDAY if start_part == Part.PM else dt.time(0))
    if end_time is not None:
        end = local(end_date, end_time)
    elif end_part == Part.AM:
        end = local(end_date, MIDDAY)
    else:
        end = local(end_date + dt.timedelta(days=1), dt.time(0))
    return start, end


def count_days(
    start: dt.datetime, end: dt.datetime, calendar: WorkingCalendar | None = None
) -> Decimal:
    """Half days of working days that [start, end) overlaps, as days."""
    if end <= start:
        return Decimal("0")
    calendar = calendar or WorkingCalendar()
    start, end = timezone.localtime(start), timezone.localtime(end)
    halves = 0
    day = start.date()
    while local(day, dt.time(0)) < end:
        if calendar.is_working_day(day):
            noon = local(day, MIDDAY)
            morning = (local(day, dt.time(0)), noon)
            afternoon = (noon, local(day + dt.timedelta(days=1), dt.time(0)))
            for lo, hi in (morning, afternoon):
                if start < hi and lo < end:
                    halves += 1
        day += dt.timedelta(days=1)
    return HALF * halves


def working_days_inclusive(
    first: dt.date, last: dt.date, calendar: WorkingCalendar | None = None
) -> int:
    """Working days among first..last, both counted."""
    calendar = calendar or WorkingCalendar()
    count, day = 0, first
    while day <= last:
        count += calendar.is_working_day(day)
        day += dt.timedelta(days=1)
    return count


def describe(start: dt.datetime, end: dt.datetime) -> str:
    """'12-03 全天' style text for lists: the local dates with their halves or times."""
    from django.utils.translation import gettext as _

    start, end = timezone.localtime(start), timezone.localtime(end)

    def begin(at: dt.datetime) -> str:
        if at.time() == dt.time(0):
            return f"{at:%Y-%m-%d} " + _("上午")
        if at.time() == MIDDAY:
            return f"{at:%Y-%m-%d} " + _("下午")
        return f"{at:%Y-%m-%d %H:%M}"

    def finish(at: dt.datetime) -> str:
        if at.time() == dt.time(0):
            return f"{at - dt.timedelta(days=1):%Y-%m-%d} " + _("下午")
        if at.time() == MIDDAY:
            return f"{at:%Y-%m-%d} " + _("上午")
        return f"{at:%Y-%m-%d %H:%M}"

    return f"{begin(start)} — {finish(end)}"
