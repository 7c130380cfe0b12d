"""The monthly report of a centre as a PDF (ReportLab, the notices' embedded
font): the month's headline figures against the month before, the daily tickets
chart and the queue and item tables, drawn server-side (reportlab.graphics:
ECharts is the browser's)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _t
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from govhall.core import pdf as base
from govhall.core.models import Center

from ..periods import Period
from ..tables import Table as ReportTable
from .pages import cell, signed
from .reports import comparison_table, day_table, dimension_table
from .xlsx import kind_of

BLUE, ORANGE = colors.HexColor("#1c7ed6"), colors.HexColor("#f08c00")


def _grid(table: ReportTable, widths=None, limit: int = 15) -> Table:
    head = [Paragraph(base.esc(str(c.label)), base.HEAD) for c in table.columns]
    rows = [head]
    for row in [*table.rows[:limit], *([table.total] if table.total else [])]:
        line = []
        for c in table.columns:
            kind = kind_of(c, row)
            text = (
                signed(row.get(c.key), kind)
                if c.key in ("delta", "change")
                else cell(row.get(c.key), kind)
            )
            line.append(Paragraph(base.esc(text), base.CELL))
        rows.append(line)
    grid = Table(rows, colWidths=widths, repeatRows=1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e7f0fb")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if table.total:
        style.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f1f3f5")))
    grid.setStyle(TableStyle(style))
    return grid


def _day_chart(table: ReportTable, width=170 * mm, height=60 * mm) -> Drawing:
    """Tickets issued and served per day, a line each."""
    drawing = Drawing(width, height)
    plot = LinePlot()
    plot.x, plot.y = 30, 28
    plot.width, plot.height = width - 50, height - 50
    issued = [(i + 1, r.get("issued") or 0) for i, r in enumerate(table.rows)]
    served = [(i + 1, r.get("served") or 0) for i, r in enumerate(table.rows)]
    plot.data = [issued, served]
    plot.lines[0].strokeColor, plot.lines[1].strokeColor = BLUE, ORANGE
    plot.lines[0].strokeWidth = plot.lines[1].strokeWidth = 1.5
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = 1, max(len(issued), 2)
    plot.xValueAxis.valueSteps = list(range(1, len(issued) + 1, 5))
    plot.yValueAxis.valueMin = 0
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.labels.fontName, axis.labels.fontSize = base.FONT, 7
    drawing.add(plot)
    for i, (name, color) in enumerate(((_t("取号"), BLUE), (_t("办结"), ORANGE))):
        drawing.add(
            String(
                40 + i * 60,
                height - 12,
                f"— {name}",
                fontName=base.FONT,
                fontSize=8,
                fillColor=color,
            )
        )
    drawing.add(String(width - 40, 6, _t("日"), fontName=base.FONT, fontSize=7))
    return drawing


def _bar_chart(table: ReportTable, key: str, width=170 * mm, height=58 * mm) -> Drawing:
    """The table's rows (the first ten) by one count."""
    rows = table.rows[:10]
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 30, 30
    chart.width, chart.height = width - 45, height - 42
    chart.data = [[r.get(key) or 0 for r in rows] or [0]]
    chart.categoryAxis.categoryNames = [str(r.get("label", ""))[:6] for r in rows] or [""]
    chart.bars[0].fillColor = BLUE
    chart.valueAxis.valueMin = 0
    for labels in (chart.categoryAxis.labels, chart.valueAxis.labels):
        labels.fontName, labels.fontSize = base.FONT, 7
    drawing.add(chart)
    return drawing


def monthly_pdf(center: Center, period: Period) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=_t("%(center)s 月度运行报告") % {"center": center.name},
    )
    h2 = base.ParagraphStyle("h2", parent=base.BODY, fontSize=13, leading=22, spaceBefore=8)
    month = f"{period.start.year}年{period.start.month}月"
    story = [
        Paragraph(base.esc(center.name), base.ISSUER),
        Paragraph(base.esc(_t("%(month)s 运行报告") % {"month": month}), base.TITLE),
        Paragraph(base.esc(f"{period.start:%Y-%m-%d} – {period.end:%Y-%m-%d}"), base.META),
        Spacer(1, 4 * mm),
    ]
    for subject in ("tickets", "cases", "evaluations", "complaints"):
        table = comparison_table([center], period, subject)
        story += [
            Paragraph(base.esc(table.title), h2),
            _grid(table, [52 * mm, 30 * mm, 30 * mm, 28 * mm, 28 * mm]),
        ]
        if subject == "tickets":
            days = day_table([center], period, "tickets", "line", _t("每日取号"))
            story += [Paragraph(base.esc(_t("每日取号与办结")), h2), _day_chart(days)]
    queues = dimension_table([center], period, "tickets", "queue", "bar", _t("按队列"))
    story += [
        Paragraph(base.esc(_t("取号·按队列")), h2),
        _bar_chart(queues, "issued"),
        _grid(queues),
    ]
    items = dimension_table([center], period, "cases", "item", "bar", _t("按事项"))
    story += [Paragraph(base.esc(_t("办件·按事项（前15项）")), h2), _grid(items)]
    story.append(Spacer(1, 6 * mm))
    story.append(Paragraph(base.esc(_t("本报告由系统根据每日统计自动生成。")), base.SMALL))
    doc.build(story)
    return out.getvalue()
