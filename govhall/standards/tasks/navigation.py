"""Rectification tasks on the workbench: the centre's open ones, and one's own."""

from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors

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
]
