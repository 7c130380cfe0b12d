"""The deadline sweep: warnings on running clocks, lapsed commitments."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from govhall.core.center_settings import center_setting
from govhall.core.services import sweep_each
from govhall.core.workdays import WARNING_RANK, deadline_warning

from ..models import (
    CLOCK_RUNNING,
    Case,
    CaseStatus,
    WarningLevel,
)
from .base import (
    _emit,
    _lock,
    _now,
)
from .commitment import (
    case_commitment_lapse,
)
from .ending import case_supplement_lapse
from .online import online_deem_accepted

# --- the deadline sweep ----------------------------------------------------------------------


@transaction.atomic
def case_warn(*, case: Case, today: dt.date) -> str | None:
    """Raise the case's warning to what `today` calls for: yellow within the
    centre's threshold of working days before the due date, red after it.
    Returns the new level, or None when nothing changed (safe to run twice)."""
    case = _lock(case)
    if case.status not in CLOCK_RUNNING or case.due_date is None:
        return None
    threshold = center_setting(case.center, "cases.warning_days")
    level = deadline_warning(case.due_date, today, threshold)
    if WARNING_RANK[level] <= WARNING_RANK[case.warning]:
        return None
    case.warning = level
    case.warned_at = timezone.now()
    case.save(update_fields=["warning", "warned_at"])
    _emit("case.warning", case, level=level)
    return level


def cases_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The scheduled sweep: warnings on running clocks, revocation of lapsed
    commitments. Each case in its own short transaction; safe to run twice."""
    now = _now(now)
    today = timezone.localdate(now)
    counts = {"yellow": 0, "red": 0, "revoked": 0, "lapsed": 0, "deemed": 0, "errors": 0}
    running = Case.objects.filter(status__in=CLOCK_RUNNING, due_date__isnull=False).exclude(
        warning=WarningLevel.RED
    )
    warn = sweep_each(running, lambda c: case_warn(case=c, today=today), counts, "case warning")
    for level in warn:
        if level:
            counts[level] += 1
    lapsed = Case.objects.filter(status=CaseStatus.COMMITTED, commitment_due__lt=today)
    for _case in sweep_each(
        lapsed, lambda c: case_commitment_lapse(case=c, now=now), counts, "case revocation"
    ):
        counts["revoked"] += 1
    unsupplemented = Case.objects.filter(status=CaseStatus.SUPPLEMENT, supplement_due__lt=today)
    for _case in sweep_each(
        unsupplemented, lambda c: case_supplement_lapse(case=c, now=now), counts, "case lapse"
    ):
        counts["lapsed"] += 1
    # Art. 32: online applications unanswered past the pre-check days.
    waiting = Case.objects.filter(status=CaseStatus.PRECHECK, precheck_due__lt=today)
    for deemed in sweep_each(
        waiting, lambda c: online_deem_accepted(case=c, now=now), counts, "case deemed"
    ):
        counts["deemed"] += bool(deemed)
    return counts
