from .. import presence
from . import selectors


def connect() -> None:
    """Who is at work: an "in" today without a later "out" (the A/B posts'
    serving rule and the whereabouts board read it through staff.presence)."""
    presence.register_present_source(selectors.present_users)
