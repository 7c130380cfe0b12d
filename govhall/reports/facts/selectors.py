"""Reads of the daily facts: a period's figures per key, and a series per day.

Days before today come from the stored rows (a past day the job has not
written reads as empty: `govhall facts-backfill` writes it); today, unless
already stored, is computed live by the same function the job uses
(facts.compute), so the page, the API and the export agree."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.utils import timezone

from govhall.core.models import Center

from .models import DailyFact
from .schema import merge


def _live_days(start: date, end: date, stored: set[date]) -> list[date]:
    today = timezone.localdate()
    return [today] if start <= today <= end and today not in stored else []


def facts_rows(
    centers: list[Center], subject: str, dimension: str, start: date, end: date
) -> list[tuple[Center, date, str, str, dict]]:
    """(center, day, key, label, metrics) for every stored row in the range, plus
    today's computed live when the range reaches it."""
    from . import compute  # the job's own function, for today

    rows = []
    stored = defaultdict(set)
    for fact in DailyFact.objects.filter(
        center__in=centers, subject=subject, dimension=dimension, day__gte=start, day__lte=end
    ).select_related("center"):
        rows.append((fact.center, fact.day, fact.key, fact.label, fact.metrics))
        stored[fact.center_id].add(fact.day)
    for center in centers:
        for day in _live_days(start, end, stored[center.pk]):
            for subj, dim, key, label, metrics in compute.compute_day(center, day, [subject]):
                if subj == subject and dim == dimension:
                    rows.append((center, day, key, label, metrics))
    return rows


def period_by_key(
    centers: list[Center], subject: str, dimension: str, start: date, end: date
) -> dict[str, tuple[str, dict]]:
    """key -> (latest label, the period's summed metrics)."""
    labels: dict[str, tuple[date, str]] = {}
    groups: dict[str, list[dict]] = defaultdict(list)
    for _center, day, key, label, metrics in facts_rows(centers, subject, dimension, start, end):
        groups[key].append(metrics)
        if key not in labels or day >= labels[key][0]:
            labels[key] = (day, label)
    return {key: (labels[key][1], merge(ms)) for key, ms in groups.items()}


def series_by_day(
    centers: list[Center], subject: str, start: date, end: date, dimension: str = "all"
) -> dict[date, dict]:
    """day -> the summed metrics of that day (over the centres and keys)."""
    groups: dict[date, list[dict]] = defaultdict(list)
    for _center, day, _key, _label, metrics in facts_rows(centers, subject, dimension, start, end):
        groups[day].append(metrics)
    return {day: merge(ms) for day, ms in sorted(groups.items())}
