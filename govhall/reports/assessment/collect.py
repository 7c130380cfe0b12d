"""The month's raw figures behind each person's scores, read from the apps below
(queueing, feedback, cases, staff): one dict per user id, JSON-safe, no
personal data beyond what the admin already sees (counts and means)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from govhall.cases.models import Case
from govhall.core.models import Center
from govhall.core.months import Month
from govhall.feedback.models import BAD_LEVELS
from govhall.feedback.selectors.evaluations import SATISFIED_LEVELS, rated_in
from govhall.queueing.models import Ticket, TicketStatus
from govhall.staff.attendance.selectors import active_profiles, evaluate_days
from govhall.staff.profiles.models import StaffKind
from govhall.staff.training.models import (
    Attendance,
    Candidate,
    ExamStatus,
    Invitation,
    SessionStatus,
)


def people(center: Center, month: Month):
    """Everyone in post at the centre during the month, the managers aside
    (they run the assessment; they are not ranked among the window staff)."""
    last = month.following_first - dt.timedelta(days=1)
    return list(
        active_profiles(center, month.first, last)
        .exclude(kind=StaffKind.MANAGEMENT)
        .order_by("user__staff_number", "user_id")
    )


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def tickets(center: Center, month: Month, ids: list[int]) -> tuple[dict, dict]:
    """Per person: served, mean service seconds; the centre's means beside them."""
    served: dict[int, list[float]] = defaultdict(list)
    everyone: list[float] = []
    rows = Ticket.objects.filter(
        center=center,
        status=TicketStatus.DONE,
        finished_at__gte=month.start,
        finished_at__lt=month.end,
        started_at__isnull=False,
    ).values_list("served_by_id", "started_at", "finished_at")
    for uid, started, finished in rows:
        seconds = (finished - started).total_seconds()
        if seconds < 0:
            continue
        everyone.append(seconds)
        if uid is not None:
            served[uid].append(seconds)
    serving = [len(v) for v in served.values() if v]
    center_figures = {
        "mean_service": _mean(everyone),
        "mean_served": _mean(serving),
        "tickets": len(everyone),
    }
    per = {
        uid: {"served": len(served.get(uid, [])), "mean_service": _mean(served.get(uid, []))}
        for uid in ids
    }
    return per, center_figures


def ratings(center: Center, month: Month, ids: list[int]) -> dict:
    per = {uid: {"rated": 0, "satisfied": 0, "bad": 0, "bad_unfounded": 0} for uid in ids}
    rows = (
        rated_in([center], month.start, month.end)
        .filter(staff_id__in=ids)
        .values_list("staff_id", "level", "rectification__appeal_upheld")
    )
    for uid, level, unfounded in rows:
        figures = per[uid]
        figures["rated"] += 1
        figures["satisfied"] += level in SATISFIED_LEVELS
        if level in BAD_LEVELS:
            figures["bad"] += 1
            figures["bad_unfounded"] += bool(unfounded)
    return per


def cases(center: Center, month: Month, ids: list[int]) -> dict:
    """Cases decided in the month with a due date, counted once for each person
    who took them in (clerk) or decided them (reviewer)."""
    per = {uid: {"cases": 0, "cases_on_time": 0} for uid in ids}
    rows = Case.objects.filter(
        Q(received_by_id__in=ids) | Q(decided_by_id__in=ids),
        center=center,
        decided_at__gte=month.start,
        decided_at__lt=month.end,
        due_date__isnull=False,
    ).values_list("received_by_id", "decided_by_id", "decided_at", "due_date")
    for clerk, reviewer, decided, due in rows:
        on_time = timezone.localdate(decided) <= due
        for uid in {clerk, reviewer} & set(per):
            per[uid]["cases"] += 1
            per[uid]["cases_on_time"] += on_time
    return per


def attendance(center: Center, month: Month, profiles, now=None) -> dict:
    last = month.following_first - dt.timedelta(days=1)
    evaluated = evaluate_days(center, profiles, month.first, last, now)
    return {
        uid: {
            "days_worked": pm.totals.days_worked,
            "late": pm.totals.late_count,
            "early": pm.totals.early_count,
            "missing": pm.totals.missing,
            "absences": pm.totals.absences,
        }
        for uid, pm in evaluated.items()
    }


def training(center: Center, month: Month, ids: list[int]) -> dict:
    per = {uid: {"invited": 0, "attended": 0, "exam_scores": []} for uid in ids}
    invitations = (
        Invitation.objects.filter(
            session__center=center,
            user_id__in=ids,
            session__starts_at__gte=month.start,
            session__starts_at__lt=month.end,
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .exclude(attendance__in=(Attendance.EXCUSED, Attendance.PENDING))
        .values_list("user_id", "attendance")
    )
    for uid, state in invitations:
        per[uid]["invited"] += 1
        per[uid]["attended"] += state == Attendance.PRESENT
    exams = Candidate.objects.filter(
        exam__center=center,
        user_id__in=ids,
        exam__status=ExamStatus.CLOSED,
        exam__closed_at__gte=month.start,
        exam__closed_at__lt=month.end,
    ).values_list("user_id", "best_score")
    for uid, score in exams:
        per[uid]["exam_scores"].append(float(score or 0))
    return per
