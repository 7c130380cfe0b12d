"""Every centre of a district side by side for a period: the district's
dashboard, ranked by the column the supervisor chooses."""

from __future__ import annotations

from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.models import Center

from ..facts.schema import merge
from ..facts.selectors import series_by_day
from ..periods import Period
from ..tables import Column, Table
from .figures import summary_figures

SUBJECTS = ("tickets", "cases", "evaluations", "complaints")
COLUMNS = [
    Column("center", _("中心"), "text"),
    Column("tickets", _("取号"), "int"),
    Column("served", _("办结"), "int"),
    Column("wait_mean", _("平均等候（分）"), "minutes"),
    Column("wait_p90", _("90%等候（分）"), "minutes"),
    Column("cases_on_time", _("办件按时办结率"), "percent"),
    Column("satisfaction", _("满意率"), "percent"),
    Column("bad", _("差评"), "int"),
    Column("complaints_on_time", _("投诉按时办结率"), "percent"),
]
RANKABLE = [c.key for c in COLUMNS[1:]]
# Lower is better for these: ranked ascending.
ASCENDING = {"wait_mean", "wait_p90", "bad"}


def district_centers(actor: Actor, district, capability: str = "report.district") -> list[Center]:
    return [
        c
        for c in Center.objects.filter(district=district, is_active=True).order_by("code")
        if actor.can(c, capability)
    ]


def _row(center: Center, totals: dict) -> dict:
    s = summary_figures(totals)
    return {
        "_key": center.code,
        "center": center.name,
        "tickets": s["tickets"],
        "served": s["served"],
        "wait_mean": s["wait"]["mean_minutes"],
        "wait_p90": s["wait"]["p90_minutes"],
        "cases_on_time": s["cases"]["on_time_rate"],
        "satisfaction": s["evaluations"]["satisfaction_rate"],
        "bad": s["evaluations"]["bad"],
        "complaints_on_time": s["complaints"]["on_time_rate"],
    }


def side_by_side(centers: list[Center], period: Period, rank: str = "tickets") -> Table:
    rank = rank if rank in RANKABLE else "tickets"
    rows, all_totals = [], {s: [] for s in SUBJECTS}
    for center in centers:
        totals = {}
        for subject in SUBJECTS:
            totals[subject] = merge(
                series_by_day([center], subject, period.start, period.end).values()
            )
            all_totals[subject].append(totals[subject])
        rows.append(_row(center, totals))
    missing = float("inf") if rank in ASCENDING else float("-inf")

    def order(row):
        value = row[rank] if row[rank] is not None else missing
        return value if rank in ASCENDING else -value

    rows.sort(key=lambda r: (order(r), r["center"]))
    for i, row in enumerate(rows, start=1):
        row["rank"] = i
    total = _row(Center(name=_t("全区")), {s: merge(ms) for s, ms in all_totals.items()})
    total["center"] = _t("全区")
    return Table(
        title=_t("各中心对比"),
        columns=[Column("rank", _("名次"), "int"), *COLUMNS],
        rows=rows,
        total=total,
        chart={
            "kind": "bar",
            "x": "center",
            "series": [rank] if rank != "tickets" else ["tickets", "served"],
        },
    )
