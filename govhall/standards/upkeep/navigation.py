"""The upkeep pages on the workbench: what is due soon or overdue, today's cleaning."""

from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors
from .services import TICKERS

ENTRIES: list = [
    Entry(
        key="standards.upkeep",
        label=_("设施设备维保"),
        needs=frozenset({"standards.read", "standards.manage", "inspection.do"}),
        url="standards:upkeep",
        waiting=lambda actor, center: selectors.waiting(center),
        section="standards",
        order=40,
    ),
    Entry(
        key="standards.cleaning",
        label=_("每日保洁检查"),
        needs=frozenset({"standards.read", "standards.manage", "inspection.do"}),
        url="standards:cleaning",
        # the zones still to check today, for those who sign the checks
        waiting=lambda actor, center: (
            selectors.cleaning_waiting(center) if any(actor.can(center, c) for c in TICKERS) else 0
        ),
        section="standards",
        order=41,
    ),
]
