"""Rectification tasks on the workbench: the centre's open ones, and one's own."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors


def _mine_url(actor, center):
    """Only for those who own an open task and cannot read all of them."""
    if actor.can(center, "standards.read") or not selectors.mine_count(actor, center):
        return None
    return reverse("standards:tasks_mine", args=[center.code])


ENTRIES: list = [
    Entry(
        key="standards.tasks",
        label=_("整改任务"),
        needs=frozenset({"standards.read"}),
        url="standards:tasks",
        waiting=lambda actor, center: selectors.unfinished_count(center),
        section="standards",
        order=20,
    ),
    Entry(
        key="standards.tasks_mine",
        label=_("我的整改任务"),
        # As the page: the district reads it too (its link is the full list's).
        needs=frozenset({"staff.self", "standards.read"}),
        url=_mine_url,
        waiting=lambda actor, center: selectors.mine_count(actor, center),
        section="standards",
        order=21,
    ),
]
