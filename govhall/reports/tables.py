"""The report registry: every report page of every feature is a `Report` whose
`build` returns tables; the generic page draws each table (with its chart) and
the export writes the very same tables to xlsx, so the numbers cannot differ.

A feature registers its reports in its `hooks.connect()`:
    tables.register(Report(name="special_groups", title=_("…"), needs=…, build=…))"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from govhall.core.actors import Actor
from govhall.core.models import Center

from .periods import Period

# "mixed": each row says its own kind in its "kind" key (the comparison tables)
KINDS = ("int", "minutes", "percent", "money", "text", "date", "mixed")


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # gettext_lazy
    kind: str = "int"  # KINDS: how the page and the workbook format it


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[dict]
    total: dict | None = None
    # {"kind": "bar" | "line" | "pie", "x": column key, "series": [column keys]}
    chart: dict | None = None
    note: str = ""


@dataclass(frozen=True)
class Report:
    name: str  # URL-safe: the page's and the workbook's name
    title: str
    needs: frozenset[str]  # any one of these at the centre opens it
    # (actor, centres, period) -> tables; centres are the ones asked and visible
    build: Callable[[Actor, list[Center], Period], list[Table]]
    section: str = "reports"
    order: int = 100
    # True: a district report (the centres of the supervisor's district side by side)
    district: bool = False
    extra: dict = field(default_factory=dict)


REPORTS: dict[str, Report] = {}


def register(*reports: Report) -> None:
    for report in reports:
        if report.name in REPORTS and REPORTS[report.name] is not report:
            raise ValueError(f"report {report.name!r} registered twice")
        REPORTS[report.name] = report


def get(name: str) -> Report | None:
    return REPORTS.get(name)
