"""The 代办 papers as PDFs (core.pdf's embedded Song font): the entrustment
agreement (委托协议, A.2.2) with its list of materials handed over, and the
hand-over records (A.2.2 交接, A.2.3 办结交接), each with the person's signature
from the desk's pad. Pure rendering: services decide what is issued and keep it.
Official papers: rendered in zh-hans whatever the request's language."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from govhall.core import pdf
from govhall.core.fields import mask_phone

from .models import AssistRequest

_esc, _date = pdf.esc, pdf.date_cn


def _p(text: str, style=pdf.INDENT) -> Paragraph:
    return Paragraph(_esc(text), style)


def _signature(png: bytes) -> Image:
    image = Image(io.BytesIO(png))
    ratio = image.imageHeight / image.imageWidth if image.imageWidth else 0.4
    width = 50 * mm
    image.drawWidth, image.drawHeight = width, width * ratio
    return image


def _person(request: AssistRequest) -> list[list[str]]:
    masked = request.id_number.masked if request.id_number else "—"
    return [
        [_("委托人（服务对象）"), request.name or "—"],
        [_("证件号码"), masked],
        [_("联系电话"), mask_phone(request.phone) if request.phone else "—"],
    ]


def _items_table(lines: list[tuple[str, str]]) -> Table:
    data = [[Paragraph(_esc(h), pdf.HEAD) for h in (_("序号"), _("材料"), _("份数/说明"))]]
    data += [
        [Paragraph(str(i), pdf.CELL), Paragraph(_esc(n), pdf.CELL), Paragraph(_esc(c), pdf.CELL)]
        for i, (n, c) in enumerate(lines, 1)
    ]
    table = Table(data, colWidths=[14 * mm, 104 * mm, 48 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _signatures(png: bytes, assistant: str, when: dt.datetime) -> Table:
    table = Table(
        [
            [
                Paragraph(_esc(_("委托人签名：")), pdf.BODY),
                _signature(png),
                Paragraph(_esc(_("受托人（代办员）：%(name)s") % {"name": assistant}), pdf.BODY),
            ],
            ["", Paragraph(_esc(_date(when)), pdf.SMALL), Paragraph(_esc(_date(when)), pdf.SMALL)],
        ],
        colWidths=[28 * mm, 64 * mm, 74 * mm],
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return table


def _build(request: AssistRequest, title: str, body: list, when: dt.datetime) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{title} {request.number}",
        author=request.center.name,
        invariant=1,
        initialFontName=pdf.FONT,
    )
    story = [
        Paragraph(_esc(request.center.name), pdf.ISSUER),
        Spacer(1, 2 * mm),
        Paragraph(_esc(title), pdf.TITLE),
        Spacer(1, 2 * mm),
        Paragraph(_esc(_("编号：%(number)s") % {"number": request.number}), pdf.META),
        Spacer(1, 4 * mm),
        *body,
        Spacer(1, 8 * mm),
        Paragraph(_esc(_("%(center)s（盖章）") % {"center": request.center.name}), pdf.META),
        Paragraph(_esc(_date(when)), pdf.META),
    ]
    doc.build(story)
    return buf.getvalue()


def entrustment(
    request: AssistRequest,
    *,
    lines: list[tuple[str, str]],
    signature: bytes,
    assistant: str,
    when: dt.datetime,
) -> bytes:
    """委托协议 with the materials handed over (A.2.2) and the free-of-charge rule (A.1.6)."""
    with translation.override("zh-hans"):
        item = request.item
        rows = [
            *_person(request),
            [_("受托人（代办员）"), assistant],
            [_("代办事项"), f"{request.item_name}（{item.code}）" if item else "—"],
            [_("承办部门"), request.department.name if request.department else "—"],
        ]
        clauses = [
            _("委托人自愿申请代办服务，委托受托人代为办理上述事项，并已将下列材料交受托人。"),
            _(
                "代办服务全程免费：除法律、法规明确规定由委托人缴纳的费用外，不收取任何费用；"
                "受托人不得以任何名义索取、收受财物。"
            ),
            _(
                "依法须由委托人缴纳的费用，委托人可将现金交受托人，由受托人到大厅银行窗口代为缴纳，"
                "并将银行收据交委托人签收确认。"
            ),
            _(
                "受托人负责递交材料、跟踪办理进度并及时告知委托人；办结后与委托人办理交接手续，"
                "移交办理结果及相关材料。"
            ),
            _("委托人对所提交材料的真实性负责；办结前委托人可随时撤回委托，受托人退还全部材料。"),
        ]
        body = [
            pdf.key_value_table(rows),
            Spacer(1, 4 * mm),
            *[_p(f"{i}. {c}", pdf.BODY) for i, c in enumerate(clauses, 1)],
            Spacer(1, 3 * mm),
            Paragraph(_esc(_("材料交接清单")), pdf.HEAD),
            Spacer(1, 1 * mm),
            _items_table(lines),
            Spacer(1, 6 * mm),
            _signatures(signature, assistant, when),
        ]
        return _build(request, _("代办委托协议"), body, when)


def handover(
    request: AssistRequest,
    *,
    returning: bool,
    lines: list[tuple[str, str]],
    signature: bytes,
    assistant: str,
    note: str,
    when: dt.datetime,
    withdrawn: bool = False,
) -> bytes:
    with translation.override("zh-hans"):
        if withdrawn:
            title = _("撤回委托材料退还单")
            lead = _("委托人撤回代办委托，受托人将下列材料全部退还委托人：")
        elif returning:
            title = _("代办办结交接单")
            lead = _("代办事项已办理完毕，受托人将办理结果及相关材料移交委托人，清单如下：")
        else:
            title = _("代办材料交接单")
            lead = _("委托人将下列申请材料交受托人代为办理：")
        rows = [
            *_person(request),
            [_("代办事项"), request.item_name or "—"],
            [_("办件编号"), request.case.number if request.case else "—"],
        ]
        body = [
            pdf.key_value_table(rows),
            Spacer(1, 4 * mm),
            _p(lead, pdf.BODY),
            Spacer(1, 2 * mm),
            _items_table(lines),
        ]
        if note:
            body += [Spacer(1, 2 * mm), _p(_("说明：%(note)s") % {"note": note}, pdf.BODY)]
        body += [Spacer(1, 6 * mm), _signatures(signature, assistant, when)]
        return _build(request, title, body, when)
