"""What a report page shows: a report's tables as rows of formatted cells and
their charts as plain JSON (the page's JSON script tag), from the same Table
objects the workbook writes."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.utils.translation import gettext as _t

from govhall.core.actors import Actor
from govhall.core.models import Center

from .. import periods
from ..periods import Period
from ..tables import Report, Table
from .xlsx import kind_of

PICKS = ("day", "week", "month", "quarter", "year", "range")


def period_from(params) -> Period:
    """The period of a request's ?period=&date= or ?from=&to= (periods.parse)."""
    kind = params.get("period") or None
    if kind == "range":
        kind = None
    return periods.parse(
        params.get("from"), params.get("to"), kind=kind, around=params.get("date"), default="month"
    )


def period_text(period: Period) -> str:
    if period.start == period.end:
        return f"{period.start:%Y-%m-%d}"
    return f"{period.start:%Y-%m-%d} – {period.end:%Y-%m-%d}"


def build(report: Report, actor: Actor, centers: list[Center], period: Period) -> list[Table]:
    return report.build(actor, centers, period)


def cell(value, kind: str) -> str:
    if value is None or value == "":
        return "—"
    if kind == "percent":
        return f"{value * 100:.1f}%"
    if kind == "minutes":
        return f"{value:.1f}"
    if kind == "money":
        return f"{value:,.2f}"
    if kind == "date" and isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    if kind == "int" and isinstance(value, float):
        return f"{value:g}"
    return str(value)


def signed(value, kind: str) -> str:
    text = cell(value, kind)
    return f"+{text}" if isinstance(value, int | float) and value > 0 else text


def view_table(table: Table, index: int) -> dict:
    """The table's header, rows of cells and its chart's JSON."""
    delta_keys = {"delta", "change"}

    def cells(row):
        out = []
        for c in table.columns:
            kind = kind_of(c, row)
            value = row.get(c.key)
            text = signed(value, kind) if c.key in delta_keys else cell(value, kind)
            out.append({"text": text, "kind": kind, "key": c.key})
        return out

    chart = None
    if table.chart and table.rows:
        spec = table.chart
        rows = table.rows
        if spec.get("rows"):
            rows = [r for r in rows if r.get("_key") in spec["rows"]]
        by_key = {c.key: c for c in table.columns}
        x = by_key[spec["x"]]
        series = []
        for key in spec["series"]:
            column = by_key[key]
            scale = 100 if column.kind == "percent" else 1
            data = [None if r.get(key) is None else round(r[key] * scale, 1) for r in rows]
            series.append({"name": str(column.label), "data": data})
        chart = {
            "id": f"chart-{index}",
            "kind": spec["kind"],
            "labels": [cell(r.get(x.key), x.kind) for r in rows],
            "series": series,
            "title": table.title,
        }
    return {
        "title": table.title,
        "note": table.note,
        "head": [str(c.label) for c in table.columns],
        "kinds": [c.kind for c in table.columns],
        "rows": [cells(r) for r in table.rows],
        "total": cells(table.total) if table.total else None,
        "chart": chart,
    }


def _query(params) -> str:
    keep = {k: params.get(k) for k in ("period", "date", "from", "to") if params.get(k)}
    if keep.get("period") == "range" or (keep.get("from") and keep.get("to")):
        keep = {k: v for k, v in keep.items() if k in ("from", "to")}
    return urlencode(keep)


def picker(period: Period, params) -> dict:
    kind = params.get("period") or ("range" if params.get("from") else "month")
    return {
        "kind": kind if kind in PICKS else "month",
        "kinds": [
            ("day", _t("日")),
            ("week", _t("周")),
            ("month", _t("月")),
            ("quarter", _t("季度")),
            ("year", _t("年")),
            ("range", _t("自定义区间")),
        ],
        "date": params.get("date") or f"{period.start:%Y-%m-%d}",
        "start": f"{period.start:%Y-%m-%d}",
        "end": f"{period.end:%Y-%m-%d}",
        # the asked period as asked (a month stays a month: its comparison too)
        "query": _query(params) or f"from={period.start:%Y-%m-%d}&to={period.end:%Y-%m-%d}",
    }
