"""The free-delivery pages on the workbench: the output window's desk, the
month's reconciliation, the courier's round."""

from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors

ENTRIES: list = [
    Entry(
        key="convenience.delivery_desk",
        label=_("免费寄送·发证窗口"),
        needs=frozenset({"delivery.manage"}),
        url="convenience:delivery_desk",
        waiting=lambda actor, center: selectors.waiting_count(center),
        section="convenience",
        order=40,
    ),
    Entry(
        key="convenience.delivery_reconciliation",
        label=_("寄送月度对账"),
        needs=frozenset({"delivery.manage"}),
        url="convenience:delivery_reconciliation",
        section="convenience",
        order=41,
    ),
    Entry(
        key="convenience.delivery_courier",
        label=_("邮政揽收"),
        needs=frozenset({"delivery.courier"}),
        url="convenience:delivery_courier",
        waiting=lambda actor, center: len(selectors.courier_open(center)),
        section="convenience",
        order=42,
    ),
]
