"""The hall app's workplace pages (core.navigation)."""

from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry, register

from . import selectors


def register_entries() -> None:
    register(
        Entry(
            key="hall.duty",
            label=_("值班长呼叫"),
            needs=frozenset({"duty.answer"}),
            url="hall:duty",
            waiting=lambda actor, center: selectors.open_calls(center).count(),
            section="hall",
            order=5,
        ),
        Entry(
            key="hall.windows",
            label=_("窗口"),
            needs=frozenset({"hall.manage", "report.read"}),
            url="windows:list",
            section="settings",
            order=30,
        ),
        Entry(
            key="hall.facilities",
            label=_("场所与设施"),
            needs=frozenset({"hall.manage", "standards.read", "report.read"}),
            url="windows:facilities",
            section="settings",
            order=32,
        ),
    )
