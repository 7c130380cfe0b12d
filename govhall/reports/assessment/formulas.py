"""The assessment's formulas, pure and documented: each part is a 0-100 score
from the month's raw figures; the total is their weighted mean (weights sum to
100); ranks are competition ranks (1, 2, 2, 4) on the total.

Quality (服务质量): the satisfaction rate of the person's ratings (levels 3-5 of
all rated), minus 10 per bad review not found unfounded (不属实 on appeal);
no ratings in the month → 100 less the bad reviews (nothing against them).

Efficiency (工作效能): the mean of the parts the person has figures for —
  speed   = 100 × centre mean service time / own mean (capped at 100),
  volume  = 100 × tickets served / the centre's mean per serving person (capped),
  on time = the share of their cases (as clerk or reviewer) decided by the due date;
no figures at all → 100.

Attendance (考勤): 100 − 2 per late arrival − 1 per early leave − 5 per missing
punch − 10 per day absent, not below 0.

Training (培训): the mean of the parts there are — the share of the month's
sessions attended (excused ones left out) and the mean best score of the month's
exams; neither → 100.

A part the person has no figures for at all (a reviewer serves no tickets, a
month without ratings) is not a merit: it takes the mean of that part over
the colleagues who have figures (`fill_missing`), 100 when nobody has."""

from __future__ import annotations

from dataclasses import dataclass

PARTS = ("quality", "efficiency", "attendance", "training")


def clamp(value: float) -> float:
    return round(max(0.0, min(100.0, value)), 1)


def quality(*, rated: int, satisfied: int, bad_counted: int) -> float:
    base = 100.0 * satisfied / rated if rated else 100.0
    return clamp(base - 10 * bad_counted)


def efficiency_parts(
    *,
    mean_service: float | None,
    center_mean_service: float | None,
    served: int,
    center_mean_served: float | None,
    cases: int,
    cases_on_time: int,
) -> dict[str, float]:
    parts: dict[str, float] = {}
    if mean_service and center_mean_service:
        parts["speed"] = clamp(100.0 * center_mean_service / mean_service)
    if served and center_mean_served:
        parts["volume"] = clamp(100.0 * served / center_mean_served)
    if cases:
        parts["on_time"] = clamp(100.0 * cases_on_time / cases)
    return parts


def efficiency(**figures) -> float:
    parts = efficiency_parts(**figures)
    return clamp(sum(parts.values()) / len(parts)) if parts else 100.0


def attendance(*, late: int, early: int, missing: int, absences: int) -> float:
    return clamp(100.0 - 2 * late - early - 5 * missing - 10 * absences)


def training(*, invited: int, attended: int, exam_scores: list[float]) -> float:
    parts = []
    if invited:
        parts.append(100.0 * attended / invited)
    if exam_scores:
        parts.append(sum(exam_scores) / len(exam_scores))
    return clamp(sum(parts) / len(parts)) if parts else 100.0


def has_figures(raw: dict, center_figures: dict) -> set[str]:
    """The parts `raw` (collect.py's figures of one person) says something about."""
    parts = {"attendance"} if raw["days_worked"] or raw["absences"] or raw["missing"] else set()
    if raw["rated"] or raw["bad"]:
        parts.add("quality")
    if efficiency_parts(
        mean_service=raw["mean_service"],
        center_mean_service=center_figures["mean_service"],
        served=raw["served"],
        center_mean_served=center_figures["mean_served"],
        cases=raw["cases"],
        cases_on_time=raw["cases_on_time"],
    ):
        parts.add("efficiency")
    if raw["invited"] or raw["exam_scores"]:
        parts.add("training")
    return parts


def fill_missing(people: list[tuple[dict[str, float], set[str]]]) -> None:
    """In place: each score of a part without figures becomes the mean of that
    part over those with figures (100 when nobody has any)."""
    for part in PARTS:
        known = [scores[part] for scores, parts in people if part in parts]
        mean = clamp(sum(known) / len(known)) if known else 100.0
        for scores, parts in people:
            if part not in parts:
                scores[part] = mean


def total(scores: dict[str, float], weights: dict[str, int]) -> float:
    return clamp(sum(scores[p] * weights[p] for p in PARTS) / 100.0)


def weights_problems(weights: dict) -> dict[str, str]:
    """Field → what is wrong ('' when nothing): each an integer 0..100, all 100."""
    problems = {}
    for part in PARTS:
        value = weights.get(part)
        if isinstance(value, bool) or not isinstance(value, int):
            problems[part] = "integer"
        elif not 0 <= value <= 100:
            problems[part] = "range"
    if not problems and sum(weights[p] for p in PARTS) != 100:
        problems["total"] = "sum"
    return problems


@dataclass(frozen=True)
class Ranked:
    key: object  # what the caller ranks (a user id)
    order: str  # the tie-break: the staff number, so equal totals list stably
    total: float


def ranks(rows: list[Ranked]) -> dict[object, int]:
    """Competition ranks: equal totals share a rank, the next rank skips."""
    ordered = sorted(rows, key=lambda r: (-r.total, r.order, str(r.key)))
    out, previous, rank = {}, None, 0
    for index, row in enumerate(ordered, 1):
        if row.total != previous:
            rank, previous = index, row.total
        out[row.key] = rank
    return out
