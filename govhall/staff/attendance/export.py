"""The monthly ledger (考勤台账) as a workbook: the same rows and numbers as the
page, read from the same `selectors.ledger`."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .selectors import Ledger


def columns() -> list[tuple[str, str]]:
    """(Totals field, heading) in the order of the page's table."""
    return [
        ("days_worked", _("出勤天数")),
        ("late_count", _("迟到次数")),
        ("late_minutes", _("迟到分钟")),
        ("early_count", _("早退次数")),
        ("early_minutes", _("早退分钟")),
        ("absences", _("旷工天数")),
        ("missing", _("缺卡次数")),
        ("excused", _("报备免计")),
        ("force_majeure", _("不可抗力")),
        ("leave_days", _("请假培训天数")),
        ("duty_days", _("值班天数（不计考勤）")),
    ]


def ledger_workbook(ledger: Ledger, center_name: str) -> bytes:
    book = Workbook()
    people = book.active
    people.title = _("人员")
    heads = [name for _key, name in columns()]
    title = _("%(center)s %(month)s 考勤台账") % {"center": center_name, "month": ledger.month}
    people.append([title])
    people["A1"].font = Font(bold=True)
    people.append([_("工号"), _("姓名"), _("部门"), *heads])
    for person in ledger.people:
        p = person.profile
        people.append(
            [
                p.user.staff_number,
                p.user.display_name,
                p.department.name if p.department else center_name,
                *[getattr(person.totals, key) for key, _name in columns()],
            ]
        )
    people.append([_("合计"), "", "", *[getattr(ledger.total, k) for k, _n in columns()]])
    depts = book.create_sheet(_("部门"))
    depts.append([title])
    depts["A1"].font = Font(bold=True)
    depts.append([_("部门"), _("人数"), *heads])
    for name, _short, count, totals in ledger.departments:
        depts.append([name, count, *[getattr(totals, k) for k, _n in columns()]])
    for sheet in (people, depts):
        sheet.column_dimensions["A"].width = 14
        sheet.column_dimensions["B"].width = 14
        sheet.column_dimensions["C"].width = 22
    out = BytesIO()
    book.save(out)
    return out.getvalue()
