"""The rounds on the workbench: the rounds waiting for this user to walk."""

from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors

ENTRIES: list = [
    Entry(
        key="standards.rounds",
        label=_("巡查安排与记录"),
        needs=frozenset({"inspection.do", "standards.read"}),
        url="standards:rounds",
        waiting=lambda actor, center: selectors.waiting(actor, center),
        section="standards",
        order=50,
    ),
]
