"""The official holiday schedule as published by the State Council, taken from
the `chinesecalendar` package. Used to seed the Holiday table; the table, not
this module, is what working-day arithmetic reads, so admins can correct it."""

from __future__ import annotations

import datetime as dt

import chinese_calendar

_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}
SOURCE = f"chinesecalendar {getattr(chinese_calendar, '__version__', '')}".strip()


def covered_years() -> list[int]:
    return sorted({d.year for d in chinese_calendar.holidays})


def official_rows(year: int) -> list[tuple[dt.date, str, str]]:
    """(date, kind, name) for every holiday and make-up working day of `year`."""
    rows = [
        (d, "holiday", _NAMES.get(name, name))
        for d, name in chinese_calendar.holidays.items()
        if d.year == year
    ]
    rows += [
        (d, "workday", _NAMES.get(name, name))
        for d, name in chinese_calendar.workdays.items()
        if d.year == year
    ]
    return sorted(rows)
