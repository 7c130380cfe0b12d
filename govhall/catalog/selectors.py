"""Reads of the catalog. Public reads show published guides only."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from govhall.core.errors import NotFound
from govhall.core.models import Center

from . import search
from .domains import Domain
from .models import OPEN, ItemVersion, Material, ServiceItem, Stationing, VersionStatus


def _published() -> QuerySet[ServiceItem]:
    return ServiceItem.objects.filter(published_version__isnull=False).select_related(
        "published_version", "department"
    )


def items_at_center(center: Center, *, q: str = "", domain: str = "") -> QuerySet[ServiceItem]:
    """Published items stationed at `center` in the domain. Without `q` in
    domain and code order; with `q` only the matching ones (everyday words,
    pinyin, initials: search.py), best match and most taken first."""
    items = _published().filter(stationings__center=center, stationings__active=True)
    if domain:
        items = items.filter(domain=domain)
    if not search.query_terms(q):
        return items.order_by("domain", "code")
    ranked = [pk for pk, _score in search.rank(q, search_entries(center, domain=domain))]
    if not ranked:
        return items.none()
    order = Case(
        *(When(pk=pk, then=Value(n)) for n, pk in enumerate(ranked)), output_field=IntegerField()
    )
    return items.filter(pk__in=ranked).order_by(order)


# Weights of an item's phrases: its own names count fully, its department's
# and its domain's names only help (人社局 lists the bureau's items lower).
_OWN, _DEPARTMENT, _DOMAIN = 1.0, 0.5, 0.6


def search_entries(center: Center, *, domain: str = "") -> list[search.Entry]:
    """What the search sees of the centre's published items: one read."""
    rows = Stationing.objects.filter(
        center=center, active=True, item__published_version__isnull=False
    )
    if domain:
        rows = rows.filter(item__domain=domain)
    rows = rows.order_by("item__domain", "item__code").values_list(
        "item_id",
        "item__code",
        "item__domain",
        "item__aliases",
        "item__published_version__name",
        "item__department__name",
        "item__department__short_name",
        "taken_recent",
    )
    labels = _domain_labels()
    entries = []
    for pk, code, dom, aliases, name, dept, dept_short, taken in rows:
        own = [name, code, *search.split_aliases(aliases)]
        weighted = [(t, _OWN) for t in own] + [(dept, _DEPARTMENT), (dept_short, _DEPARTMENT)]
        weighted += [(label, _DOMAIN) for label in labels.get(dom, ())]
        entries.append(search.entry(pk, weighted, taken))
    return entries


def _domain_labels() -> dict[str, tuple[str, ...]]:
    """A domain is found by its Chinese name, and by its name in the reader's language."""
    current = {value: str(label) for value, label in Domain.choices}
    with translation.override("zh-hans"):
        return {value: (str(label), current[value]) for value, label in Domain.choices}


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


# --- the guide workflow's work lists (workflow_views.py) ------------------------------


def _district_versions(center: Center) -> QuerySet[ItemVersion]:
    return ItemVersion.objects.filter(item__department__district=center.district_id)


def department_items(actor, center: Center) -> list[tuple[ServiceItem, ItemVersion | None]]:
    """The items of the actor's departments in the centre's district, each with
    the version in the workflow (draft, returned, submitted, approved), if any."""
    items = ServiceItem.objects.filter(department__district=center.district_id)
    if not actor.is_superuser:
        items = items.filter(department__in=actor.departments)
    items = items.select_related("department", "published_version").order_by(
        "department__code", "code"
    )
    open_versions = {
        v.item_id: v
        for v in ItemVersion.objects.filter(item__in=items, status__in=OPEN).select_related(
            "reviewed_by"
        )
    }
    return [(item, open_versions.get(item.pk)) for item in items]


def returned_to(actor, center: Center) -> QuerySet[ItemVersion]:
    """Versions the centre returned to the actor's departments: to rework."""
    versions = _district_versions(center).filter(status=VersionStatus.RETURNED)
    if not actor.is_superuser:
        versions = versions.filter(item__department__in=actor.departments)
    return versions


def review_queue(center: Center) -> QuerySet[ItemVersion]:
    """Submitted and approved versions of the district's departments, the
    nearest publication deadline first (004 第二条: 5 working days)."""
    return (
        _district_versions(center)
        .filter(status__in=(VersionStatus.SUBMITTED, VersionStatus.APPROVED))
        .select_related("item__department", "item__published_version", "submitted_by")
        .order_by("publish_due", "submitted_at", "pk")
    )


def review_waiting(center: Center, status: str) -> int:
    return _district_versions(center).filter(status=status).count()


def district_version(center: Center, pk: int) -> ItemVersion:
    """A version of an item of the centre's district; another district's looks missing."""
    version = (
        _district_versions(center)
        .filter(pk=pk)
        .select_related(
            "item__department", "item__published_version", "submitted_by", "reviewed_by"
        )
        .first()
    )
    if version is None:
        raise NotFound(_("指南版本不存在或无权访问"), code="version_not_found")
    return version
