from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors

ENTRIES: list = [
    Entry(
        key="convenience.lost_desk",
        label=_("遗失物品"),
        needs=frozenset({"lost.register", "lost.manage"}),
        url="convenience:lost_desk",
        section="convenience",
        order=20,
    ),
    Entry(
        key="convenience.lost_writeoffs",
        label=_("遗失物品注销审批"),
        needs=frozenset({"lost.manage"}),
        url="convenience:lost_writeoffs",
        waiting=lambda actor, center: selectors.writeoffs_waiting(center),
        section="convenience",
        order=21,
    ),
]
