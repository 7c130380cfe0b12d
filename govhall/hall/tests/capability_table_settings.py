"""The windows settings pages (test_capabilities.py merges this)."""

READ = ("hall.manage", "report.read")

PAGES = {
    "windows:list": (READ, True),
    "windows:edit": (READ, True),  # the world's window 1
    "windows:deactivate": (("hall.manage",), True),
    "windows:activate": (("hall.manage",), True),
}
POSTS_ONLY = {"windows:deactivate", "windows:activate"}
