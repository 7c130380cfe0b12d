"""The profiles' pages for the capability walk (core/tests/test_capabilities.py)."""

PAGES = {
    "staff:profiles": (("staff.read",), True),
    "staff:profile_new": (("staff.manage",), True),
    "staff:profile_me": (("staff.self",), True),
    "staff:certificates_due": (("staff.manage",), True),
    # One's own profile with staff.self, anyone's (a lead: their department's) with staff.read.
    "staff:profile": (("staff.read", "staff.self"), False),
    "staff:profile_edit": (("staff.manage",), False),
    "staff:profile_end": (("staff.manage",), False),
    "staff:photo_upload": (("staff.manage",), False),
    # The photo goes to the staff pages and the window service board only.
    "staff:photo": (("staff.read", "board.read", "staff.self"), False),
    "staff:certificate_add": (("staff.manage",), False),
    "staff:certificate_remove": (("staff.manage",), False),
    "staff:posts": (("staff.manage",), True),
    "staff:post_assign": (("staff.manage",), False),
    "staff:service_board": (("staff.read",), True),
    "staff:service_board_window": (("staff.read",), True),
    "staff:service_screen": (("board.read",), True),
}
POSTS_ONLY = {
    "staff:profile_end",
    "staff:photo_upload",
    "staff:certificate_add",
    "staff:certificate_remove",
    "staff:post_assign",
}
