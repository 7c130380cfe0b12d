"""The days a duty manager is needed, who may take one, and the turns.

A service day is a working day of the calendar (core/workdays.py, 调休 included)
or a day the hall opens by its hours (the Saturday service, holiday hours).
A person may take a day when their profile at the centre covers it and no
absence source (staff.presence: leave, registered by the leave feature) says
they are on leave that day. Without a leave source nobody is on leave."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

from django.conf import settings

from govhall.core.models import Center, Holiday
from govhall.core.opening import intervals_on
from govhall.core.workdays import WorkingCalendar

from .. import presence
from ..profiles.models import StaffProfile


def service_days(center: Center, first: dt.date, last: dt.date) -> list[dt.date]:
    """The service days in [first, last]."""
    calendar = WorkingCalendar()
    exceptions = dict(
        Holiday.objects.filter(date__gte=first, date__lte=last).values_list("date", "kind")
    )
    days, day = [], first
    while day <= last:
        if calendar.is_working_day(day) or intervals_on(center, day, exceptions):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def is_service_day(center: Center, day: dt.date) -> bool:
    return bool(service_days(center, day, day))


def _bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = ZoneInfo(settings.TIME_ZONE)
    start = dt.datetime.combine(first, dt.time.min, tz)
    return start, dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tz)


def leave_days(
    center: Center, user_ids: Iterable[int], first: dt.date, last: dt.date
) -> dict[dt.date, set[int]]:
    """Day -> who is on leave some time that day, over [first, last]."""
    ids = list(user_ids)
    start, end = _bounds(first, last)
    tz = ZoneInfo(settings.TIME_ZONE)
    found: dict[dt.date, set[int]] = {}
    for absence in presence.absences(center, ids, start, end):
        if absence.status != presence.Status.LEAVE or absence.user_id not in ids:
            continue
        since = max(absence.start, start).astimezone(tz)
        until = min(absence.end or end, end).astimezone(tz)
        day = since.date()
        # The leave's last instant: a leave ending at midnight leaves that day free.
        last_day = (until - dt.timedelta(microseconds=1)).date()
        while day <= last_day:
            found.setdefault(day, set()).add(absence.user_id)
            day += dt.timedelta(days=1)
    return found


def profiles_covering(
    center: Center, user_ids: Iterable[int]
) -> dict[int, tuple[dt.date, dt.date | None]]:
    """user id -> (started_on, ended_on) of their active profile at the centre."""
    rows = StaffProfile.objects.filter(center=center, user_id__in=list(user_ids), is_active=True)
    return {uid: (s, e) for uid, s, e in rows.values_list("user_id", "started_on", "ended_on")}


def covers(span: tuple[dt.date, dt.date | None] | None, day: dt.date) -> bool:
    if span is None:
        return False
    started, ended = span
    return started <= day and (ended is None or day <= ended)


def plan_turns(
    days: Sequence[dt.date],
    people: Sequence[int],
    *,
    taken: dict[dt.date, int],
    blocked: dict[dt.date, set[int]],
    after: int | None = None,
) -> tuple[dict[dt.date, int], list[dt.date]]:
    """The turns over `days`: each free day goes to the next person in `people`
    after the one who had the previous day (`after` before the first), skipping
    whoever is `blocked` that day. Days already `taken` keep their person and
    move the turn on. Returns (day -> person for the free days, days nobody could
    take)."""
    plan: dict[dt.date, int] = {}
    unfilled: list[dt.date] = []
    n = len(people)
    turn = (people.index(after) + 1) % n if after in people else 0
    for day in days:
        if day in taken:
            if taken[day] in people:
                turn = (people.index(taken[day]) + 1) % n
            continue
        for step in range(n):
            candidate = people[(turn + step) % n]
            if candidate not in blocked.get(day, ()):
                plan[day] = candidate
                turn = (turn + step + 1) % n
                break
        else:
            unfilled.append(day)
    return plan, unfilled
