"""The queues and calling-profile settings pages (test_capabilities.py merges this)."""

READ = ("hall.manage", "report.read")

PAGES = {
    "queues:list": (READ, True),
    "queues:edit": (READ,),  # the walk's queue id does not exist: 404 for the allowed
    "queues:deactivate": (("hall.manage",),),
    "queues:activate": (("hall.manage",),),
    "queues:profile": (READ, True),  # the world's window 1
}
POSTS_ONLY = {"queues:deactivate", "queues:activate"}
