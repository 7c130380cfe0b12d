"""supervision's plugs: its report in the registry (reports/tables.py) and its
morning job (huey finds periodic tasks once their module is imported)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from govhall.reports import tables
from govhall.reports.tables import Column, Report, Table


def build(actor, centers, period) -> list[Table]:
    from . import selectors

    rows = selectors.period_figures(centers, period.start, period.end)
    total = {
        "label": str(_("合计")),
        **{k: sum(r[k] for r in rows) for k in ("opened", "closed", "overdue")},
    }
    return [
        Table(
            title=str(_("效能监督发现（按类别）")),
            columns=[
                Column("label", _("类别"), "text"),
                Column("opened", _("新发现")),
                Column("closed", _("已整改")),
                Column("overdue", _("逾期未整改")),
            ],
            rows=[{k: r[k] for k in ("label", "opened", "closed", "overdue")} for r in rows],
            total=total,
            chart={"kind": "bar", "x": "label", "series": ["opened", "closed", "overdue"]},
            note=str(_("逾期：整改期限在本期内且到期未整改的发现（001 6.6.2.2）。")),
        )
    ]


REPORT = Report(
    name="supervision",
    title=_("效能监督"),
    needs=frozenset({"report.read"}),
    build=build,
    section="supervision",
    order=30,
)


def connect() -> None:
    tables.register(REPORT)
    from . import tasks  # noqa: F401
