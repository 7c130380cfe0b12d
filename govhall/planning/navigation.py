"""The planning pages on the workbench (core.navigation)."""

from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

ENTRIES: list = [
    Entry(
        key="planning.day",
        label=_("窗口人员调配"),
        needs=frozenset({"planning.read"}),
        url="planning:day",
        section="planning",
        order=10,
    ),
    Entry(
        key="planning.year",
        label=_("年度人员配置测算"),
        needs=frozenset({"planning.read"}),
        url="planning:year",
        section="planning",
        order=11,
    ),
]
