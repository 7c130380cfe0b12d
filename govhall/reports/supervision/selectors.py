"""supervision: reads of the findings, scoped to a centre (the views check who may
ask for which centre; owners see their own)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from govhall.core.actors import Actor
from govhall.core.models import Center, District

from .models import Finding, FindingKind, FindingState

STATES = ("open", "closed", "verified", "all")


def findings_of(
    center: Center,
    *,
    state: str = "open",
    kind: str = "",
    overdue: bool = False,
    owner=None,
    today: dt.date | None = None,
) -> QuerySet[Finding]:
    found = Finding.objects.filter(center=center).select_related(
        "owner", "closed_by", "verified_by"
    )
    if state in FindingState.values:
        found = found.filter(state=state)
    if kind in FindingKind.values:
        found = found.filter(kind=kind)
    if overdue:
        found = found.filter(state=FindingState.OPEN, deadline__lt=today or timezone.localdate())
    if owner is not None:
        found = found.filter(owner=owner)
    return found.order_by("state", "deadline", "pk")


def finding_for(center: Center, pk: int) -> Finding | None:
    return Finding.objects.filter(center=center, pk=pk).select_related("center", "owner").first()


def counts_by_kind(center: Center, today: dt.date | None = None) -> list[dict]:
    """Per kind: open, of them overdue, closed or verified (the page's summary)."""
    today = today or timezone.localdate()
    rows = dict(
        (r["kind"], r)
        for r in Finding.objects.filter(center=center)
        .values("kind")
        .annotate(
            open=Count("pk", filter=Q(state=FindingState.OPEN)),
            overdue=Count("pk", filter=Q(state=FindingState.OPEN, deadline__lt=today)),
            done=Count("pk", filter=~Q(state=FindingState.OPEN)),
        )
    )
    empty = {"open": 0, "overdue": 0, "done": 0}
    return [
        {"kind": k, "label": label, **{n: rows.get(k, empty)[n] for n in empty}}
        for k, label in FindingKind.choices
    ]


def open_count(center: Center) -> int:
    return Finding.objects.filter(center=center, state=FindingState.OPEN).count()


def mine_count(actor: Actor, center: Center) -> int:
    if actor.user is None:
        return 0
    return Finding.objects.filter(center=center, owner=actor.user, state=FindingState.OPEN).count()


def district_centers(actor: Actor, district: District) -> list[Center]:
    return [
        c
        for c in Center.objects.filter(district=district, is_active=True).order_by("code")
        if actor.can(c, "report.district")
    ]


def district_matrix(centers: list[Center], today: dt.date | None = None) -> list[dict]:
    """One row per centre: open findings per kind, overdue, closed."""
    return [{"center": c, "kinds": counts_by_kind(c, today)} for c in centers]


def period_figures(
    centers: list[Center], start: dt.date, end: dt.date, today: dt.date | None = None
) -> list[dict]:
    """Per kind over the centres: opened in the period, closed in it, and those
    whose deadline fell in it and passed before they were closed (overdue)."""
    today = today or timezone.localdate()
    base = Finding.objects.filter(center__in=centers)
    out = []
    for kind, label in FindingKind.choices:
        of_kind = base.filter(kind=kind)
        overdue = of_kind.filter(deadline__gte=start, deadline__lte=end, deadline__lt=today)
        overdue = overdue.filter(Q(closed_at__isnull=True) | Q(closed_at__date__gt=F("deadline")))
        out.append(
            {
                "kind": kind,
                "label": str(label),
                "opened": of_kind.filter(opened_on__gte=start, opened_on__lte=end).count(),
                "closed": of_kind.filter(
                    closed_at__date__gte=start, closed_at__date__lte=end
                ).count(),
                "overdue": overdue.count(),
            }
        )
    return out
