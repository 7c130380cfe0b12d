"""The catalog's workplace pages (core.navigation): the guide workflow."""

from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry, register

from . import selectors
from .models import VersionStatus


def _queue_url(anchor: str):
    def url(actor, center) -> str:
        from django.urls import reverse

        return reverse("catalog:wf_queue", args=[center.code]) + anchor

    return url


def register_entries() -> None:
    register(
        # The department's side: what the centre returned waits to be reworked.
        Entry(
            key="catalog.drafts",
            label=_("部门指南修订"),
            needs=frozenset({"catalog.draft"}),
            url="catalog:wf_drafts",
            waiting=lambda actor, center: selectors.returned_to(actor, center).count(),
            section="catalog",
            order=10,
        ),
        # The centre's side: submitted versions to review, approved ones to publish.
        Entry(
            key="catalog.review",
            label=_("指南待审核"),
            needs=frozenset({"catalog.manage"}),
            url=_queue_url("#submitted"),
            waiting=lambda actor, center: selectors.review_waiting(center, VersionStatus.SUBMITTED),
            section="catalog",
            order=20,
        ),
        Entry(
            key="catalog.publish",
            label=_("指南待发布"),
            needs=frozenset({"catalog.manage"}),
            url=_queue_url("#approved"),
            waiting=lambda actor, center: selectors.review_waiting(center, VersionStatus.APPROVED),
            section="catalog",
            order=30,
        ),
    )
