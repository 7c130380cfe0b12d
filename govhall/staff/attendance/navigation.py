"""Attendance pages in the workplace's navigation (core.navigation)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors


def _not_punched_in(actor, center) -> int:
    """1 on the workbench while one's own 签到 of a working day is still due."""
    if not actor.is_staff_user:
        return 0
    now = timezone.now()
    if actor.user.pk in selectors.present_users(center, [actor.user.pk], now):
        return 0
    return int(selectors.clock_due(center, actor.user, now))


ENTRIES: list = [
    Entry(
        key="staff.attendance.clock",
        label=_("签到/签退"),
        needs=frozenset({"staff.self"}),
        url="staff:attendance_clock",
        waiting=_not_punched_in,
        section="attendance",
        order=10,
    ),
    Entry(
        key="staff.attendance.mine",
        label=_("我的考勤"),
        needs=frozenset({"staff.self"}),
        url="staff:attendance_mine",
        section="attendance",
        order=11,
    ),
    Entry(
        key="staff.attendance.today",
        label=_("今日到岗"),
        needs=frozenset({"staff.read"}),
        url="staff:attendance_today",
        section="attendance",
        order=12,
    ),
    Entry(
        key="staff.attendance.ledger",
        label=_("考勤台账"),
        needs=frozenset({"staff.read"}),
        url="staff:attendance_ledger",
        section="attendance",
        order=13,
    ),
    Entry(
        key="staff.attendance.excuses",
        label=_("考勤报备登记"),
        needs=frozenset({"attendance.excuse"}),
        url="staff:attendance_excuses",
        section="attendance",
        order=14,
    ),
    Entry(
        key="staff.attendance.manage",
        label=_("考勤设备故障与补录"),
        needs=frozenset({"attendance.manage"}),
        url="staff:attendance_manage",
        section="attendance",
        order=15,
    ),
]
