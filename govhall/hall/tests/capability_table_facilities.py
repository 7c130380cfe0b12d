"""The facility inventory settings pages (test_capabilities.py merges this)."""

READ = ("hall.manage", "standards.read", "report.read")

PAGES = {
    "windows:facilities": (READ, True),
    "windows:hall_profile": (("hall.manage",), True),
    "windows:zone_add": (("hall.manage",), True),
    "windows:facility_remove": (("hall.manage",), False),
}
POSTS_ONLY = {"windows:hall_profile", "windows:zone_add", "windows:facility_remove"}
