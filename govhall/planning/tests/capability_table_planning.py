"""The planning pages for the capability walk (core/tests/test_capabilities.py)."""

PAGES = {
    "planning:day": (("planning.read",), True),
    "planning:year": (("planning.read",), True),
}
POSTS_ONLY: set = set()
