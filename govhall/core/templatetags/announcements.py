"""`{% load announcements %}{% announcements center "kiosk" %}`: the centre's
current announcements (000 第八条) in large type, on the display board, the
kiosk and the guide pages alike (one template, each screen's own style)."""

from django import template

from govhall.core.selectors import announcements_current, announcements_next_change

register = template.Library()


def notices_context(center, screen: str, url: str = "", poll: bool = False) -> dict:
    """`url` is where a screen re-reads the panel (the board on its event and at
    the next start or end; the kiosk every minute when `poll`)."""
    return {
        "notices": announcements_current(center, screen),
        "next": announcements_next_change(center, screen),
        "screen": screen,
        "url": url,
        "poll": poll,
    }


@register.inclusion_tag("core/_announcements.html")
def announcements(center, screen: str, url: str = "", poll: bool = False) -> dict:
    return notices_context(center, screen, url, poll)
