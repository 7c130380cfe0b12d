"""The whereabouts pages in the workplace (core.navigation)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors


def _away_now(actor, center) -> int:
    """1 while one is away: coming back waits for them."""
    return int(actor.user is not None and selectors.open_away(center, actor.user) is not None)


ENTRIES: list = [
    Entry(
        key="staff.whereabouts.me",
        label=_("我的去向（暂离/返岗）"),
        needs=frozenset({"staff.self"}),
        url="staff:whereabouts_me",
        waiting=_away_now,
        section="staff",
        order=10,
    ),
    Entry(
        key="staff.whereabouts",
        label=_("工作人员去向"),
        needs=frozenset({"staff.read"}),
        url="staff:whereabouts",
        # Windows an away left with nobody: the duty manager arranges cover.
        waiting=lambda actor, center: selectors.uncovered_open(center).count(),
        section="staff",
        order=20,
    ),
]
