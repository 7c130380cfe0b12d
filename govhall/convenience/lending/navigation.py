from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors

ENTRIES: list = [
    Entry(
        key="convenience.lending",
        label=_("便民借用"),
        needs=frozenset({"lending.record"}),
        url="convenience:lending",
        waiting=lambda actor, center: selectors.open_loans(center).count(),
        section="convenience",
        order=30,
    ),
]
