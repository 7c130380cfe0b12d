"""Online human service on the workbench: the questions waiting in the queue."""

from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors

ENTRIES: list = [
    Entry(
        key="knowledge.chat",
        label=_("网上人工咨询"),
        needs=frozenset({"chat.answer"}),
        url="knowledge:chat_desk",
        waiting=lambda actor, center: selectors.waiting_count(actor, center),
        section="knowledge",
        order=15,
    ),
]
