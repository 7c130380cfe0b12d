"""The arithmetic of the register: retention by item, the day it runs out, the
day the centre's custody ends. Pure functions (the property tests read them)."""

from __future__ import annotations

import datetime as dt
import re

from govhall.core.center_settings import center_setting

from .models import RETENTION_YEARS, Retention

NUMBER_RE = re.compile(r"^[A-Z0-9-]+-\d{4}-(Y|D30|D10)-[A-Za-z0-9_]+-\d{4,}$")


def parse_rules(text: str) -> dict[str, str]:
    """`notify_commit=D10, SC-0001=Y` → {key: code}; entries that are not
    key=code with a known code are left out (the default applies)."""
    rules = {}
    for part in re.split(r"[,，;；\s]+", text or ""):
        key, _sep, code = part.partition("=")
        if key and code.upper() in Retention.values:
            rules[key.strip()] = code.upper()
    return rules


def retention_for(center, *, item_code: str, approval_mode: str) -> str:
    """The item's own rule first, then its approval mode's, then the default."""
    rules = parse_rules(center_setting(center, "archives.retention_rules"))
    default = str(center_setting(center, "archives.retention_default")).upper()
    if default not in Retention.values:
        default = Retention.YEARS_30
    return rules.get(item_code) or rules.get(approval_mode) or default


def expires_on(filed_on: dt.date, retention: str) -> dt.date | None:
    """保管期限 counts from 1 January of the year after filing (DA/T 22): a D10
    archive of any day of 2015 has run out on 1 January 2026. None: 永久."""
    years = RETENTION_YEARS[Retention(retention)]
    if years is None:
        return None
    return dt.date(filed_on.year + years + 1, 1, 1)


def custody_ends_on(year: int, custody_years: int) -> dt.date:
    """The first day an archive of `year` may go to the archive office: the
    centre keeps it through `custody_years` full years after the filing year."""
    return dt.date(year + custody_years + 1, 1, 1)


def archive_number(*, fonds: str, year: int, retention: str, department: str, piece: int) -> str:
    """全宗号-年度-保管期限代码-机构(部门)代码-件号 (GB/T 18894 / DA/T 22 style)."""
    return f"{fonds}-{year:04d}-{retention}-{department}-{piece:04d}"


def counter_key(*, fonds: str, year: int, retention: str, department: str) -> str:
    return f"archive:{fonds}:{year}:{retention}:{department}"
