"""Working-day arithmetic on the Holiday table (public holidays and 调休).

Counting follows the Administrative Licensing Law: a limit of N working days
runs from the day after the start date. The State Council publishes next year's
schedule late each year, so a year without a CalendarYear row is counted on
Monday–Friday alone and every result that used such a year is provisional
(预计): work is never refused for it, and the deadline is recomputed when the
year is added (the `calendar_changed` signal, sent by core.services)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.dispatch import Signal
from django.utils.translation import gettext as _

from .models import CalendarYear, Holiday, HolidayKind

# Sent inside the transaction that added or changed a year of the table, with
# `years` (the years touched) and `actor`. Each app that stores deadlines
# recomputes its provisional ones in a service connected here (floors allow
# core to call no app, so the apps listen).
calendar_changed = Signal()


class Deadline(NamedTuple):
    date: dt.date
    provisional: bool  # counted over a year the table does not have yet


class _Year:
    """One year's exceptions to the Monday–Friday week, loaded once per calendar."""

    def __init__(self, year: int):
        self.provisional = not CalendarYear.objects.filter(year=year).exists()
        self.holidays: set[dt.date] = set()
        self.workdays: set[dt.date] = set()
        if self.provisional:
            return  # weekdays alone, even if an admin has started entering days
        rows = Holiday.objects.filter(date__year=year).values_list("date", "kind")
        self.holidays = {d for d, k in rows if k == HolidayKind.HOLIDAY}
        self.workdays = {d for d, k in rows if k == HolidayKind.WORKDAY}

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays


class WorkingCalendar:
    """Caches the years it has loaded; use one per request or service call."""

    def __init__(self):
        self._years: dict[int, _Year] = {}

    def _year(self, year: int) -> _Year:
        if year not in self._years:
            self._years[year] = _Year(year)
        return self._years[year]

    def is_working_day(self, day: dt.date) -> bool:
        return self._year(day.year).is_working_day(day)

    def is_provisional(self, day: dt.date) -> bool:
        """Whether `day` lies in a year the table does not have yet."""
        return self._year(day.year).provisional

    def provisional_between(self, start: dt.date, end: dt.date) -> bool:
        """Whether a count over the days between start and end (either order,
        start excluded) read a year the table does not have yet."""
        first, last = sorted((start, end))
        if first == last:
            return False
        first += dt.timedelta(days=1)
        return any(self._year(y).provisional for y in range(first.year, last.year + 1))

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date on which a limit of `days` working days, counted from the day
        after `start`, ends. 0 days: `start` itself."""
        if days < 0:
            raise ValueError("days must be >= 0")
        day = start
        while days:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                days -= 1
        return day

    def deadline(self, start: dt.date, days: int) -> Deadline:
        """add_working_days with whether the date is provisional; what a stored
        deadline is made from."""
        end = self.add_working_days(start, days)
        return Deadline(end, self.provisional_between(start, end))

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            count += self.is_working_day(day)
        return count

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` itself when it is a working day, else the next one."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day


def is_working_day(day: dt.date) -> bool:
    return WorkingCalendar().is_working_day(day)


def add_working_days(start: dt.date, days: int) -> dt.date:
    return WorkingCalendar().add_working_days(start, days)


def deadline(start: dt.date, days: int) -> Deadline:
    return WorkingCalendar().deadline(start, days)


def working_days_between(start: dt.date, end: dt.date) -> int:
    return WorkingCalendar().working_days_between(start, end)


def with_mark(text: str, provisional: bool) -> str:
    """A shown date followed by （预计） when it is provisional (notices, texts)."""
    return f"{text}{_('（预计）')}" if provisional else text


def missing_years(today: dt.date) -> list[int]:
    """Years an admin should add now: this year if it is missing, and from
    November on next year too (the schedule is usually out by then)."""
    wanted = [today.year] + ([today.year + 1] if today.month >= 11 else [])
    present = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    return [y for y in wanted if y not in present]


# Deadline warnings of cases, complaints and bad-rating rectifications: the
# values of cases.models.WarningLevel, ranked so a sweep only ever raises one.
NO_WARNING, YELLOW, RED = "", "yellow", "red"
WARNING_RANK = {NO_WARNING: 0, YELLOW: 1, RED: 2}


def deadline_warning(
    due: dt.date | None, today: dt.date, threshold: int, cal: WorkingCalendar | None = None
) -> str:
    """Red after `due`, yellow within `threshold` working days before it."""
    if due is None:
        return NO_WARNING
    if today > due:
        return RED
    left = (cal or WorkingCalendar()).working_days_between(today, due)
    return YELLOW if left <= threshold else NO_WARNING
