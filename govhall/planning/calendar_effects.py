"""The calendar's marks on a day that move the arrivals: the first working day
after a long holiday (people saved their errands), the last one before it, a
make-up working day (调休) and the last working days of a month. Pure: it reads
the WorkingCalendar it is given."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from govhall.core.workdays import WorkingCalendar

AFTER_HOLIDAY = "after_holiday"
BEFORE_HOLIDAY = "before_holiday"
MAKEUP = "makeup"
MONTH_END = "month_end"

LABELS = {
    AFTER_HOLIDAY: _("长假后首个工作日"),
    BEFORE_HOLIDAY: _("长假前最后工作日"),
    MAKEUP: _("调休上班日"),
    MONTH_END: _("月末"),
}
# Used until the history holds two such days of its own to measure.
DEFAULT_FACTORS = {AFTER_HOLIDAY: 1.35, BEFORE_HOLIDAY: 1.15, MAKEUP: 0.9, MONTH_END: 1.1}
LONG_BREAK = 3  # days off in a row that make a "long holiday"
MONTH_END_DAYS = 2  # the last working days of a month


def _days_off(cal: WorkingCalendar, day: dt.date, step: int) -> int:
    count, d = 0, day + dt.timedelta(days=step)
    while not cal.is_working_day(d) and count < 15:
        count += 1
        d += dt.timedelta(days=step)
    return count


def tags(cal: WorkingCalendar, day: dt.date) -> list[str]:
    """The marks of a working day, strongest first."""
    found = []
    if _days_off(cal, day, -1) >= LONG_BREAK:
        found.append(AFTER_HOLIDAY)
    if _days_off(cal, day, 1) >= LONG_BREAK:
        found.append(BEFORE_HOLIDAY)
    if day.weekday() >= 5 and cal.is_working_day(day):
        found.append(MAKEUP)
    left, d = 0, day + dt.timedelta(days=1)
    while d.month == day.month:
        left += cal.is_working_day(d)
        d += dt.timedelta(days=1)
    if left < MONTH_END_DAYS:
        found.append(MONTH_END)
    return found
