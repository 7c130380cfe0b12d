"""The centre's settings pages of core (test_capabilities.py merges this):
the centre admin changes, the district supervisor reads."""

READ = ("hall.manage", "report.read")

PAGES = {
    "settings:hub": (READ, True),
    "settings:hours": (READ, True),
    "settings:rules": (READ, True),
}
