"""delivery: reads, scoped to what the actor may see."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from govhall.core.actors import Actor
from govhall.core.models import Center

from .models import AT_WINDOW, TAKEN, Manifest, ManifestStatus, Parcel, ParcelStatus


def parcels_for(actor: Actor, capability: str) -> QuerySet[Parcel]:
    ids = actor.centers_with(capability)
    qs = Parcel.objects.select_related("center", "manifest")
    return qs if ids is None else qs.filter(center_id__in=ids)


def parcel_at(center: Center, number: str) -> Parcel | None:
    if not isinstance(number, str) or len(number) > 40:
        return None
    return Parcel.objects.filter(center=center, number=number).select_related("manifest").first()


def at_window(center: Center) -> dict[str, list[Parcel]]:
    """What the output window has to act on, by state."""
    rows = Parcel.objects.filter(center=center, status__in=AT_WINDOW).select_related("manifest")
    out: dict[str, list[Parcel]] = {s: [] for s in AT_WINDOW}
    for parcel in rows.order_by("created_at", "pk"):
        out[parcel.status].append(parcel)
    return out


def waiting_count(center: Center) -> int:
    return Parcel.objects.filter(
        center=center,
        status__in=(ParcelStatus.HOLD, ParcelStatus.PENDING, ParcelStatus.RETURNED),
    ).count()


def manifest_of(center: Center, day: dt.date) -> Manifest | None:
    return Manifest.objects.filter(center=center, day=day).select_related("sent_by").first()


def manifest_parcels(manifest: Manifest | None) -> list[Parcel]:
    if manifest is None:
        return []
    return list(manifest.parcels.order_by("city", "district", "number"))


def manifests_recent(center: Center, limit: int = 10) -> list[Manifest]:
    return list(Manifest.objects.filter(center=center).select_related("sent_by")[:limit])


def courier_open(center: Center) -> list[Parcel]:
    """Sent and waiting for pick-up, or picked up and not yet reported: the courier's round."""
    return list(
        Parcel.objects.filter(
            center=center,
            status__in=(ParcelStatus.SENT, ParcelStatus.PICKED_UP),
            manifest__status=ManifestStatus.SENT,
        )
        .select_related("manifest")
        .order_by("status", "manifest__day", "number")
    )


def courier_recent(center: Center, days: int = 3) -> list[Parcel]:
    since = timezone.now() - dt.timedelta(days=days)
    return list(
        Parcel.objects.filter(
            center=center,
            status__in=(ParcelStatus.DELIVERED, ParcelStatus.RETURNED),
            picked_up_at__gte=since,
        ).order_by("-picked_up_at")[:30]
    )


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    first = month.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    start = timezone.make_aware(dt.datetime.combine(first, dt.time()))
    return start, timezone.make_aware(dt.datetime.combine(nxt, dt.time()))


def taken_in_month(center: Center, month: dt.date) -> QuerySet[Parcel]:
    """What the partner picked up that month: what its statement should bill."""
    start, end = month_bounds(month)
    return Parcel.objects.filter(
        center=center, status__in=TAKEN, picked_up_at__gte=start, picked_up_at__lt=end
    )


def month_summary(center: Center, month: dt.date) -> dict:
    start, end = month_bounds(month)
    rows = Parcel.objects.filter(center=center, created_at__gte=start, created_at__lt=end)
    counts = {s: 0 for s in ParcelStatus.values}
    for status in rows.values_list("status", flat=True):
        counts[status] += 1
    return counts


def reconciliations(center: Center):
    return center.delivery_reconciliations.select_related("uploaded_by")[:12]


def mask_name(name: str) -> str:
    """张晓明 → 张*明, 王五 → 王*: the manifest and the courier's page."""
    name = name or ""
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_address(parcel: Parcel) -> str:
    """The city and district, and the street's first characters: enough to sort a round."""
    return f"{parcel.city}{parcel.district}…"
