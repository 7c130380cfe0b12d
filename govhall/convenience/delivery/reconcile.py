"""Month-end reconciliation (000 第二十四条): the postal partner's statement of
the month's counts and amounts, uploaded as xlsx or CSV, against our parcels.

The file is untrusted: its type is checked by its first bytes as well as its
name, its size and row count are bounded, every cell is read as text and
parsed here; a line we cannot read is an error naming its row, never a 500.
Lines are matched by tracking number (邮件号), else by our parcel number
(寄件编号); every difference is listed: a parcel missing on either side, a
count other than one, an amount other than the fee, a duplicate line, a total
row that disagrees with the lines."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.errors import ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.models import Center

from . import selectors
from .models import Reconciliation

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
HEADERS = {
    "tracking": ("邮件号", "运单号", "邮件号码", "tracking_number"),
    "parcel": ("寄件编号", "内件编号", "客户单号", "parcel_number"),
    "count": ("件数", "数量", "count"),
    "amount": ("金额", "金额（元）", "金额(元)", "资费", "amount"),
}
TOTAL_MARKS = ("合计", "总计", "total")


class Line(dict):
    """{row, tracking, parcel, count, amount_fen}"""


def _bad(message, row: int | None = None) -> ValidationFailed:
    text = _t("第%(row)s行：") % {"row": row} + str(message) if row else str(message)
    return ValidationFailed(text, code="statement_invalid", fields={"file": text})


def _rows_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            # A zip bomb shows itself in the sizes it declares.
            if sum(i.file_size for i in archive.infolist()) > 20 * MAX_BYTES:
                raise _bad(_("对账单文件过大"))
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except ValidationFailed:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise _bad(_("无法读取该 xlsx 文件，请上传邮政导出的原始对账单")) from exc
    sheet = book.worksheets[0]
    rows = []
    for values in sheet.iter_rows(values_only=True):
        rows.append(["" if v is None else str(v).strip() for v in values[:20]])
        if len(rows) > MAX_ROWS + 10:
            raise _bad(_("对账单行数过多"))
    book.close()
    return rows


def _rows_csv(content: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _bad(_("无法识别 CSV 文件的编码"))
    if "\x00" in text:
        raise _bad(_("CSV 文件内容无效"))
    rows = []
    try:
        for values in csv.reader(io.StringIO(text)):
            rows.append([v.strip() for v in values[:20]])
            if len(rows) > MAX_ROWS + 10:
                raise _bad(_("对账单行数过多"))
    except csv.Error as exc:
        raise _bad(_("CSV 文件格式有误")) from exc
    return rows


def read_rows(filename: str, content: bytes) -> list[list[str]]:
    if not isinstance(content, bytes | bytearray) or not content:
        raise _bad(_("请选择对账单文件"))
    if len(content) > MAX_BYTES:
        raise _bad(_("对账单文件不能超过 2 MB"))
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        if not content.startswith(b"PK\x03\x04"):
            raise _bad(_("文件内容不是 xlsx 工作簿"))
        return _rows_xlsx(bytes(content))
    if name.endswith(".csv"):
        if content.startswith(b"PK\x03\x04"):
            raise _bad(_("文件内容不是 CSV 文本"))
        return _rows_csv(bytes(content))
    raise _bad(_("只接受 xlsx 或 CSV 格式的对账单"))


def _fen(text: str, row: int) -> int:
    try:
        value = Decimal(text.replace(",", "").replace("¥", "").replace("元", "").strip())
    except InvalidOperation as exc:
        raise _bad(_("金额“%(v)s”无效") % {"v": text[:20]}, row) from exc
    if not value.is_finite() or value < 0 or value > 1_000_000:
        raise _bad(_("金额“%(v)s”无效") % {"v": text[:20]}, row)
    return int((value * 100).quantize(Decimal("1")))


def _count(text: str, row: int) -> int:
    text = text.strip() or "1"
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise _bad(_("件数“%(v)s”无效") % {"v": text[:20]}, row) from exc
    if not value.is_finite() or value != value.to_integral_value() or not 0 <= value <= 100000:
        raise _bad(_("件数“%(v)s”无效") % {"v": text[:20]}, row)
    return int(value)


def parse_statement(rows: list[list[str]]) -> tuple[list[Line], dict | None]:
    """The statement's lines and its total row (None when it has none)."""
    header_at, columns = None, {}
    for i, values in enumerate(rows[:10]):
        cells = [v.strip().lower() for v in values]
        found = {
            key: cells.index(name.lower())
            for key, names in HEADERS.items()
            for name in names
            if name.lower() in cells
        }
        if "tracking" in found and "amount" in found:
            header_at, columns = i, found
            break
    if header_at is None:
        raise _bad(_("对账单缺少“邮件号”和“金额”列"))
    lines, total = [], None

    def cell(values, key):
        j = columns.get(key)
        return values[j].strip() if j is not None and j < len(values) else ""

    for i, values in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not any(v.strip() for v in values):
            continue
        first = next(v for v in values if v.strip()).strip().lower()
        if first.startswith(TOTAL_MARKS):
            total = {
                "row": i,
                "count": _count(cell(values, "count"), i) if "count" in columns else None,
                "amount_fen": _fen(cell(values, "amount"), i),
            }
            continue
        tracking = cell(values, "tracking").upper()
        if not tracking or len(tracking) > 30 or not tracking.isalnum():
            raise _bad(_("邮件号“%(v)s”无效") % {"v": tracking[:30]}, i)
        lines.append(
            Line(
                row=i,
                tracking=tracking,
                parcel=cell(values, "parcel").upper()[:40],
                count=_count(cell(values, "count"), i),
                amount_fen=_fen(cell(values, "amount"), i),
            )
        )
        if len(lines) > MAX_ROWS:
            raise _bad(_("对账单行数过多"))
    return lines, total


def compare(center: Center, month: dt.date, lines: list[Line], total: dict | None) -> dict:
    """Our records against the statement: the figures and every difference."""
    ours = list(selectors.taken_in_month(center, month))
    by_tracking = {p.tracking_number: p for p in ours if p.tracking_number}
    by_number = {p.number: p for p in ours}
    elsewhere = {
        p.tracking_number: p
        for p in center.parcels.filter(tracking_number__in=[ln["tracking"] for ln in lines])
    }
    differences, seen, matched = [], {}, 0

    def diff(kind, parcel=None, line=None, ours_value="", theirs_value=""):
        differences.append(
            {
                "kind": kind,
                "parcel": parcel.number if parcel else (line or {}).get("parcel", ""),
                "tracking_number": (line or {}).get("tracking")
                or (parcel.tracking_number if parcel else ""),
                "row": (line or {}).get("row"),
                "ours": str(ours_value),
                "theirs": str(theirs_value),
            }
        )

    for line in lines:
        if line["tracking"] in seen:
            diff("duplicate", seen[line["tracking"]], line, "", line["row"])
            continue
        parcel = by_tracking.get(line["tracking"])
        if parcel is None and line["parcel"] in by_number:
            parcel = by_number[line["parcel"]]
            if parcel.pk in {p.pk for p in seen.values() if p}:
                parcel = None
            elif parcel is not None:
                diff("tracking_mismatch", parcel, line, parcel.tracking_number, line["tracking"])
        seen[line["tracking"]] = parcel
        if parcel is None:
            other = elsewhere.get(line["tracking"])
            if other is not None:
                diff("other_month", other, line, _month_of(other), month.strftime("%Y-%m"))
            else:
                diff("missing_ours", None, line, "", line["amount_fen"])
            continue
        ok = True
        if line["count"] != 1:
            diff("count_mismatch", parcel, line, 1, line["count"])
            ok = False
        if line["amount_fen"] != parcel.fee_fen:
            diff("amount_mismatch", parcel, line, parcel.fee_fen, line["amount_fen"])
            ok = False
        matched += ok
    billed = {p.pk for p in seen.values() if p}
    for parcel in ours:
        if parcel.pk not in billed:
            diff("missing_theirs", parcel, None, parcel.fee_fen, "")
    their_count = sum(ln["count"] for ln in lines)
    their_amount = sum(ln["amount_fen"] for ln in lines)
    if total is not None:
        if total["count"] is not None and total["count"] != their_count:
            diff("total_mismatch", None, {"row": total["row"]}, their_count, total["count"])
        if total["amount_fen"] != their_amount:
            diff("total_mismatch", None, {"row": total["row"]}, their_amount, total["amount_fen"])
    return {
        "our_count": len(ours),
        "our_amount_fen": sum(p.fee_fen for p in ours),
        "their_count": their_count,
        "their_amount_fen": their_amount,
        "matched": matched,
        "differences": differences,
    }


def _month_of(parcel) -> str:
    return timezone.localtime(parcel.picked_up_at).strftime("%Y-%m") if parcel.picked_up_at else ""


def parse_month(value) -> dt.date:
    if isinstance(value, dt.date):
        return value.replace(day=1)
    try:
        year, month = (int(x) for x in str(value or "").split("-"))
        return dt.date(year, month, 1)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(_("请选择对账月份"), fields={"month": _("格式为 YYYY-MM")}) from exc


@transaction.atomic
def reconciliation_upload(
    *,
    actor: Actor,
    center: Center,
    month,
    filename: str,
    content: bytes,
    now: dt.datetime | None = None,
) -> Reconciliation:
    actor.require(center, "delivery.manage")
    now = now or timezone.now()
    month = parse_month(month)
    if month > timezone.localdate(now).replace(day=1):
        raise ValidationFailed(_("不能对尚未开始的月份对账"), fields={"month": _("不能晚于本月")})
    filename = str(filename or "")[-120:]
    lines, total = parse_statement(read_rows(filename, content))
    figures = compare(center, month, lines, total)
    record = Reconciliation.objects.create(
        center=center,
        month=month,
        filename=filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1],
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_at=now,
        uploaded_by=actor.user,
        **figures,
    )
    emit(
        "delivery.reconciled",
        center=center,
        aggregate=record,
        payload={
            "month": month.strftime("%Y-%m"),
            "matched": record.matched,
            "differences": len(record.differences),
        },
    )
    audit("delivery.reconciled", actor=actor, center=center, obj=record)
    return record


KIND_LABELS = {
    "missing_ours": _("对账单有、我方无此寄件"),
    "missing_theirs": _("我方已交寄、对账单未列"),
    "count_mismatch": _("件数不符"),
    "amount_mismatch": _("金额不符"),
    "duplicate": _("对账单重复列出"),
    "tracking_mismatch": _("邮件号不符"),
    "other_month": _("不属于本月交寄"),
    "total_mismatch": _("合计与明细不符"),
}
