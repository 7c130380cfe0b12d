"""The assist pages for the capability walk (core/tests/test_capabilities.py)."""

PAGES = {
    "assist:desk": (("assist.request",), True),
    "assist:team": (("assist.manage",), True),
    "assist:kiosk": (("assist.request",), True),
    "assist:request": (("assist.request", "assist.manage"), False),
    "assist:act": (("assist.request", "assist.manage"), False),
    "assist:paper": (("assist.work",), False),
    "assist:case_document": (("assist.work",), False),
}
POSTS_ONLY = {"assist:act"}
