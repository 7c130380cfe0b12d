"""The leave pages for the capability walk (core/tests/test_capabilities.py)."""

PAGES = {
    "staff:leave_mine": (("staff.self",), True),
    "staff:leave_cancel": (("staff.self", "leave.file"), False),
    "staff:leave_return": (("staff.self", "leave.file"), False),
    "staff:leave_approvals": (("leave.approve",), True),
    "staff:leave_decide": (("leave.approve",), False),
    "staff:leave_filing": (("leave.file",), True),
    "staff:leave_file": (("leave.file",), False),
    "staff:leave_away": (("staff.read",), True),
    "staff:leave_report": (("staff.read",), True),
    "staff:leave_report_xlsx": (("staff.read",), True),
    "staff:lead_absence": (("leave.approve",), True),
    "staff:lead_absence_cancel": (("leave.approve",), False),
}
POSTS_ONLY = {
    "staff:leave_cancel",
    "staff:leave_return",
    "staff:leave_decide",
    "staff:leave_file",
    "staff:lead_absence_cancel",
}
