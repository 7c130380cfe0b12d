"""When an installation is due: one cycle after its last maintenance."""

from __future__ import annotations

import calendar
import datetime as dt

MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, the month's last day when it is shorter (31 Jan → 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def next_due(after: dt.date, cycle: str, every_days: int | None) -> dt.date:
    if cycle == "days":
        return after + dt.timedelta(days=every_days or 1)
    return add_months(after, MONTHS[cycle])


def due_state(due: dt.date, today: dt.date, remind_days: int) -> str:
    """ "overdue" past its date, "due_soon" within the reminder, else "ok"."""
    if due < today:
        return "overdue"
    if (due - today).days <= remind_days:
        return "due_soon"
    return "ok"
