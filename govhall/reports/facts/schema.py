"""What the daily facts hold: the subjects, their dimensions and their additive
metrics, and how the derived figures (means, rates, percentiles) come from them.

Every metric is additive across days and keys: a count, a sum, or a histogram
{bucket: count} (the wait in whole minutes, capped at HIST_CAP), so a period's
p90 is read from the summed histogram, exact to the minute."""

from __future__ import annotations

from collections.abc import Iterable

HIST_CAP = 240  # minutes; longer waits fall in the last bucket

# subject -> the dimensions it is kept by ("all" is the day's total, key "")
SUBJECTS: dict[str, tuple[str, ...]] = {
    "tickets": ("all", "queue", "window", "staff", "item", "hour", "channel", "group"),
    "bookings": ("all", "channel", "item"),
    "cases": ("all", "item", "department", "mode", "channel"),
    "evaluations": ("all", "channel", "staff", "item", "department", "window"),
    "complaints": ("all", "channel"),
    "assist": ("all", "kind"),
    "printing": ("all",),
    "deliveries": ("all",),
    "enquiries": ("all", "channel"),
}

# subject -> its additive metrics (the contract between the job that writes the
# facts and every page, export and endpoint that reads them). A day's row holds
# only the metrics that are not zero.
METRICS: dict[str, tuple[str, ...]] = {
    # waited/wait_seconds/wait_hist: tickets called that day (issue → first call);
    # service_count/service_seconds: tickets finished (start → finish)
    "tickets": (
        "issued",
        "served",
        "no_show",
        "cancelled",
        "waited",
        "wait_seconds",
        "wait_hist",
        "service_count",
        "service_seconds",
        "expired",
    ),
    "bookings": ("made", "kept", "no_show", "cancelled"),
    # accepted/online/immediate by the day of acceptance; completed/on_time/late
    # by the day of completion; overdue: open cases whose due date passed that day
    "cases": (
        "received",
        "accepted",
        "refused",
        "supplement",
        "completed",
        "on_time",
        "late",
        "overdue",
        "immediate",
        "online",
        "withdrawn",
        "terminated",
    ),
    "evaluations": (
        "count",
        "satisfied",
        "bad",
        "bad_real_name",
        "bad_real_name_replied",
        "bad_objective",
        "bad_objective_rectified",
    ),
    # closed/closed_on_time by closed_at; replied/replied_on_time by replied_at
    # (feedback's monthly on-time rate is over the replies); on time: that day
    # not after the promised reply date
    "complaints": ("received", "closed", "closed_on_time", "replied", "replied_on_time"),
    "assist": ("requests", "done"),
    "printing": ("jobs", "sheets", "refused"),
    "deliveries": ("parcels", "delivered", "returned"),
    "enquiries": ("received", "closed", "callback_overdue"),
}


def merge(rows: Iterable[dict]) -> dict:
    """Sum metric dicts: numbers add, histograms add bucket by bucket."""
    total: dict = {}
    for metrics in rows:
        for name, value in metrics.items():
            if isinstance(value, dict):
                bucket = total.setdefault(name, {})
                for k, n in value.items():
                    bucket[k] = bucket.get(k, 0) + n
            else:
                total[name] = total.get(name, 0) + value
    return total


def percentile(hist: dict, q: float) -> float | None:
    """The q-quantile (0..1) of a {minute: count} histogram, in minutes, by the
    nearest-rank rule; None when empty."""
    n = sum(hist.values())
    if not n:
        return None
    rank = max(1, -(-int(q * n * 1000) // 1000))  # ceil(q*n) without float drift
    seen = 0
    for minute in sorted(hist, key=int):
        seen += hist[minute]
        if seen >= rank:
            return float(int(minute))
    return float(int(max(hist, key=int)))


def ratio(part: float, whole: float) -> float | None:
    return None if not whole else part / whole
