"""The assessment's results as a registered report (the generic page and its
xlsx): the latest final month's ranking of a centre."""

from django.utils.translation import gettext_lazy as _

from .. import tables
from ..tables import Column, Report, Table
from .models import AssessmentRun, RunState


def _build(actor, centers, period) -> list[tables.Table]:
    out = []
    for center in centers:
        run = (
            AssessmentRun.objects.filter(
                center=center,
                state=RunState.FINAL,
                month__gte=period.start.replace(day=1),
                month__lte=period.end,
            )
            .order_by("-month")
            .first()
        )
        rows = []
        if run is not None:
            for r in run.results.select_related("user", "department"):
                rows.append(
                    {
                        "rank": r.rank,
                        "name": r.user.display_name,
                        "department": r.department.name if r.department else center.name,
                        "quality": r.quality,
                        "efficiency": r.efficiency,
                        "attendance": r.attendance,
                        "training": r.training,
                        "total": r.total,
                    }
                )
        title = f"{center.name} · {run.month:%Y-%m}" if run else center.name
        out.append(
            Table(
                title=title,
                columns=[
                    Column("rank", _("名次")),
                    Column("name", _("姓名"), "text"),
                    Column("department", _("部门"), "text"),
                    Column("quality", _("服务质量"), "text"),
                    Column("efficiency", _("工作效能"), "text"),
                    Column("attendance", _("考勤"), "text"),
                    Column("training", _("培训"), "text"),
                    Column("total", _("总分"), "text"),
                ],
                rows=rows,
                chart={"kind": "bar", "x": "name", "series": ["total"]} if rows else None,
                note=str(_("已定稿的月度考核结果")) if run else str(_("该期间没有已定稿的考核")),
            )
        )
    return out


REPORT = Report(
    name="assessment_results",
    title=_("工作人员考核结果"),
    needs=frozenset({"assessment.manage"}),
    build=_build,
    section="assessment",
    order=20,
)


def connect() -> None:
    tables.register(REPORT)
