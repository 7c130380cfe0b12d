"""The supervision pages for the capability walk (core/tests/test_capabilities.py)."""

HANDLE = ("supervision.handle",)

PAGES = {
    "reports:supervision": (("report.read",), True),
    "reports:supervision_mine": (("staff.self",), True),
    "reports:supervision_run": (HANDLE, False),
    "reports:supervision_finding": (("report.read", "staff.self"), False),
    "reports:supervision_close": (("supervision.handle", "staff.self"), False),
    "reports:supervision_verify": (HANDLE, False),
    "reports:supervision_reassign": (HANDLE, False),
    "reports:supervision_district": (("report.district",), True),
}
POSTS_ONLY = {
    "reports:supervision_run",
    "reports:supervision_close",
    "reports:supervision_verify",
    "reports:supervision_reassign",
}
