"""Attendance's pages and API for the capability walk (core/tests/test_capabilities.py)."""

PAGES = {
    "staff:attendance_clock": (("staff.self",), True),
    "staff:attendance_mine": (("staff.self",), True),
    "staff:attendance_today": (("staff.read",), True),
    "staff:attendance_ledger": (("staff.read",), True),
    "staff:attendance_ledger_xlsx": (("staff.read",), True),
    # The walk's staff number is nobody's: 404 for those allowed.
    "staff:attendance_person": (("staff.read",), False),
    "staff:attendance_excuses": (("attendance.excuse",), True),
    "staff:attendance_manage": (("attendance.manage",), True),
}
POSTS_ONLY: set[str] = set()
PUBLIC_API: set[str] = set()
