"""When a ticket's steps happen, and how long they took: a step is never
before the ticket was taken or before its previous step, and a duration is
never negative (issue 11, finding 4: demo tickets called before they existed
showed waits of -494 minutes).

A time a caller passes explicitly (the demo, an import, a test) that is earlier
than the ticket's last recorded time is refused: it is a bug in the caller. The
server's own clock is clamped instead, since two web servers' clocks may differ
by a little. Figures leave out a duration that ends before it starts (data
written before this guard): clamping it to zero would claim nobody waited."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.errors import ValidationFailed

_STEPS = ("issued_at", "called_at", "first_called_at", "started_at", "no_show_at", "finished_at")


def last_time(ticket) -> dt.datetime:
    return max(t for t in (getattr(ticket, name) for name in _STEPS) if t is not None)


def step_time(ticket, now: dt.datetime | None) -> dt.datetime:
    """The moment of the ticket's next step."""
    floor = last_time(ticket)
    if now is None:
        return max(timezone.now(), floor)
    if now < floor:
        raise ValidationFailed(
            _("时间早于该号码的取号或上一步时间"),
            code="time_before_previous_step",
            fields={"now": now.isoformat()},
        )
    return now


def duration_minutes(start: dt.datetime | None, end: dt.datetime | None) -> float | None:
    """Minutes from start to end; None when either is missing or end is earlier."""
    if start is None or end is None or end < start:
        return None
    return (end - start).total_seconds() / 60
