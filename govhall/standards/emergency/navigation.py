"""The emergency plans on the workbench: how many of the seven are missing or due for review."""

from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors

ENTRIES: list = [
    Entry(
        key="standards.emergency",
        label=_("应急预案与演练"),
        needs=frozenset({"standards.read", "standards.manage", "inspection.do"}),
        url="standards:emergency",
        waiting=lambda actor, center: selectors.waiting(center),
        section="standards",
        order=45,
    ),
]
