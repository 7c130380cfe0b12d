"""Reads of evaluations and rectifications, and the figures of 001 6.6.1.3:
实名差评回复率 and 客观差评整改率 (target 100%), 差评不属实认定率, and satisfaction
by centre, department, window and staff member per month."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils import timezone

from govhall.core.actors import Actor
from govhall.core.center_settings import center_setting

from ..models import (
    BAD_LEVELS,
    Evaluation,
    Finding,
    Rectification,
    RectificationStatus,
)

SATISFIED_LEVELS = (3, 4, 5)  # 满意度: 非常满意 + 满意 + 基本满意 over all ratings


def pending_for_window(window, *, now: dt.datetime | None = None) -> Evaluation | None:
    """What the window's rating pad shows: the latest service finished there in
    the last few minutes (a per-centre setting) that nobody has rated yet."""
    now = now or timezone.now()
    minutes = center_setting(window.center, "feedback.pad_minutes")
    return (
        Evaluation.objects.filter(
            window=window,
            subject="ticket",
            rated_at__isnull=True,
            served_at__gte=now - dt.timedelta(minutes=minutes),
            served_at__lte=now,
            expires_at__gt=now,
        )
        .select_related("center", "window")
        .order_by("-served_at", "-pk")
        .first()
    )


def evaluation_for_ticket(ticket) -> Evaluation | None:
    return Evaluation.objects.filter(ticket=ticket).first()


def evaluation_for_case(case) -> Evaluation | None:
    return Evaluation.objects.filter(case=case).first()


def can_still_rate(evaluation: Evaluation | None, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return bool(evaluation and evaluation.rated_at is None and evaluation.expires_at > now)


def open_rating(*, ticket=None, case=None) -> Evaluation | None:
    """The rating a citizen may still give for a ticket or a case (the hook
    "rating.open" that the tracker and the progress page ask)."""
    if ticket is not None:
        evaluation = evaluation_for_ticket(ticket)
    elif case is not None:
        evaluation = evaluation_for_case(case)
    else:
        return None
    return evaluation if can_still_rate(evaluation) else None


# --- work lists -------------------------------------------------------------------------


def rectifications(actor: Actor, *, center=None, status: str = "") -> QuerySet:
    qs = actor.scoped(Rectification.objects.all()).select_related(
        "center", "evaluation", "evaluation__window", "evaluation__department"
    )
    if center is not None:
        qs = qs.filter(center=center)
    if status == "open":
        qs = qs.exclude(status=RectificationStatus.CLOSED)
    elif status in RectificationStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by(F("closed_at").asc(nulls_first=True), "rectify_due", "pk")


def rectification(actor: Actor, pk) -> Rectification:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        pk = 0
    return actor.get_scoped(
        Rectification.objects.select_related(
            "center", "evaluation", "evaluation__window", "evaluation__department", "reviewed_by"
        ),
        pk=pk,
    )


def appeals(actor: Actor) -> QuerySet:
    """The supervisor's review list: 不属实 findings of the district's centres."""
    return (
        actor.scoped(Rectification.objects.filter(status=RectificationStatus.APPEALING))
        .select_related("center", "evaluation", "evaluation__window", "evaluation__department")
        .order_by("classified_at", "pk")
    )


# --- figures --------------------------------------------------------------------------


def _rate(done: int, total: int) -> float | None:
    return round(100.0 * done / total, 1) if total else None


@dataclass(frozen=True)
class Rates:
    rated: int
    bad: int
    real_name_bad: int
    replied: int
    reply_rate: float | None  # 实名差评回复率
    objective: int
    rectified: int
    rectification_rate: float | None  # 客观差评整改率
    unfounded: int
    unfounded_rate: float | None  # 差评不属实认定率
    open_records: int
    late_records: int


def rates(evaluations: QuerySet, *, today: dt.date | None = None) -> Rates:
    """The two 100% targets over the bad ratings among `evaluations`."""
    today = today or timezone.localdate()
    rated = evaluations.filter(rated_at__isnull=False)
    records = Rectification.objects.filter(evaluation__in=rated.values("pk"))
    counts = records.aggregate(
        n_total=Count("pk"),
        n_real_name=Count("pk", filter=Q(real_name=True)),
        n_replied=Count("pk", filter=Q(real_name=True, replied_at__isnull=False)),
        n_objective=Count("pk", filter=Q(finding=Finding.OBJECTIVE)),
        n_rectified=Count("pk", filter=Q(finding=Finding.OBJECTIVE, rectified_at__isnull=False)),
        n_unfounded=Count("pk", filter=Q(appeal_upheld=True)),
        n_open=Count("pk", filter=~Q(status=RectificationStatus.CLOSED)),
        n_late=Count(
            "pk",
            filter=~Q(status=RectificationStatus.CLOSED) & Q(rectify_due__lt=today),
        ),
    )
    counts = {k[2:]: v for k, v in counts.items()}
    return Rates(
        rated=rated.count(),
        bad=counts["total"],
        real_name_bad=counts["real_name"],
        replied=counts["replied"],
        reply_rate=_rate(counts["replied"], counts["real_name"]),
        objective=counts["objective"],
        rectified=counts["rectified"],
        rectification_rate=_rate(counts["rectified"], counts["objective"]),
        unfounded=counts["unfounded"],
        unfounded_rate=_rate(counts["unfounded"], counts["total"]),
        open_records=counts["open"],
        late_records=counts["late"],
    )


def rated_in(centers, start: dt.datetime, end: dt.datetime) -> QuerySet:
    return Evaluation.objects.filter(center__in=centers, rated_at__gte=start, rated_at__lt=end)


_DIMENSIONS = {
    "center": ("center_id", "center__name"),
    "department": ("department_id", "department__name"),
    "window": ("window_id", "window__name"),
    "staff": ("staff_number", "staff_number"),
}


def satisfaction(evaluations: QuerySet, dimension: str) -> list[dict]:
    """Per centre, department, window or staff member: ratings, mean level,
    satisfaction rate (levels 3-5) and bad ratings, best covered first."""
    key, label = _DIMENSIONS[dimension]
    rows = (
        evaluations.filter(rated_at__isnull=False)
        .values(key, label)
        .annotate(
            rated=Count("pk"),
            mean=Avg("level"),
            satisfied=Count("pk", filter=Q(level__in=SATISFIED_LEVELS)),
            very=Count("pk", filter=Q(level=5)),
            bad=Count("pk", filter=Q(level__in=BAD_LEVELS)),
        )
        .order_by("-rated", label)
    )
    return [
        {
            "key": row[key],
            "label": row[label] or "—",
            "rated": row["rated"],
            "mean": round(row["mean"], 2) if row["mean"] is not None else None,
            "satisfaction": _rate(row["satisfied"], row["rated"]),
            "very": row["very"],
            "bad": row["bad"],
        }
        for row in rows
    ]


_DIGITS = re.compile(r"\d{6,}")


def public_comment(text: str) -> str:
    """A comment for the public page: any long run of digits (a phone or ID
    number typed into the box) is hidden."""
    return _DIGITS.sub(lambda m: m.group(0)[:2] + "*" * (len(m.group(0)) - 2), text)


def public_comments(evaluations: QuerySet, limit: int = 20) -> list[dict]:
    rows = (
        evaluations.filter(rated_at__isnull=False)
        .exclude(comment="")
        .select_related("rectification")
        .order_by("-rated_at")[:limit]
    )
    result = []
    for e in rows:
        record = getattr(e, "rectification", None)
        result.append(
            {
                "rated_at": e.rated_at,
                "level": e.level,
                "level_name": e.get_level_display(),
                "item": e.item_name,
                "comment": public_comment(e.comment),
                "status": record.get_status_display() if record else "",
                "reply": public_comment(record.reply) if record and record.reply else "",
            }
        )
    return result
