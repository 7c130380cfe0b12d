"""The self-audit's printable report (PDF): the centre, its level, the score by
section, then every gap and every row with its reference and what was found."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from govhall.core.models import CenterLevel
from govhall.core.pdf import BODY, CELL, HEAD, META, SMALL, TITLE, esc

from .selectors import Compliance

STATUS_LABELS = {
    "met": gettext_lazy("符合"),
    "not_met": gettext_lazy("不符合"),
    "unchecked": gettext_lazy("待核查"),
    "not_applicable": gettext_lazy("不适用"),
}
_COLORS = {
    "met": "#0a6b3d",
    "not_met": "#b3261e",
    "unchecked": "#8a5a00",
    "not_applicable": "#666666",
}


def status_label(status: str) -> str:
    return str(STATUS_LABELS[status])


def _grid(rows, widths, head_rows=1) -> Table:
    table = Table(rows, colWidths=[w * mm for w in widths], repeatRows=head_rows)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, head_rows - 1), colors.HexColor("#eef1f5")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _p(text, style=CELL) -> Paragraph:
    return Paragraph(esc(text), style)


def _status(status: str) -> Paragraph:
    return Paragraph(f'<font color="{_COLORS[status]}">{esc(status_label(status))}</font>', CELL)


def _score(tally) -> str:
    return "—" if tally.score is None else f"{tally.score}"


def render(result: Compliance) -> bytes:
    buffer = io.BytesIO()
    center = result.center
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("标准化建设自查报告"),
    )
    checked = timezone.localtime(result.checked_at).strftime("%Y-%m-%d %H:%M")
    story = [
        Paragraph(esc(_("标准化建设自查报告")), TITLE),
        Spacer(1, 3 * mm),
        _p(f"{center.name}（{CenterLevel(center.level).label}）", HEAD),
        _p(_("自查时间：%(t)s") % {"t": checked}, META),
        Spacer(1, 4 * mm),
        _p(
            _(
                "必配项得分 %(score)s 分：必配 %(n)d 项，符合 %(met)d 项，不符合 %(no)d 项，"
                "待核查 %(un)d 项。选配项 %(on)d 项，已配 %(om)d 项（不计入得分）。"
            )
            % {
                "score": result.score,
                "n": result.mandatory.counted,
                "met": result.mandatory.met,
                "no": result.mandatory.not_met,
                "un": result.mandatory.unchecked,
                "on": result.optional.counted,
                "om": result.optional.met,
            },
            BODY,
        ),
        Spacer(1, 4 * mm),
    ]
    head = [_p(_("章节")), _p(_("必配")), _p(_("符合")), _p(_("不符合")), _p(_("待核查"))]
    head += [_p(_("得分")), _p(_("选配已配"))]
    rows = [head]
    for s in result.sections:
        m = s.mandatory
        if not (m.counted or s.optional.counted):
            continue
        cells = [s.name, m.counted, m.met, m.not_met, m.unchecked, _score(m)]
        rows.append([*map(_p, cells), _p(f"{s.optional.met}/{s.optional.counted}")])
    story += [_grid(rows, [62, 17, 17, 19, 19, 19, 27]), Spacer(1, 6 * mm)]
    gaps = result.gaps
    story.append(_p(_("须整改事项（%(n)d项）") % {"n": len(gaps)}, HEAD))
    story.append(Spacer(1, 2 * mm))
    if gaps:
        rows = [[_p(_("依据")), _p(_("要求")), _p(_("现状")), _p(_("结论"))]]
        for item in gaps:
            req = item.requirement
            rows.append([_p(req.ref), _p(req.text), _p(item.found), _status(item.status)])
        story += [_grid(rows, [34, 62, 66, 18])]
    else:
        story.append(_p(_("必配项均已符合。"), BODY))
    story += [Spacer(1, 6 * mm), _p(_("全部要求"), HEAD), Spacer(1, 2 * mm)]
    rows = [[_p(_("依据")), _p(_("要求")), _p(_("级别")), _p(_("现状")), _p(_("结论"))]]
    for item in result.items:
        if item.status == "not_applicable" and item.applies == "–":
            continue
        req = item.requirement
        rows.append(
            [_p(req.ref), _p(req.text), _p(item.applies), _p(item.found), _status(item.status)]
        )
    story += [
        _grid(rows, [34, 58, 12, 58, 18]),
        Spacer(1, 4 * mm),
        _p(
            _(
                "依据：001 松江区政务服务中心建设和运行规范 表1-表12、表18、附录C C.3.2；"
                "003 便民服务中心建设规范 四(一)；002 特定群体政务服务便利化行动方案 二(四)。"
                "√必配 ○选配；本中心级别不适用的要求未列出。"
            ),
            SMALL,
        ),
    ]
    doc.build(story)
    return buffer.getvalue()
