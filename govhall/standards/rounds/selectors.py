"""rounds: reads. The week's schedule, one round with its checklist, the history."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from . import checklist
from .models import Round, RoundCheck, RoundStatus


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week(center, monday: dt.date) -> list[dict]:
    today = timezone.localdate()
    rounds = Round.objects.filter(
        center=center, planned_on__range=(monday, monday + dt.timedelta(days=6))
    ).select_related("walker")
    by_day: dict[dt.date, list[Round]] = {}
    for r in rounds:
        by_day.setdefault(r.planned_on, []).append(r)
    return [
        {
            "day": monday + dt.timedelta(days=n),
            "today": monday + dt.timedelta(days=n) == today,
            "rounds": [
                {"round": r, "missed": r.status == RoundStatus.PLANNED and r.planned_on < today}
                for r in by_day.get(monday + dt.timedelta(days=n), [])
            ],
        }
        for n in range(7)
    ]


def round_of(center, pk: int) -> Round | None:
    return (
        Round.objects.filter(center=center, pk=pk)
        .select_related("walker", "closed_by", "center")
        .first()
    )


def sheet(r: Round) -> list[dict]:
    """The checklist's sections with each item's check on this round."""
    checks = {c.item: c for c in r.checks.select_related("owner", "checked_by", "task")}
    return [
        {**s, "items": [{**i, "check": checks.get(i["code"])} for i in s["items"]]}
        for s in checklist.sections()
    ]


def progress(r: Round) -> tuple[int, int, int]:
    """(checked, total, not ok)."""
    checks = list(r.checks.values_list("ok", flat=True))
    return len(checks), len(checklist.codes()), sum(1 for ok in checks if not ok)


def history(center, limit: int = 30):
    return (
        Round.objects.filter(center=center, status=RoundStatus.CLOSED)
        .select_related("walker")
        .order_by("-planned_on", "-pk")[:limit]
    )


def findings_count(r: Round) -> int:
    return RoundCheck.objects.filter(round=r, ok=False).count()


def waiting(actor, center) -> int:
    """Rounds the user walks, due today or earlier and not finished."""
    if actor.user is None:
        return 0
    return Round.objects.filter(
        center=center,
        walker=actor.user,
        status__in=(RoundStatus.PLANNED, RoundStatus.WALKING),
        planned_on__lte=timezone.localdate(),
    ).count()
