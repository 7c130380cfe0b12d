"""The summary of API.md "Reports and exchange", from the daily facts (stored
days, today live): one centre's, or several centres' summed."""

from __future__ import annotations

from collections import defaultdict

from govhall.core.models import Center

from ..periods import Period
from .schema import merge, percentile, ratio
from .selectors import facts_rows

_SUBJECTS = ("tickets", "bookings", "cases", "evaluations", "complaints")


def _minutes(seconds: float, n: int) -> float | None:
    return None if not n else round(seconds / n / 60, 1)


def _rate(part: float, whole: float) -> float | None:
    r = ratio(part, whole)
    return None if r is None else round(r, 4)


def figures(m: dict) -> dict:
    """The summary's shape from the summed metrics {subject: metrics}."""
    t, b, c = m.get("tickets", {}), m.get("bookings", {}), m.get("cases", {})
    e, k = m.get("evaluations", {}), m.get("complaints", {})
    p90 = percentile(t.get("wait_hist", {}), 0.9)
    return {
        "tickets": t.get("issued", 0),
        "served": t.get("served", 0),
        "no_shows": t.get("no_show", 0),
        "wait": {
            "mean_minutes": _minutes(t.get("wait_seconds", 0), t.get("waited", 0)),
            "p90_minutes": p90,
        },
        "service": {
            "mean_minutes": _minutes(t.get("service_seconds", 0), t.get("service_count", 0))
        },
        "bookings": {
            "made": b.get("made", 0),
            "kept": b.get("kept", 0),
            "no_show": b.get("no_show", 0),
        },
        "cases": {
            "accepted": c.get("accepted", 0),
            "completed": c.get("completed", 0),
            "on_time_rate": _rate(c.get("on_time", 0), c.get("completed", 0)),
            "overdue": c.get("overdue", 0),
        },
        "evaluations": {
            "count": e.get("count", 0),
            "satisfaction_rate": _rate(e.get("satisfied", 0), e.get("count", 0)),
            "bad": e.get("bad", 0),
            "real_name_bad_reply_rate": _rate(
                e.get("bad_real_name_replied", 0), e.get("bad_real_name", 0)
            ),
            "objective_bad_rectify_rate": _rate(
                e.get("bad_objective_rectified", 0), e.get("bad_objective", 0)
            ),
        },
        "complaints": {
            "received": k.get("received", 0),
            "closed": k.get("closed", 0),
            "on_time_rate": _rate(k.get("replied_on_time", 0), k.get("replied", 0)),
        },
    }


def metrics_by_center(centers: list[Center], period: Period) -> dict[int, dict]:
    """center id -> {subject: the period's summed metrics of the day totals}."""
    parts: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for subject in _SUBJECTS:
        for center, _day, _key, _label, metrics in facts_rows(
            centers, subject, "all", period.start, period.end
        ):
            parts[center.pk][subject].append(metrics)
    return {c.pk: {s: merge(parts[c.pk][s]) for s in _SUBJECTS} for c in centers}


def summary(centers: list[Center], period: Period) -> dict:
    """The figures of the centres together (one centre: its own)."""
    by_center = metrics_by_center(centers, period)
    return figures({s: merge(m[s] for m in by_center.values()) for s in _SUBJECTS})


def district_summary(centers: list[Center], period: Period) -> dict:
    """Each centre's figures and the district's, the centres in the given order."""
    by_center = metrics_by_center(centers, period)
    total = figures({s: merge(m[s] for m in by_center.values()) for s in _SUBJECTS})
    return {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "centers": [
            {"center": c.code, "name": c.name, **figures(by_center[c.pk])} for c in centers
        ],
        "total": total,
    }
