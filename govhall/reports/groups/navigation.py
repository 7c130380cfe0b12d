"""The special-groups month on the workbench (core.navigation)."""

from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

ENTRIES: list = [
    Entry(
        key="groups.special",
        label=_("特殊群体服务月报"),
        needs=frozenset({"report.read"}),
        url="reports:groups_special",
        section="reports",
        order=40,
    ),
]
