"""The centre's settings pages of core (test_capabilities.py merges this):
the centre admin changes, the district supervisor reads."""

READ = ("hall.manage", "report.read")

PAGES = {
    "settings:hub": (READ, True),
    "settings:hours": (READ, True),
    "settings:rules": (READ, True),
    "settings:announcements": (READ, True),
    "settings:announcement": (READ,),  # the walk's id does not exist: 404 for the allowed
    "settings:announcement_end": (("hall.manage",),),
    "settings:announcement_withdraw": (("hall.manage",),),
}
POSTS_ONLY = {"settings:announcement_end", "settings:announcement_withdraw"}
