"""The profiles' pages in the workplace (core.navigation)."""

from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors

ENTRIES: list = [
    Entry(
        key="staff.profiles",
        label=_("人员档案"),
        needs=frozenset({"staff.read"}),
        url="staff:profiles",
        section="staff",
        order=10,
    ),
    Entry(
        key="staff.me",
        label=_("我的档案"),
        needs=frozenset({"staff.self"}),
        url="staff:profile_me",
        section="staff",
        order=11,
    ),
    Entry(
        key="staff.certificates",
        label=_("上岗证书到期"),
        needs=frozenset({"staff.manage"}),
        url="staff:certificates_due",
        waiting=lambda actor, center: selectors.flagged_certificates(center).count(),
        section="staff",
        order=12,
    ),
    Entry(
        key="staff.posts",
        label=_("窗口AB岗"),
        needs=frozenset({"staff.manage"}),
        url="staff:posts",
        waiting=lambda actor, center: selectors.half_posted_windows(center),
        section="staff",
        order=13,
    ),
    Entry(
        key="staff.service_board",
        label=_("窗口服务牌"),
        needs=frozenset({"staff.read"}),
        url="staff:service_board",
        section="staff",
        order=14,
    ),
]
