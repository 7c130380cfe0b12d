"""What every official PDF shares (case notices, complaint receipts): a Song
(Ming) TrueType font embedded as a subset, so an archived notice renders the same
in every viewer, years later, with or without Chinese fonts installed; CJK line
breaking that keeps Chinese punctuation off the start of a line; the paragraph
styles; escaping and Chinese dates."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib import textsplit as rl_textsplit
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import Paragraph, Table, TableStyle
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus import tables as rl_tables

log = logging.getLogger(__name__)
EMBEDDED_FONT = "GovHallSong"
# Without the font file (a machine that skipped `make system-deps`), notices fall
# back to the viewer-supplied CID font: readable, but not embedded; the system
# check core.W001 says so at every start.
FALLBACK_FONT = "STSong-Light"


def _register_font() -> str:
    registered = pdfmetrics.getRegisteredFontNames()
    if EMBEDDED_FONT in registered:
        return EMBEDDED_FONT
    path = Path(settings.GOVHALL_PDF_FONT)
    try:
        font = TTFont(EMBEDDED_FONT, str(path), subfontIndex=settings.GOVHALL_PDF_FONT_INDEX)
    except (OSError, TTFError) as exc:
        log.warning("PDF font %s not usable (%s): notices will not embed a font", path, exc)
        if FALLBACK_FONT not in registered:
            pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
        return FALLBACK_FONT
    pdfmetrics.registerFont(font)
    return EMBEDDED_FONT


FONT = _register_font()
# Table cells set their style's font on the canvas even when they hold
# Paragraphs; ReportLab's default (Helvetica) would then appear in the file as an
# unembedded font. Our tables take the notice font by default.
rl_tables.CellStyle.fontname = FONT

# ReportLab's CJK wrapping keeps the characters of ALL_CANNOT_START off the start
# of a line (hung in the margin instead), but its list lacks the full-width
# comma, semicolon, colon, marks and closing quotes of Chinese text (checked
# against reportlab 5.1): a notice would start a line with "，". Added once here.
# Both wrapping paths read it: textsplit.wordSplit (one run of text) and
# paragraph.cjkFragSplit (mixed runs).
_CANNOT_START = "，；：！？》”’"
for _module in (rl_textsplit, rl_paragraph):
    if not set(_CANNOT_START) <= set(_module.ALL_CANNOT_START):
        _module.ALL_CANNOT_START += _CANNOT_START

BODY = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=19, wordWrap="CJK")
INDENT = ParagraphStyle("indent", parent=BODY, firstLineIndent=22)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=10, leading=15)
HEAD = ParagraphStyle("head", parent=BODY, fontSize=10, alignment=TA_CENTER)
TITLE = ParagraphStyle("title", parent=BODY, fontSize=20, leading=30, alignment=TA_CENTER)
ISSUER = ParagraphStyle("issuer", parent=BODY, fontSize=12, alignment=TA_CENTER)
META = ParagraphStyle("meta", parent=BODY, fontSize=10, alignment=TA_RIGHT)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=9, leading=14, textColor=colors.grey)


def esc(text) -> str:
    """Text for a Paragraph: its markup characters escaped, line breaks kept."""
    return (
        str(text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    ).replace("\n", "<br/>")


def date_cn(day: dt.date | dt.datetime | None) -> str:
    """2026年11月23日 (a datetime by its local date); — for none."""
    if day is None:
        return "—"
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date()
    return _("%(y)s年%(m)s月%(d)s日") % {"y": day.year, "m": day.month, "d": day.day}


def key_value_table(rows: list[list[str]], *, key_mm: float = 36, value_mm: float = 130) -> Table:
    """The two-column record of a notice or receipt: a shaded label, its value."""
    table = Table(
        [[Paragraph(esc(k), CELL), Paragraph(esc(v), CELL)] for k, v in rows],
        colWidths=[key_mm * mm, value_mm * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table
