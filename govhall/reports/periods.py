"""A period of figures (`?from=2026-11-01&to=2026-11-30`, or a named one: day,
week, month, quarter, year around a date), checked once for every page, export
and endpoint of the reports app, and the period before it for comparison."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.errors import ValidationFailed

# The longest range asked at once: a year compared with the year before is 2 x 366.
MAX_DAYS = 3 * 366
KINDS = ("day", "week", "month", "quarter", "year", "range")


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    kind: str = "range"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same kind just before (a month → the month before,
        a range → the same number of days before it)."""
        if self.kind == "month":
            last = self.start - dt.timedelta(days=1)
            return named("month", last)
        if self.kind == "quarter":
            return named("quarter", self.start - dt.timedelta(days=1))
        if self.kind == "year":
            return named("year", self.start - dt.timedelta(days=1))
        end = self.start - dt.timedelta(days=1)
        return Period(end - dt.timedelta(days=self.days - 1), end, self.kind)

    def like_for_like(self, today: dt.date) -> tuple[Period, Period]:
        """(this period as far as it has gone, the same days of the one before):
        on 3 December the month is 1–3 December against 1–3 November, never
        three days against a whole month."""
        before = self.previous()
        if not self.start <= today <= self.end:
            return self, before
        now = Period(self.start, today, self.kind)
        end = min(before.start + dt.timedelta(days=now.days - 1), before.end)
        return now, Period(before.start, end, before.kind)


def named(kind: str, around: dt.date) -> Period:
    if kind == "day":
        return Period(around, around, kind)
    if kind == "week":
        start = around - dt.timedelta(days=around.weekday())
        return Period(start, start + dt.timedelta(days=6), kind)
    if kind == "month":
        start = around.replace(day=1)
        following = (start + dt.timedelta(days=32)).replace(day=1)
        return Period(start, following - dt.timedelta(days=1), kind)
    if kind == "quarter":
        start = around.replace(month=(around.month - 1) // 3 * 3 + 1, day=1)
        following = (start + dt.timedelta(days=95)).replace(day=1)
        return Period(start, following - dt.timedelta(days=1), kind)
    if kind == "year":
        return Period(around.replace(month=1, day=1), around.replace(month=12, day=31), kind)
    raise ValidationFailed(
        _("统计周期不正确。"), code="bad_period", fields={"period": _("未知周期")}
    )


def _date(value: str | None, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10]) if len(str(value)) == 10 else _bad(field)
    except ValueError:
        return _bad(field)


def _bad(field: str):
    raise ValidationFailed(
        _("日期格式应为 YYYY-MM-DD。"), code="bad_date", fields={field: _("日期格式不正确")}
    )


def parse(
    start: str | None = None,
    end: str | None = None,
    *,
    kind: str | None = None,
    around: str | None = None,
    default: str = "month",
) -> Period:
    """The period a request asks: `from`/`to` (both or neither), else `kind`
    around `around` (default today), else `default` around today. Refused with
    the error shape: a bad date, `from` after `to`, more than MAX_DAYS."""
    first, last = _date(start, "from"), _date(end, "to")
    if first or last:
        if not (first and last):
            missing = "to" if first else "from"
            raise ValidationFailed(
                _("请同时给出开始和结束日期。"), code="bad_period", fields={missing: _("必填")}
            )
        if first > last:
            raise ValidationFailed(
                _("开始日期晚于结束日期。"), code="bad_period", fields={"from": _("晚于结束日期")}
            )
        if (last - first).days + 1 > MAX_DAYS:
            raise ValidationFailed(
                _("统计区间过长（最多三年）。"),
                code="period_too_long",
                fields={"to": _("区间过长")},
            )
        return Period(first, last, "range")
    day = _date(around, "date") or timezone.localdate()
    return named(kind or default, day)
