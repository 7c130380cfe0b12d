"""The settings pages of core in the workplace navigation (section "settings")."""

from django.utils.translation import gettext_lazy as _

from .navigation import Entry, register

READ = frozenset({"hall.manage", "report.read"})


def register_entries() -> None:
    register(
        Entry(
            key="core.settings",
            label=_("中心设置"),
            needs=READ,
            url="settings:hub",
            section="settings",
            order=1,
        ),
        Entry(
            key="core.hours",
            label=_("开放时间"),
            needs=READ,
            url="settings:hours",
            section="settings",
            order=10,
        ),
        Entry(
            key="core.rules",
            label=_("中心规则参数"),
            needs=READ,
            url="settings:rules",
            section="settings",
            order=20,
        ),
        Entry(
            key="core.announcements",
            label=_("中心公告"),
            needs=READ,
            url="settings:announcements",
            section="settings",
            order=25,
        ),
    )
