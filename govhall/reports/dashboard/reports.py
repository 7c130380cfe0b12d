"""The reports of the facts' subjects (tickets by queue, window, staff member...),
registered in tables.REPORTS: each is a table of the period by one dimension (or
by day, where the subject is kept only in total) with its chart, and the period
compared with the one before it."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.models import Center

from ..facts.schema import merge
from ..facts.selectors import period_by_key, series_by_day
from ..periods import Period
from ..tables import Column, Report, Table, register
from .figures import FIGURES, columns, figures, headline

READ = frozenset({"report.read"})

# (report name, title, subject, dimension, chart kind)
SPECS = (
    ("tickets-queue", _("取号·按队列"), "tickets", "queue", "bar"),
    ("tickets-window", _("取号·按窗口"), "tickets", "window", "bar"),
    ("tickets-staff", _("取号·按工作人员"), "tickets", "staff", "bar"),
    ("tickets-item", _("取号·按事项"), "tickets", "item", "bar"),
    ("tickets-hour", _("取号·按时段"), "tickets", "hour", "line"),
    ("tickets-channel", _("取号·按渠道"), "tickets", "channel", "pie"),
    ("tickets-group", _("取号·按特殊群体"), "tickets", "group", "bar"),
    ("tickets-day", _("取号·按日"), "tickets", "all", "line"),
    ("bookings-channel", _("预约·按渠道"), "bookings", "channel", "pie"),
    ("cases-item", _("办件·按事项"), "cases", "item", "bar"),
    ("cases-department", _("办件·按部门"), "cases", "department", "bar"),
    ("cases-mode", _("办件·按办理方式"), "cases", "mode", "pie"),
    ("cases-channel", _("办件·按渠道"), "cases", "channel", "pie"),
    ("evaluations", _("评价·按渠道"), "evaluations", "channel", "bar"),
    ("complaints", _("投诉"), "complaints", "all", "line"),
    ("assist", _("帮办代办"), "assist", "kind", "bar"),
    ("printing", _("打印复印"), "printing", "all", "line"),
    ("deliveries", _("免费寄递"), "deliveries", "all", "line"),
    ("enquiries", _("咨询"), "enquiries", "channel", "bar"),
)


def _sort_key(dimension: str):
    if dimension == "hour":
        return lambda row: (int(row["_key"]) if str(row["_key"]).isdigit() else 99, row["_key"])
    return None


def _label(dimension: str, key: str, label: str) -> str:
    if label:
        return label
    if dimension == "hour" and str(key).isdigit():
        return _t("%(h)s时") % {"h": key}
    return key or _t("（未注明）")


def dimension_table(
    centers: list[Center], period: Period, subject: str, dimension: str, chart: str, title
) -> Table:
    """The period by `dimension` (each key's summed days), with a total row."""
    head = headline(subject)
    if dimension == "all":
        return day_table(centers, period, subject, chart, title)
    found = period_by_key(centers, subject, dimension, period.start, period.end)
    rows = []
    for key, (label, metrics) in found.items():
        rows.append(
            {"_key": key, "label": _label(dimension, key, label), **figures(subject, metrics)}
        )
    order = _sort_key(dimension)
    rows.sort(key=order) if order else rows.sort(key=lambda r: (-(r[head] or 0), r["label"]))
    total_metrics = merge(m for _l, m in found.values())
    total = {"label": _t("合计"), **figures(subject, total_metrics)}
    # chart the first counts this dimension has (cases by mode hold only `accepted`)
    counts = [k for k, _l, kind, _f in FIGURES[subject] if kind == "int" and total.get(k)]
    head, second = ([*counts, head, head][:2]) if counts else (head, FIGURES[subject][1][0])
    # a figure this dimension never holds (cases by mode: only `accepted`) is left
    # out of the page and the workbook alike, not shown as a column of zeros
    shown = [c for c in columns(subject) if total.get(c.key) or c.key in (head, second)]
    return Table(
        title=str(title),
        columns=[Column("label", _("名称"), "text"), *shown],
        rows=rows,
        total=total,
        chart={
            "kind": chart,
            "x": "label",
            "series": [head] if chart == "pie" or second == head else [head, second],
        },
    )


def day_table(centers, period: Period, subject: str, chart: str, title) -> Table:
    """The period day by day (every day shown, a quiet one as zeros)."""
    series = series_by_day(centers, subject, period.start, period.end)
    rows, day = [], period.start
    while day <= period.end:
        rows.append({"_key": day.isoformat(), "day": day, **figures(subject, series.get(day, {}))})
        day += timedelta(days=1)
    total = {"day": _t("合计"), **figures(subject, merge(series.values()))}
    return Table(
        title=str(title),
        columns=[Column("day", _("日期"), "date"), *columns(subject)],
        rows=rows,
        total=total,
        chart={"kind": "line", "x": "day", "series": [headline(subject), FIGURES[subject][1][0]]},
    )


SUBJECT_LABELS = {
    "tickets": _("取号叫号"),
    "bookings": _("预约"),
    "cases": _("办件"),
    "evaluations": _("评价"),
    "complaints": _("投诉"),
    "assist": _("帮办代办"),
    "printing": _("打印复印"),
    "deliveries": _("免费寄递"),
    "enquiries": _("咨询"),
}


def comparison_table(centers, period: Period, subject: str) -> Table:
    """This period against the one before it: one row per figure, Δ and Δ%;
    a period still running is compared day for day (Period.like_for_like)."""
    period, before = period.like_for_like(timezone.localdate())
    now = figures(
        subject, merge(series_by_day(centers, subject, period.start, period.end).values())
    )
    then = figures(
        subject, merge(series_by_day(centers, subject, before.start, before.end).values())
    )
    rows = []
    for key, label, kind, _f in FIGURES[subject]:
        a, b = now[key], then[key]
        delta = None if a is None or b is None else round(a - b, 4)
        change = None if delta is None or not b or kind == "percent" else delta / b
        rows.append(
            {
                "_key": key,
                "figure": str(label),
                "kind": kind,
                "now": a,
                "before": b,
                "delta": delta,
                "change": change,
            }
        )
    span = f"{before.start:%Y-%m-%d} – {before.end:%Y-%m-%d}"
    here = f"{period.start:%Y-%m-%d} – {period.end:%Y-%m-%d}"
    return Table(
        title=_t("%(subject)s：与上期对比（本期 %(here)s，上期 %(span)s）")
        % {"subject": SUBJECT_LABELS[subject], "here": here, "span": span},
        columns=[
            Column("figure", _("指标"), "text"),
            Column("now", _("本期"), "mixed"),
            Column("before", _("上期"), "mixed"),
            Column("delta", _("变化"), "mixed"),
            Column("change", _("变化率"), "percent"),
        ],
        rows=rows,
        chart={
            "kind": "bar",
            "x": "figure",
            "series": ["now", "before"],
            "rows": [r["_key"] for r in rows if r["kind"] == "int"],
        },
    )


def _builder(subject: str, dimension: str, chart: str, title):
    def build(actor: Actor, centers: list[Center], period: Period) -> list[Table]:
        return [
            dimension_table(centers, period, subject, dimension, chart, title),
            comparison_table(centers, period, subject),
        ]

    return build


REPORT_LIST = [
    Report(
        name=name,
        title=title,
        needs=READ,
        build=_builder(subject, dimension, chart, title),
        order=10 + i,
        extra={"subject": subject, "dimension": dimension},
    )
    for i, (name, title, subject, dimension, chart) in enumerate(SPECS)
]


def summary_build(actor: Actor, centers: list[Center], period: Period) -> list[Table]:
    """Every subject's headline figures for the period and the one before."""
    return [
        comparison_table(centers, period, s)
        for s in ("tickets", "bookings", "cases", "evaluations", "complaints")
    ]


SUMMARY = Report(name="summary", title=_("综合概况"), needs=READ, build=summary_build, order=1)


def connect() -> None:
    register(SUMMARY, *REPORT_LIST)
