"""The rota's and staff changes' pages for the capability walk
(core/tests/test_capabilities.py)."""

PAGES = {
    "staff:rota": (("staff.read",), True),
    "staff:rota_generate": (("staff.manage",), False),
    "staff:rota_swap": (("staff.manage",), False),
    "staff:rota_set": (("staff.manage",), False),
    "staff:rota_manager_name": (("staff.manage",), False),
    "staff:rota_manager_remove": (("staff.manage",), False),
    "staff:changes": (("staff.read",), True),
    "staff:change_new": (("staff.manage",), True),
    "staff:change_decide": (("staff.manage",), False),
    "staff:tenure": (("staff.read",), True),
}

POSTS_ONLY = {
    "staff:rota_generate",
    "staff:rota_swap",
    "staff:rota_set",
    "staff:rota_manager_name",
    "staff:rota_manager_remove",
    "staff:change_decide",
}
