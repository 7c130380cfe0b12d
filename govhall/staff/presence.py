"""Where each person is at a moment: at their post, away (暂离), on leave, in
training, or off. The features that know an absence register a source here
(leave, training, the whereabouts board's 暂离); attendance registers who has
punched in. A/B cover, the window's serving post and the whereabouts board all
read this one answer, so they never disagree.

A source is `fn(center, user_ids, start, end) -> iterable of Absence` for the
absences that overlap [start, end)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone

from govhall.core.models import Center


class Status:
    AT_POST = "at_post"
    AWAY = "away"
    LEAVE = "leave"
    TRAINING = "training"
    OFF = "off"


# When two absences overlap, the stronger is shown (leave outranks training).
RANK = {Status.LEAVE: 3, Status.TRAINING: 2, Status.AWAY: 1}


@dataclass(frozen=True)
class Absence:
    user_id: int
    status: str  # Status.LEAVE, TRAINING or AWAY
    start: dt.datetime
    end: dt.datetime | None  # None: until they come back
    label: str = ""  # what it is, for the boards ("事假", "业务培训")
    # A named cover for the person's windows while this lasts (leave with cover).
    cover_user_id: int | None = None


AbsenceSource = Callable[[Center, list[int], dt.datetime, dt.datetime], Iterable[Absence]]
PresentSource = Callable[[Center, list[int], dt.datetime], set[int]]

_absence_sources: list[AbsenceSource] = []
_present_sources: list[PresentSource] = []


def register_absence_source(fn: AbsenceSource) -> None:
    if fn not in _absence_sources:
        _absence_sources.append(fn)


def register_present_source(fn: PresentSource) -> None:
    if fn not in _present_sources:
        _present_sources.append(fn)


def absences(
    center: Center, user_ids: Iterable[int], start: dt.datetime, end: dt.datetime
) -> list[Absence]:
    ids = list(user_ids)
    if not ids:
        return []
    found: list[Absence] = []
    for source in _absence_sources:
        found.extend(source(center, ids, start, end))
    return found


def absent_at(center: Center, user_ids: Iterable[int], at: dt.datetime) -> dict[int, Absence]:
    """The strongest absence of each person at `at` (those not absent are left out)."""
    strongest: dict[int, Absence] = {}
    for a in absences(center, user_ids, at, at + dt.timedelta(seconds=1)):
        if a.user_id not in strongest or RANK[a.status] > RANK[strongest[a.user_id].status]:
            strongest[a.user_id] = a
    return strongest


def present_at(center: Center, user_ids: Iterable[int], at: dt.datetime) -> set[int]:
    """Who has punched in and not out (attendance); empty when nobody tells."""
    ids = list(user_ids)
    here: set[int] = set()
    for source in _present_sources:
        here |= source(center, ids, at)
    return here


def status_at(
    center: Center, user_ids: Iterable[int], at: dt.datetime | None = None
) -> dict[int, tuple[str, dt.datetime | None, str]]:
    """user id -> (status, until, label) at `at` (default now)."""
    at = at or timezone.now()
    ids = list(user_ids)
    away = absent_at(center, ids, at)
    here = present_at(center, ids, at)
    result = {}
    for uid in ids:
        if uid in away:
            a = away[uid]
            result[uid] = (a.status, a.end, a.label)
        elif uid in here:
            result[uid] = (Status.AT_POST, None, "")
        else:
            result[uid] = (Status.OFF, None, "")
    return result
