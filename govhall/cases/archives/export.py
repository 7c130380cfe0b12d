"""The register as CSV or a workbook: the page's rows, the applicant masked."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .selectors import columns


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    # A spreadsheet would run a cell starting with these as a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def register_csv(rows: list[dict]) -> bytes:
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow([label for _key, label in columns()])
    for r in rows:
        out.writerow([_cell(r[key]) for key, _label in columns()])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel reads it as UTF-8


def register_xlsx(rows: list[dict], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("归档登记簿")
    sheet.append([title])
    sheet["A1"].font = Font(bold=True)
    sheet.append([label for _key, label in columns()])
    for r in rows:
        sheet.append([_cell(r[key]) for key, _label in columns()])
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 40
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
