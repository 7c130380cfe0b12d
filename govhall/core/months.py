"""A calendar month of figures (`?month=2026-11`): its bounds in local time and
its neighbours for the page's links. Shared by every monthly page and endpoint."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

# Far enough for any report, near enough that the neighbours stay valid dates.
FIRST_YEAR, LAST_YEAR = 2000, 2999


@dataclass(frozen=True)
class Month:
    first: dt.date  # its first day

    @property
    def following_first(self) -> dt.date:
        return (self.first + dt.timedelta(days=32)).replace(day=1)

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.first, dt.time.min, ZoneInfo(settings.TIME_ZONE))

    @property
    def end(self) -> dt.datetime:
        """The start of the following month (exclusive bound)."""
        return dt.datetime.combine(self.following_first, dt.time.min, ZoneInfo(settings.TIME_ZONE))

    @property
    def previous(self) -> str:
        return f"{self.first - dt.timedelta(days=1):%Y-%m}"

    @property
    def following(self) -> str:
        return f"{self.following_first:%Y-%m}"

    def __str__(self) -> str:
        return f"{self.first:%Y-%m}"


def month_of(day: dt.date) -> Month:
    return Month(day.replace(day=1))


def parse_month(value: str | None, today: dt.date) -> Month:
    """'2026-11' → that month; anything else, or a year outside 2000–2999, →
    the month of `today`."""
    try:
        year, number = (int(part) for part in (value or "").split("-"))
        first = dt.date(year, number, 1)
    except (TypeError, ValueError):
        return month_of(today)
    return Month(first) if FIRST_YEAR <= year <= LAST_YEAR else month_of(today)
