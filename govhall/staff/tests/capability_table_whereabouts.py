"""The whereabouts routes for govhall/core/tests/test_capabilities.py."""

PUBLIC = "public"

PUBLIC_API = {"GET /centers/{center}/whereabouts"}

PAGES = {
    "staff:whereabouts_board": (PUBLIC,),
    "staff:whereabouts": (("staff.read",), True),
    "staff:whereabouts_away_for": (("staff.manage",), False),
    "staff:whereabouts_back_for": (("staff.manage",), False),
    "staff:whereabouts_me": (("staff.self",), True),
    "staff:whereabouts_me_away": (("staff.self",), False),
    "staff:whereabouts_me_back": (("staff.self",), False),
}

POSTS_ONLY = {
    "staff:whereabouts_away_for",
    "staff:whereabouts_back_for",
    "staff:whereabouts_me_away",
    "staff:whereabouts_me_back",
}
