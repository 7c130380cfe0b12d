"""When a centre's hall is open (001 6.4.1; 表14 无休日 service): its hours per
weekday with a midday break where set, public holidays closed unless the centre
gives holiday hours, make-up working days (调休) on an ordinary working day's
hours. Tickets may be taken a little before each opening.

`Center.opening_hours` maps a weekday ("0" = Monday … "6") or "holiday" to
intervals [["09:00", "12:00"], ["13:30", "17:00"]]; a day without a key is
closed. Unreadable entries are skipped, never an error at the kiosk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from .center_settings import center_setting
from .models import Center, Holiday, HolidayKind

HOLIDAY_KEY = "holiday"
# A make-up working day (调休) keeps a working day's hours: Monday's, as the
# booking slots of that day do.
WORKDAY_KEY = "0"
LOOKAHEAD_DAYS = 21  # the longest closure (Spring Festival) is about nine days


def _parse(interval) -> tuple[dt.time, dt.time] | None:
    try:
        start, end = (dt.time.fromisoformat(str(x)) for x in interval)
    except (TypeError, ValueError):
        return None
    return (start, end) if start < end else None


def intervals_on(center: Center, day: dt.date, exceptions: dict | None = None):
    """The opening intervals of `day`, in order. `exceptions` (date → kind) saves
    a query per day when scanning several."""
    if exceptions is None:
        exceptions = dict(Holiday.objects.filter(date=day).values_list("date", "kind"))
    kind = exceptions.get(day)
    hours = center.opening_hours or {}
    if kind == HolidayKind.HOLIDAY:
        key = HOLIDAY_KEY
    elif kind == HolidayKind.WORKDAY and day.weekday() >= 5:
        key = WORKDAY_KEY
    else:
        key = str(day.weekday())
    spec = hours.get(key) or []
    parsed = [p for p in (_parse(i) for i in spec if isinstance(i, list | tuple)) if p]
    return sorted(parsed)


@dataclass(frozen=True)
class IssueWindow:
    open: bool
    next_opening: dt.datetime | None  # local time the hall next opens, when closed


def issue_window(center: Center, at: dt.datetime | None = None) -> IssueWindow:
    """Whether tickets may be taken at `at`: from `queue.issue_early_minutes`
    before an opening to its end. When not, when the hall opens next."""
    if center_setting(center, "queue.issue_any_time"):
        return IssueWindow(True, None)
    at = timezone.localtime(at or timezone.now())
    early = dt.timedelta(minutes=center_setting(center, "queue.issue_early_minutes"))
    first = at.date()
    exceptions = dict(
        Holiday.objects.filter(
            date__gte=first, date__lte=first + dt.timedelta(days=LOOKAHEAD_DAYS)
        ).values_list("date", "kind")
    )
    tz = timezone.get_current_timezone()
    for offset in range(LOOKAHEAD_DAYS + 1):
        day = first + dt.timedelta(days=offset)
        for start, end in intervals_on(center, day, exceptions):
            opens = dt.datetime.combine(day, start, tzinfo=tz)
            closes = dt.datetime.combine(day, end, tzinfo=tz)
            if opens - early <= at < closes:
                return IssueWindow(True, None)
            if at < opens - early:
                return IssueWindow(False, opens)
    return IssueWindow(False, None)
