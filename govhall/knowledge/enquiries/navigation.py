"""The enquiry desk on the workbench: overdue call-backs and unclaimed online
questions wait there."""

from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors

ENTRIES: list = [
    Entry(
        key="knowledge.enquiries",
        label=_("咨询登记（首问负责）"),
        needs=frozenset({"enquiry.take", "enquiry.oversee"}),
        url="knowledge:enquiries",
        waiting=lambda actor, center: selectors.waiting_count(actor, center),
        section="knowledge",
        order=10,
    ),
]
