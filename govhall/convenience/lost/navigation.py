from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors


def _writeoffs_url(actor, center):
    return reverse("convenience:lost_desk", args=[center.code]) + "?status=writeoff_requested"


ENTRIES: list = [
    Entry(
        key="convenience.lost_desk",
        label=_("遗失物品"),
        needs=frozenset({"lost.register"}),
        url="convenience:lost_desk",
        section="convenience",
        order=20,
    ),
    Entry(
        key="convenience.lost_writeoffs",
        label=_("遗失物品注销审批"),
        needs=frozenset({"lost.manage"}),
        url=_writeoffs_url,
        waiting=lambda actor, center: selectors.writeoffs_waiting(center),
        section="convenience",
        order=21,
    ),
]
