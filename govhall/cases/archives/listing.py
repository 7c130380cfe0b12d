"""移交清单 and 销毁清单: numbered lists of archives, with the font embedded as
every official PDF does (core.pdf), so the list itself can be archived."""

from __future__ import annotations

import datetime as dt
import io

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from govhall.core import pdf


def _table(files) -> Table:
    rows = [
        [
            Paragraph(esc, pdf.HEAD)
            for esc in (
                _("序号"),
                _("档号"),
                _("题名"),
                _("年度"),
                _("保管期限"),
                _("件数"),
                _("文书数"),
            )
        ]
    ]
    for i, f in enumerate(files, 1):
        rows.append(
            [
                Paragraph(str(i), pdf.CELL),
                Paragraph(pdf.esc(f.number), pdf.CELL),
                Paragraph(pdf.esc(title(f)), pdf.CELL),
                Paragraph(str(f.year), pdf.CELL),
                Paragraph(pdf.esc(f.get_retention_display()), pdf.CELL),
                Paragraph("1", pdf.CELL),
                Paragraph(str(len(f.archive.manifest.get("documents", []))), pdf.CELL),
            ]
        )
    table = Table(
        rows,
        colWidths=[w * mm for w in (14, 72, 102, 16, 20, 14, 20)],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def title(f) -> str:
    """题名: the item and the case number; never the applicant (6.5.1.3)."""
    m = f.archive.manifest
    return _("%(item)s（办件编号 %(number)s）") % {"item": m["item"]["name"], "number": m["number"]}


def render(
    *, kind: str, center, number: str, files: list, lines: list[str], when: dt.datetime
) -> bytes:
    heading = _("档案移交清单") if kind == "transfer" else _("档案销毁清单")
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"{heading} {number}",
        author=center.name,
        invariant=1,
        initialFontName=pdf.FONT,
    )
    story = [
        Paragraph(pdf.esc(center.name), pdf.ISSUER),
        Paragraph(pdf.esc(heading), pdf.TITLE),
        Paragraph(pdf.esc(_("批号：%(number)s") % {"number": number}), pdf.META),
        Spacer(1, 4 * mm),
        _table(files),
        Spacer(1, 4 * mm),
        Paragraph(pdf.esc(_("合计 %(n)s 件") % {"n": len(files)}), pdf.BODY),
        *[Paragraph(pdf.esc(line), pdf.BODY) for line in lines],
        Spacer(1, 6 * mm),
        Paragraph(pdf.esc(pdf.date_cn(when)), pdf.META),
    ]
    doc.build(story)
    return buf.getvalue()
