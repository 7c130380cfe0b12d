"""The convenience desk's pages and routes (printing, lost property, lending) for
the capability walk (core/tests/test_capabilities.py)."""

PUBLIC_API = {"GET /centers/{center}/lost-items"}
PAGES = {
    "convenience:print_room": (("print.log",), True),
    "convenience:print_job": (("print.log",), False),
    "convenience:print_computer_start": (("print.log",), False),
    "convenience:print_computer_end": (("print.log",), False),
    "convenience:print_left_behind": (("print.log",), False),
    "convenience:lost_desk": (("lost.register", "lost.manage"), True),
    "convenience:lost_writeoffs": (("lost.manage",), True),
    "convenience:lost_register": (("lost.register",), False),
    "convenience:lost_public": ("public",),
    "convenience:lost_detail": (("lost.register", "lost.manage"), False),
    "convenience:lost_store": (("lost.register",), False),
    "convenience:lost_claim": (("lost.register",), False),
    "convenience:lost_writeoff": (("lost.register",), False),
    "convenience:lost_decide": (("lost.manage",), False),
    "convenience:lost_reveal": (("lost.register",), False),
    "convenience:lost_photo": (("lost.register", "lost.manage"), False),
    "convenience:lost_signature": (("lost.register", "lost.manage"), False),
    "convenience:lending": (("lending.record",), True),
    "convenience:lending_lend": (("lending.record",), False),
    "convenience:lending_return": (("lending.record",), False),
    "convenience:lending_item_add": (("lending.record",), False),
}
POSTS_ONLY = {
    "convenience:print_job",
    "convenience:print_computer_start",
    "convenience:print_computer_end",
    "convenience:print_left_behind",
    "convenience:lost_register",
    "convenience:lost_store",
    "convenience:lost_claim",
    "convenience:lost_writeoff",
    "convenience:lost_decide",
    "convenience:lost_reveal",
    "convenience:lending_lend",
    "convenience:lending_return",
    "convenience:lending_item_add",
}
