"""Tenure rules (003 §四(一)3(1)-(2), 001 C.2.7): how long a person must stay
at the centre before they may be changed, by the kind of their post, as the
centre's settings say. Pure arithmetic over a profile; no writes."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from govhall.core.center_settings import center_setting
from govhall.core.models import Center

from ..profiles.models import StaffKind, StaffProfile

# The kind of post -> the setting that holds its minimum (in months). Back-office
# staff are sent by their department like the dispatched (003 (2)); the other
# kinds have no minimum.
MINIMUM_SETTING = {
    StaffKind.COMPREHENSIVE: "staff.tenure_comprehensive_months",
    StaffKind.DISPATCHED: "staff.tenure_dispatched_months",
    StaffKind.BACK_OFFICE: "staff.tenure_dispatched_months",
}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from `start` to `end` (0 when end is before start)."""
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    return months if add_months(start, months) <= end else months - 1


def minimum_months(center: Center, kind: str) -> int | None:
    name = MINIMUM_SETTING.get(kind)
    return center_setting(center, name) if name else None


@dataclass(frozen=True)
class Tenure:
    profile: StaffProfile
    minimum: int | None  # months; None: no minimum for this kind
    months: int  # whole months served by `on`
    reached_on: dt.date | None  # when the minimum is (was) reached

    def reached(self, on: dt.date) -> bool:
        return self.reached_on is None or on >= self.reached_on

    @property
    def years_months(self) -> tuple[int, int]:
        return divmod(self.months, 12)


def tenure_of(profile: StaffProfile, on: dt.date) -> Tenure:
    """The person's tenure at the centre on `on` (their end date, if earlier)."""
    minimum = minimum_months(profile.center, profile.kind)
    until = min(on, profile.ended_on) if profile.ended_on else on
    return Tenure(
        profile=profile,
        minimum=minimum,
        months=months_between(profile.started_on, until),
        reached_on=add_months(profile.started_on, minimum) if minimum else None,
    )
