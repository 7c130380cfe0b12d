"""The complaint receipt (投诉受理回执单, 003 四(二)5(3)) as a PDF: ReportLab with
the built-in CID font STSong-Light, like the case notices (govhall/cases/
documents.py), so the file carries no font and shows correct Chinese in every
viewer. Pure rendering, from the complaint as it is; always in zh-hans.

The complainant's name and phone are printed masked: the receipt is handed
over or downloaded from a link, and may be seen by others."""

from __future__ import annotations

import datetime as dt
import io

import segno
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import KeepTogether

from govhall.core import pdf
from govhall.core.fields import mask_phone
from govhall.core.links import absolute_url
from govhall.core.workdays import with_mark

from .models import Complaint, ComplaintChannel
from .services.complaints import receipt_url

FONT = pdf.FONT
_BODY, _INDENT, _CELL, _HEAD = pdf.BODY, pdf.INDENT, pdf.CELL, pdf.HEAD
_TITLE, _ISSUER, _META, _SMALL = pdf.TITLE, pdf.ISSUER, pdf.META, pdf.SMALL
_esc, _date = pdf.esc, pdf.date_cn

SUMMARY_MAX = 300
HOTLINE = "12345"


def _time(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{_date(local)} {local:%H:%M}"


def mask_name(name: str) -> str:
    return name[:1] + "*" * (len(name) - 1) if name else ""


def summary(text: str, limit: int = SUMMARY_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "……"


def _qr(url: str) -> Image:
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="png", scale=4, border=1)
    buf.seek(0)
    return Image(buf, width=24 * mm, height=24 * mm)


def _rows(c: Complaint) -> list[list[str]]:
    channel = str(ComplaintChannel(c.channel).label)
    if c.hotline_ref:
        channel = _("%(channel)s（工单号：%(ref)s）") % {"channel": channel, "ref": c.hotline_ref}
    phones = _("本中心：%(phone)s；政务服务便民热线：%(hotline)s") % {
        "phone": c.center.phone or "—",
        "hotline": HOTLINE,
    }
    return [
        [_("投诉编号"), c.number],
        [_("投诉渠道"), channel],
        [_("登记时间"), _time(c.received_at)],
        [_("投诉人"), mask_name(c.complainant_name) or _("未留姓名")],
        [_("联系电话"), mask_phone(c.complainant_phone) if c.complainant_phone else _("未留电话")],
        [_("被投诉人工号"), c.staff_number or _("未提供")],
        [_("涉及窗口"), c.window.name if c.window_id else "—"],
        [_("投诉事由（摘要）"), summary(c.content)],
        [_("承诺答复日期"), with_mark(_date(c.reply_due), c.reply_due_provisional)],
        [_("投诉电话"), phones],
    ]


def _lookup_line() -> str:
    """Where the number and the phone find the complaint again (the QR aside)."""
    return _("也可凭投诉编号和手机号码在 %(url)s 查询。") % {
        "url": absolute_url(reverse("feedback:complaint_lookup"))
    }


def _story(c: Complaint) -> list:
    center = c.center.name
    handler = getattr(c.received_by, "staff_number", "") or "____________"
    addressee = mask_name(c.complainant_name) or _("投诉人")
    url = receipt_url(c)
    follow = Table(
        [
            [
                _qr(url),
                Paragraph(
                    _esc(
                        _(
                            "扫描二维码或访问 %(url)s 可查询办理进度和处理结果。"
                            "如对处理结果不满意，可拨打 %(hotline)s 政务服务便民热线反映。"
                        )
                        % {"url": url, "hotline": HOTLINE}
                        + (_lookup_line() if c.complainant_phone else "")
                    ),
                    _SMALL,
                ),
            ]
        ],
        colWidths=[28 * mm, 138 * mm],
    )
    follow.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return [
        Paragraph(_esc(center), _ISSUER),
        Spacer(1, 2 * mm),
        Paragraph(_esc(_("投诉受理回执单")), _TITLE),
        Spacer(1, 2 * mm),
        Paragraph(_esc(_("投诉编号：%(number)s") % {"number": c.number}), _META),
        Spacer(1, 5 * mm),
        Paragraph(_esc(_("%(who)s：") % {"who": addressee}), _BODY),
        Paragraph(
            _esc(
                _(
                    "您于%(when)s反映的问题已登记受理。本中心将认真调查核实，"
                    "并于%(due)s前将处理结果告知您（答复期限按工作日计算，法定节假日不计算在内）。"
                )
                % {
                    "when": _time(c.received_at),
                    "due": with_mark(_date(c.reply_due), c.reply_due_provisional),
                }
            ),
            _INDENT,
        ),
        Spacer(1, 3 * mm),
        pdf.key_value_table(_rows(c)),
        Spacer(1, 2 * mm),
        Paragraph(
            _esc(_("说明：为保护个人信息，本回执中投诉人姓名和联系电话已作部分隐藏处理。")),
            _SMALL,
        ),
        Spacer(1, 10 * mm),
        Paragraph(_esc(_("受理人工号：%(staff)s") % {"staff": handler}), _META),
        Spacer(1, 3 * mm),
        Paragraph(_esc(_("%(center)s（盖章）") % {"center": center}), _META),
        Paragraph(_esc(_date(c.received_at)), _META),
        Spacer(1, 8 * mm),
        KeepTogether([follow]),
    ]


def receipt_pdf(complaint: Complaint) -> bytes:
    with translation.override("zh-hans"):
        buf = io.BytesIO()
        doc = SimpleDocTemplate(
            buf,
            pagesize=A4,
            leftMargin=22 * mm,
            rightMargin=22 * mm,
            topMargin=18 * mm,
            bottomMargin=18 * mm,
            title=_("投诉受理回执单 %(number)s") % {"number": complaint.number},
            author=complaint.center.name,
            invariant=1,
            initialFontName=FONT,
        )
        doc.build(_story(complaint))
        return buf.getvalue()
