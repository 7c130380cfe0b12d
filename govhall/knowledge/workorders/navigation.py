"""12345 work orders on the workbench: the open ones wait there."""

from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors

ENTRIES: list = [
    Entry(
        key="knowledge.workorders",
        label=_("12345 工单"),
        needs=frozenset({"workorder.handle"}),
        url="knowledge:workorders",
        waiting=lambda actor, center: selectors.waiting_count(actor, center),
        section="knowledge",
        order=20,
    ),
]
