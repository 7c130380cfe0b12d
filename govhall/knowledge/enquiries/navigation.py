"""The enquiry desk on the workbench: overdue call-backs and unclaimed online
questions wait there."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors


def overdue_note(actor, center) -> str | None:
    """ "回电超时 N 条" under the entry (red on the workbench) when any is late."""
    late = selectors.overdue(actor, center).count()
    return gettext("回电超时 %(n)s 条") % {"n": late} if late else None


ENTRIES: list = [
    Entry(
        key="knowledge.enquiries",
        label=_("咨询登记（首问负责）"),
        needs=frozenset({"enquiry.take", "enquiry.oversee"}),
        url="knowledge:enquiries",
        waiting=lambda actor, center: selectors.waiting_count(actor, center),
        note=lambda actor, center: overdue_note(actor, center),
        section="knowledge",
        order=10,
    ),
]
