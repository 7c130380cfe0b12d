"""The self-audit on the workbench: the centre's page, and the district's view."""

from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

ENTRIES: list = [
    Entry(
        key="standards.audit",
        label=_("标准自查"),
        needs=frozenset({"standards.read"}),
        url="standards:audit",
        section="standards",
        order=10,
    ),
    Entry(
        key="standards.district",
        label=_("各中心达标情况"),
        needs=frozenset({"standards.review"}),
        url="standards:district",
        section="standards",
        order=5,
        district=True,
    ),
]
