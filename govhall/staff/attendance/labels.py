"""The words shown for a day's and a punch's status."""

from django.utils.translation import gettext_lazy as _

from .rules import DayStatus

STATUS_LABELS = {
    DayStatus.DUTY: _("值班（不计考勤）"),
    DayStatus.REST: _("休息"),
    DayStatus.LEAVE: _("请假/培训"),
    DayStatus.ABSENT: _("旷工"),
    DayStatus.PENDING: _("未到岗"),
    DayStatus.AT_WORK: _("在岗"),
    DayStatus.FORCE_MAJEURE: _("不可抗力（不计）"),
    DayStatus.EXCUSED: _("已报备（不计）"),
    DayStatus.LATE: _("迟到"),
    DayStatus.EARLY: _("早退"),
    DayStatus.MISSING: _("缺卡"),
    DayStatus.ON_TIME: _("正常"),
    "repeat": _("重复打卡"),
}


def day_rows(person) -> list[dict]:
    """A person's days for a table: date, times, minutes and the status's word."""
    if person is None:
        return []
    return [
        {
            "day": day,
            "result": r,
            "status": r.status,
            "label": STATUS_LABELS.get(r.status, r.status),
        }
        for day, r in person.days
    ]
