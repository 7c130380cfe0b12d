"""The 一件事 and 转办 pages for the capability walk."""

READ = ("case.read", "case.read.department", "case.read.window")

PAGES = {
    "cases:bundles": (("catalog.manage",), True),
    "cases:bundle_edit": (("catalog.manage",), False),
    "cases:bundle_intake": (("case.intake",), True),
    "cases:bundle": (READ, False),
    "cases:bundle_notice": (READ, False),
    "cases:bundle_deliver": (("case.intake",), False),
    "cases:bundle_supplement": (("case.intake",), False),
    "cases:transfer": (("case.review", "case.oversee"), False),
}
POSTS_ONLY = {"cases:bundle_deliver", "cases:bundle_supplement", "cases:transfer"}
