"""The assist pages on the workbench (core.navigation): the desk with the open
requests waiting, and the team for who manages it."""

from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors

ENTRIES: list = [
    Entry(
        key="assist.desk",
        label=_("帮办代办台"),
        needs=frozenset({"assist.request"}),
        url="assist:desk",
        waiting=selectors.open_count,
        section="assist",
        order=10,
    ),
    Entry(
        key="assist.team",
        label=_("帮办代办服务队"),
        needs=frozenset({"assist.manage"}),
        url="assist:team",
        section="assist",
        order=20,
    ),
]
