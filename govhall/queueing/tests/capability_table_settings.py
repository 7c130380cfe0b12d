"""The queues and calling-profile settings pages (test_capabilities.py merges this)."""

READ = ("hall.manage", "report.read")

PAGES = {
    "queues:list": (READ, True),
    "queues:edit": (READ,),  # the walk's queue id does not exist: 404 for the allowed
    "queues:deactivate": (("hall.manage",),),
    "queues:activate": (("hall.manage",),),
    "queues:profile": (READ, True),  # the world's window 1
    "queues:quotas": (READ, True),
    "queues:item_quota_add": (("hall.manage",),),  # empty POST: 422 for the allowed
    "queues:quota_clear": (("hall.manage",),),  # the walk's id does not exist: 404
}
POSTS_ONLY = {
    "queues:deactivate",
    "queues:activate",
    "queues:item_quota_add",
    "queues:quota_clear",
}
