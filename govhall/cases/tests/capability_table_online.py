"""The 不见面审批 pages (online_views.py) for the capability walk."""

PUBLIC = ("public",)
INTAKE = ("case.intake",)

PAGES = {
    "cases:online_items": PUBLIC,
    "cases:online_apply": PUBLIC,
    "cases:online_supplement": PUBLIC,
    "cases:online_precheck": (INTAKE, True),
    # The walk's case came in at a window: not an online application, a 404.
    "cases:online_case": (INTAKE, False),
    "cases:online_file": (INTAKE, False),
}
