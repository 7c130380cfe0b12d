"""Efficiency supervision on the workbench: the centre's findings, one's own, and
the district's view. Each entry needs exactly what its page accepts."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors


def _mine_url(actor, center):
    """Only for those who own an open finding."""
    if not selectors.mine_count(actor, center):
        return None
    return reverse("reports:supervision_mine", args=[center.code])


ENTRIES: list = [
    Entry(
        key="supervision.findings",
        label=_("监督发现"),
        needs=frozenset({"report.read"}),
        url="reports:supervision",
        waiting=lambda actor, center: selectors.open_count(center),
        section="supervision",
        order=10,
    ),
    Entry(
        key="supervision.mine",
        label=_("我的监督整改"),
        needs=frozenset({"staff.self"}),
        url=_mine_url,
        waiting=lambda actor, center: selectors.mine_count(actor, center),
        section="supervision",
        order=20,
    ),
    Entry(
        key="supervision.district",
        label=_("各中心监督发现"),
        needs=frozenset({"report.district"}),
        url="reports:supervision_district",
        section="supervision",
        order=5,
        district=True,
    ),
]
