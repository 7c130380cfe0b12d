"""A report's tables as a workbook: one sheet per table, a header row, number
formats by Column.kind and the total row: the very Table objects the page draws,
so the two cannot differ."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..tables import Table

FORMATS = {
    "int": "0",
    "minutes": "0.0",
    "percent": "0.0%",
    "money": "#,##0.00",
    "date": "yyyy-mm-dd",
}


def kind_of(column, row: dict) -> str:
    # "mixed": a comparison table's row says what its figure is
    return row.get("kind", "int") if column.kind == "mixed" else column.kind


def _sheet_name(title: str, used: set) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", title)[:28] or "Sheet"
    base, n = name, 2
    while name in used:
        name, n = f"{base[:25]}-{n}", n + 1
    used.add(name)
    return name


def workbook(title: str, period_text: str, tables: list[Table]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    used: set = set()
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(_sheet_name(table.title, used))
        sheet.append([f"{title} {table.title}", period_text])
        sheet["A1"].font = bold
        sheet.append([str(c.label) for c in table.columns])
        for cell in sheet[2]:
            cell.font = bold
        rows = list(table.rows) + ([table.total] if table.total else [])
        for row in rows:
            sheet.append([_value(row.get(c.key)) for c in table.columns])
            for cell, column in zip(sheet[sheet.max_row], table.columns, strict=True):
                fmt = FORMATS.get(kind_of(column, row))
                if fmt and cell.value is not None and not isinstance(cell.value, str):
                    cell.number_format = fmt
        if table.total:
            for cell in sheet[sheet.max_row]:
                cell.font = bold
        for i, column in enumerate(table.columns, start=1):
            width = 22 if column.kind == "text" else 13
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _value(value):
    return (
        str(value) if hasattr(value, "__html__") or type(value).__name__ == "__proxy__" else value
    )
