"""Warn admins that next year's holiday schedule is missing (from November on,
and always for the current year): a banner on staff pages and the admin index,
a system check, and a daily job that logs a warning. Dates beyond the table
are provisional (预计) until the year is added (see workdays.py)."""

from __future__ import annotations

import logging

from django.core import checks
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

from .workdays import missing_years

log = logging.getLogger(__name__)


def warning_text(years: list[int]) -> str:
    return _(
        "%(years)s 年的国家法定节假日安排尚未录入：跨入该年的期限暂按周一至周五推算，标注“预计”。"
        "请在管理后台“已维护年度”中添加（或运行 govhall calendar-sync）。"
    ) % {"years": "、".join(str(y) for y in years)}


def calendar_warning(request) -> dict:
    """Context processor: `calendar_missing` is a callable, so the query runs
    only on pages that show the banner (for logged-in users, see base.html)."""

    def missing() -> list[int]:
        return missing_years(timezone.localdate())

    return {"calendar_missing": missing}


def check_calendar(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    """System check (runs with `check --database default` and before migrate)."""
    if not databases:
        return []
    try:
        years = missing_years(timezone.localdate())
    except DatabaseError:  # the table is not migrated yet
        return []
    if not years:
        return []
    return [checks.Warning(warning_text(years), id="govhall.W001")]


def calendar_check_log() -> list[int]:
    """The daily job: log a warning while a year an admin should add is missing."""
    years = missing_years(timezone.localdate())
    if years:
        log.warning("calendar year missing: %s", years)
    return years
