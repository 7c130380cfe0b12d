"""Validating a centre's opening hours before they are stored (core/opening.py
reads them). `Center.opening_hours` maps a weekday ("0" = Monday … "6") or
"holiday" to intervals [["09:00", "12:00"], ["13:00", "17:00"]]; a day left out
is closed. Here every entry must be readable: times written HH:MM, each start
before its end, the intervals of a day in order and not overlapping, at most
MAX_INTERVALS of them (a morning, an afternoon, an evening service…)."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext_lazy as _

from .opening import HOLIDAY_KEY

DAY_KEYS = ("0", "1", "2", "3", "4", "5", "6", HOLIDAY_KEY)
DAY_LABELS = {
    "0": _("星期一"),
    "1": _("星期二"),
    "2": _("星期三"),
    "3": _("星期四"),
    "4": _("星期五"),
    "5": _("星期六"),
    "6": _("星期日"),
    HOLIDAY_KEY: _("法定节假日"),
}
MAX_INTERVALS = 4
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def parse_hhmm(value) -> dt.time | None:
    """A time written exactly HH:MM (00:00-23:59), else None."""
    if not isinstance(value, str) or not _HHMM.match(value):
        return None
    return dt.time.fromisoformat(value)


def day_problem(intervals) -> str | None:
    """Why one day's intervals cannot be stored (translated), or None."""
    if not isinstance(intervals, list | tuple):
        return str(_("格式应为时段列表"))
    if len(intervals) > MAX_INTERVALS:
        return str(_("每天最多 %(n)s 个时段") % {"n": MAX_INTERVALS})
    previous_end = None
    for interval in intervals:
        if not isinstance(interval, list | tuple) or len(interval) != 2:
            return str(_("每个时段应为开始和结束两个时间"))
        start, end = (parse_hhmm(x) for x in interval)
        if start is None or end is None:
            return str(_("时间应写作 HH:MM，如 09:00"))
        if start >= end:
            return str(
                _("开始时间应早于结束时间（%(s)s–%(e)s）") % {"s": interval[0], "e": interval[1]}
            )
        if previous_end is not None and start < previous_end:
            return str(_("时段应按先后顺序排列且不能重叠"))
        previous_end = end
    return None


def hours_problems(hours) -> dict[str, str]:
    """Field errors (day key -> message) of a whole week's hours; empty when
    they may be stored."""
    if not isinstance(hours, dict):
        return {"hours": str(_("格式应为 星期 → 时段列表"))}
    errors = {}
    for key, intervals in hours.items():
        if key not in DAY_KEYS:
            errors[str(key)[:20]] = str(_("未知的日期类型"))
            continue
        problem = day_problem(intervals)
        if problem:
            errors[key] = problem
    return errors


def normalised(hours: dict) -> dict[str, list[list[str]]]:
    """The stored form: closed days left out, keys in week order."""
    return {k: [list(i) for i in hours[k]] for k in DAY_KEYS if hours.get(k)}


def week(center) -> list[dict]:
    """The hours of every day type, for pages: key, label, intervals."""
    hours = center.opening_hours or {}
    return [
        {"key": k, "label": DAY_LABELS[k], "intervals": [list(i) for i in hours.get(k) or []]}
        for k in DAY_KEYS
    ]
