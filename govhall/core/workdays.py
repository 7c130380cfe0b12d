"""Working-day arithmetic on the Holiday table (public holidays and 调休).

Counting follows the Administrative Licensing Law: a limit of N working days
runs from the day after the start date. A year without an official schedule in
the table is refused, never guessed: next year's schedule is published each
winter and must be entered (or seeded) first."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from .errors import DomainError
from .models import CalendarYear, Holiday, HolidayKind


class CalendarYearMissing(DomainError):
    status = 422
    code = "calendar_year_missing"


class _Year:
    """One year's exceptions to the Monday–Friday week, loaded once per call."""

    def __init__(self, year: int):
        if not CalendarYear.objects.filter(year=year).exists():
            raise CalendarYearMissing(
                _("%(year)s 年的节假日安排尚未维护，无法计算工作日") % {"year": year},
                fields={"date": _("日历未覆盖 %(year)s 年") % {"year": year}},
            )
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


def working_days_between(start: dt.date, end: dt.date) -> int:
    return WorkingCalendar().working_days_between(start, end)


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
