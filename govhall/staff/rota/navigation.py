"""The rota's and staff changes' pages on the workplace (section "staff")."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors


def _pending(actor, center) -> int:
    if not actor.can(center, "staff.manage"):
        return 0
    return selectors.pending_changes(center).count()


ENTRIES: list = [
    Entry(
        key="staff.rota",
        label=_("值班长轮值表"),
        needs=frozenset({"staff.read"}),
        url="staff:rota",
        note=selectors.on_duty_note,
        section="staff",
        order=40,
    ),
    Entry(
        key="staff.changes",
        label=_("人员调整申请"),
        needs=frozenset({"staff.read"}),
        url="staff:changes",
        waiting=_pending,
        section="staff",
        order=41,
    ),
    Entry(
        key="staff.tenure",
        label=_("在岗期限"),
        needs=frozenset({"staff.read"}),
        url="staff:tenure",
        section="staff",
        order=42,
    ),
]
