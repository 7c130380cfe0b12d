"""The exchange page on the workbench (section settings): how many failed."""

from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors

ENTRIES: list = [
    Entry(
        key="reports.exchange",
        label=_("对外数据交换"),
        needs=frozenset({"exchange.manage"}),
        url="reports:exchange",
        waiting=lambda actor, center: selectors.failed_count(center),
        section="settings",
        order=60,
    ),
]
