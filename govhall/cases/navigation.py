"""The cases app's workplace pages (core.navigation)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry, register
from govhall.hall.selectors import windows_posted

from . import selectors
from .archives import selectors as archive_selectors


def _at_own_window(url_name: str):
    """An entry's URL at the first window the user is posted to (None: no window)."""

    def url(actor, center):
        windows = windows_posted(actor.user, center) if actor.user else []
        return reverse(url_name, args=[windows[0].code]) if windows else None

    return url


_intake_url = _at_own_window("cases:intake")
_bundle_intake_url = _at_own_window("cases:bundle_intake")


def register_entries() -> None:
    register(
        Entry(
            key="cases.intake",
            label=_("综合受理"),
            needs=frozenset({"case.intake"}),
            url=_intake_url,
            section="cases",
            order=10,
        ),
        Entry(
            key="cases.worklist",
            label=_("待审批办件"),
            needs=frozenset({"case.review", "case.oversee"}),
            url="cases:worklist",
            waiting=lambda actor, center: selectors.review_count(actor, center),
            section="cases",
            order=20,
        ),
        Entry(
            key="cases.open",
            label=_("在办办件"),
            needs=frozenset({"case.oversee"}),
            url="cases:open",
            waiting=lambda actor, center: selectors.open_count(actor, center),
            section="cases",
            order=30,
        ),
        Entry(
            key="cases.handout",
            label=_("待出件"),
            needs=frozenset({"case.read"}),
            url="cases:handout",
            waiting=lambda actor, center: selectors.awaiting_handout_late(actor, center),
            section="cases",
            order=35,
        ),
        Entry(
            key="cases.receipts",
            label=_("收费对账"),
            needs=frozenset({"case.oversee"}),
            url="cases:receipts",
            section="cases",
            order=40,
        ),
    )
    # 一件事 (appended).
    register(
        Entry(
            key="cases.bundle_intake",
            label=_("一件事受理"),
            needs=frozenset({"case.intake"}),
            url=_bundle_intake_url,
            section="cases",
            order=15,
        ),
        Entry(
            key="cases.bundles",
            label=_("一件事设置"),
            needs=frozenset({"catalog.manage"}),
            url="cases:bundles",
            section="cases",
            order=50,
        ),
    )
    register(
        Entry(
            key="cases.archives",
            label=_("归档登记簿"),
            needs=frozenset({"case.oversee"}),
            url="cases:archives",
            # destruction requests waiting for a second person's approval
            waiting=lambda actor, center: archive_selectors.pending_count(center),
            section="cases",
            order=50,
        ),
    )
    register_online_entries()


def register_online_entries() -> None:
    """不见面审批: the applications waiting for their pre-check (online_views)."""
    from . import online_selectors

    register(
        Entry(
            key="cases.online_precheck",
            label=_("网上申请预审"),
            needs=frozenset({"case.intake"}),
            url="cases:online_precheck",
            waiting=lambda actor, center: online_selectors.precheck_count(actor, center),
            section="cases",
            order=15,
        )
    )
