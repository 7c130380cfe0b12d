from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

ENTRIES: list = [
    Entry(
        key="convenience.print_room",
        label=_("免费文印"),
        needs=frozenset({"print.log"}),
        url="convenience:print_room",
        section="convenience",
        order=10,
    ),
]
