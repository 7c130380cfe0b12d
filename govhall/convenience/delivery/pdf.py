"""The day's manifest as a PDF for the postal partner (第二十三条): each parcel
with its number as a QR code the courier scans, the recipient masked."""

from __future__ import annotations

import io

import segno
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF  # noqa: F401  (registers the drawing renderer)
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from govhall.core.pdf import BODY, CELL, HEAD, META, SMALL, TITLE, date_cn, esc

from .models import Manifest
from .selectors import manifest_parcels, mask_name


def _qr(text: str, size_mm: float = 16) -> Drawing:
    """A QR code drawn as vector squares (no image files, sharp at any zoom)."""
    code = segno.make(text, error="m")
    matrix = [list(row) for row in code.matrix_iter(border=2)]
    n = len(matrix)
    cell = size_mm * mm / n
    drawing = Drawing(size_mm * mm, size_mm * mm)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                drawing.add(
                    Rect(
                        x * cell,
                        (n - 1 - y) * cell,
                        cell,
                        cell,
                        fillColor=colors.black,
                        strokeWidth=0,
                    )
                )
    return drawing


def render(manifest: Manifest) -> bytes:
    center = manifest.center
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=_("免费快递寄送清单"),
    )
    parcels = manifest_parcels(manifest)
    story = [
        Paragraph(esc(_("免费快递寄送清单")), TITLE),
        Paragraph(esc(center.name), HEAD),
        Spacer(1, 4 * mm),
        Paragraph(
            esc(
                _("清单编号：%(number)s　揽收日期：%(day)s　件数：%(count)s")
                % {"number": manifest.number, "day": date_cn(manifest.day), "count": len(parcels)}
            ),
            BODY,
        ),
        Paragraph(
            esc(
                _("状态：%(status)s　发送：%(sent)s %(by)s")
                % {
                    "status": manifest.get_status_display(),
                    "sent": timezone.localtime(manifest.sent_at).strftime("%Y-%m-%d %H:%M")
                    if manifest.sent_at
                    else "—",
                    "by": manifest.sent_by.display_name if manifest.sent_by else "",
                }
            ),
            BODY,
        ),
        Spacer(1, 3 * mm),
    ]
    head = [
        _("序号"),
        _("寄件编号（扫码）"),
        _("办件编号"),
        _("收件人"),
        _("寄达地"),
        _("邮件号"),
        _("状态"),
    ]
    data = [[Paragraph(esc(h), HEAD) for h in head]]
    for i, p in enumerate(parcels, 1):
        data.append(
            [
                Paragraph(str(i), CELL),
                [_qr(p.number), Paragraph(esc(p.number), CELL)],
                Paragraph(esc(p.case_number), CELL),
                Paragraph(esc(mask_name(p.recipient_name)), CELL),
                Paragraph(esc(f"{p.city} {p.district}"), CELL),
                Paragraph(esc(p.tracking_number or ""), CELL),
                Paragraph(esc(p.get_status_display()), CELL),
            ]
        )
    if not parcels:
        data.append([Paragraph(esc(_("清单中没有寄件")), CELL)] + [""] * 6)
    table = Table(
        data,
        colWidths=[10 * mm, 44 * mm, 36 * mm, 18 * mm, 28 * mm, 26 * mm, 20 * mm],
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
    story += [
        table,
        Spacer(1, 8 * mm),
        Paragraph(
            esc(_("交接签字：发证综合窗口＿＿＿＿＿＿　邮政揽收员＿＿＿＿＿＿　时间＿＿＿＿＿＿")),
            BODY,
        ),
        Spacer(1, 3 * mm),
        Paragraph(
            esc(
                _(
                    "收件人信息已脱敏；完整收件信息见随件邮寄面单。寄送过程中出现的问题按照职责分工予以问责。"
                )
            ),
            SMALL,
        ),
        Paragraph(
            esc(_("打印时间：%(at)s") % {"at": timezone.localtime().strftime("%Y-%m-%d %H:%M")}),
            META,
        ),
    ]
    doc.build(story)
    return buffer.getvalue()
