"""The rules documents on the workbench, with how many are missing or due."""

from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors


def _flagged(actor, center) -> int:
    return sum(
        1
        for s in selectors.rule_states(center)
        if s.applies == "√" and s.status in (selectors.MISSING, selectors.DUE)
    )


ENTRIES: list = [
    Entry(
        key="standards.rules",
        label=_("制度文件"),
        needs=frozenset({"standards.read"}),
        url="standards:rules",
        waiting=_flagged,
        section="standards",
        order=30,
    ),
]
