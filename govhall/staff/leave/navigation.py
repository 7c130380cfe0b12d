"""The leave pages on the workbench: what waits for the approver and the centre."""

from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors

ENTRIES: list = [
    Entry(
        key="staff.leave_mine",
        label=_("我的请假"),
        needs=frozenset({"staff.self"}),
        url="staff:leave_mine",
        section="attendance",
        order=40,
    ),
    Entry(
        key="staff.leave_approvals",
        label=_("请假审批"),
        needs=frozenset({"leave.approve"}),
        url="staff:leave_approvals",
        waiting=lambda actor, center: selectors.approvable(actor, center).count(),
        section="attendance",
        order=41,
    ),
    Entry(
        key="staff.leave_filing",
        label=_("请假备案与顶岗"),
        needs=frozenset({"leave.file"}),
        url="staff:leave_filing",
        waiting=lambda actor, center: selectors.awaiting_filing(center).count(),
        section="attendance",
        order=42,
    ),
    Entry(
        key="staff.leave_away",
        label=_("今日请假人员"),
        needs=frozenset({"staff.read"}),
        url="staff:leave_away",
        waiting=lambda actor, center: selectors.away_count(center),
        section="attendance",
        order=43,
    ),
    Entry(
        key="staff.leave_report",
        label=_("请假月报"),
        needs=frozenset({"staff.read"}),
        url="staff:leave_report",
        section="attendance",
        order=44,
    ),
    Entry(
        key="staff.lead_absence",
        label=_("首席代表离岗报备"),
        needs=frozenset({"leave.approve"}),
        url="staff:lead_absence",
        section="attendance",
        order=45,
    ),
]
