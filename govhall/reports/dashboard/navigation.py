"""The figures on the workbench: the report pages, the live dashboard, the
monthly reports (a new one announced), the district's side-by-side view."""

from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry


def _unseen(actor, center) -> int:
    from .models import MonthlyReport

    return MonthlyReport.objects.filter(center=center, seen=False).count()


def _newest(actor, center) -> str | None:
    from .models import MonthlyReport

    report = MonthlyReport.objects.filter(center=center, seen=False).defer("pdf").first()
    if report is None:
        return None
    return _t("新报告：%(y)d年%(m)d月") % {"y": report.month.year, "m": report.month.month}


ENTRIES: list = [
    Entry(
        key="reports.index",
        label=_("统计报表"),
        needs=frozenset({"report.read"}),
        url="reports:index",
        section="reports",
        order=10,
    ),
    Entry(
        key="reports.live",
        label=_("大厅实时看板"),
        needs=frozenset({"report.live"}),
        url="reports:live",
        section="reports",
        order=5,
    ),
    Entry(
        key="reports.monthly",
        label=_("月度报告"),
        needs=frozenset({"report.read"}),
        url="reports:monthly",
        waiting=_unseen,
        note=_newest,
        section="reports",
        order=20,
    ),
    Entry(
        key="reports.district",
        label=_("各中心统计对比"),
        needs=frozenset({"report.district"}),
        url="reports:district",
        section="reports",
        order=1,
        district=True,
    ),
]
