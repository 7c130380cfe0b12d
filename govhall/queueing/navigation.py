"""The queueing app's workplace pages (core.navigation)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry, register
from govhall.hall.selectors import windows_posted

from . import selectors


def _my_window(actor, center):
    """The first window the user holds a post at (a centre admin without one
    reaches the consoles from the hub)."""
    windows = windows_posted(actor.user, center) if actor.user else []
    return windows[0] if windows else None


def _console_url(actor, center):
    window = _my_window(actor, center)
    return reverse("queueing:console", args=[window.code]) if window else None


def _waiting_at_my_window(actor, center) -> int:
    window = _my_window(actor, center)
    return sum(q.waiting for q in selectors.window_queues(window)) if window else 0


def register_entries() -> None:
    register(
        Entry(
            key="queueing.console",
            label=_("窗口叫号"),
            needs=frozenset({"ticket.call"}),
            url=_console_url,
            waiting=_waiting_at_my_window,
            order=10,
        ),
        Entry(
            key="queueing.kiosk",
            label=_("自助取号"),
            needs=frozenset({"ticket.issue"}),
            url="queueing:kiosk",
            order=20,
        ),
        Entry(
            key="queueing.display",
            label=_("叫号显示屏"),
            needs=frozenset({"board.read"}),
            url="queueing:display",
            order=30,
        ),
        Entry(
            key="queueing.day_report",
            label=_("当日排队统计"),
            needs=frozenset({"report.read"}),
            url="queueing:day_report",
            order=40,
        ),
        Entry(
            key="queueing.queues",
            label=_("队列与窗口呼叫"),
            needs=frozenset({"hall.manage", "report.read"}),
            url="queues:list",
            section="settings",
            order=40,
        ),
        Entry(
            key="queueing.quotas",
            label=_("每日取号限额"),
            needs=frozenset({"hall.manage", "report.read"}),
            url="queues:quotas",
            section="settings",
            order=45,
        ),
        Entry(
            key="queueing.hub",
            label=_("大厅工作台"),
            needs=None,
            url=lambda actor, center: reverse("queueing:hub"),
            order=90,
        ),
    )
