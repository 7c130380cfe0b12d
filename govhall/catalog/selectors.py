"""Reads of the catalog. Public reads show published guides only."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from govhall.core.errors import NotFound
from govhall.core.models import Center

from .models import OPEN, ItemVersion, Material, ServiceItem, Stationing, VersionStatus
from .search import query_terms


def _published() -> QuerySet[ServiceItem]:
    return ServiceItem.objects.filter(published_version__isnull=False).select_related(
        "published_version", "department"
    )


def items_at_center(center: Center, *, q: str = "", domain: str = "") -> QuerySet[ServiceItem]:
    """Published items stationed at `center`, matching every term of `q`
    (Chinese, pinyin or initials) and the domain."""
    items = _published().filter(stationings__center=center, stationings__active=True)
    if domain:
        items = items.filter(domain=domain)
    for term in query_terms(q):
        items = items.filter(published_version__search_text__contains=term)
    return items.order_by("domain", "code")


def published_item(code: str) -> ServiceItem:
    item = (
        _published()
        .filter(code=code)
        .prefetch_related(
            Prefetch(
                "published_version__materials", queryset=Material.objects.order_by("position")
            ),
            "published_version__parallel_departments",
            Prefetch("stationings", queryset=_active_stationings()),
        )
        .first()
    )
    if item is None:
        raise NotFound(_("事项不存在或尚未发布"), code="item_not_found", fields={"item": code})
    return item


def _active_stationings() -> QuerySet[Stationing]:
    return Stationing.objects.filter(active=True, center__is_active=True).select_related("center")


def versions_in_workflow() -> QuerySet[ItemVersion]:
    return ItemVersion.objects.filter(status__in=OPEN).select_related("item__department")


def versions_overdue() -> QuerySet[ItemVersion]:
    return versions_in_workflow().filter(
        status__in=(VersionStatus.SUBMITTED, VersionStatus.APPROVED),
        overdue_flagged_at__isnull=False,
    )
