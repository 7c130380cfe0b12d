"""Reads of training: the plan's months, sessions, exams, each person's record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from govhall.core.actors import Actor
from govhall.core.capabilities import grants
from govhall.core.models import Center, Role, User
from govhall.core.navigation import roles_at

from .models import (
    Attempt,
    AttemptStatus,
    Attendance,
    Candidate,
    Exam,
    ExamStatus,
    Invitation,
    SessionStatus,
    TrainingPlan,
    TrainingSession,
)

# 001 B.6.4: in-service training usually 1-2 times a month.
MONTHLY_MIN, MONTHLY_MAX = 1, 2


@dataclass
class PlanMonth:
    month: dt.date
    sessions: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.sessions)

    @property
    def too_few(self) -> bool:
        return self.count < MONTHLY_MIN

    @property
    def too_many(self) -> bool:
        return self.count > MONTHLY_MAX


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    out, m = [], first.replace(day=1)
    while m <= last:
        out.append(m)
        m = (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def plan_months(plan: TrainingPlan) -> list[PlanMonth]:
    """The plan's months with their (not cancelled) sessions, each flagged when it
    has fewer than 1 or more than 2."""
    months = {m: PlanMonth(m) for m in _months(plan.first_month, plan.last_month)}
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(plan.first_month, dt.time.min, tz)
    last = _months(plan.last_month, plan.last_month)[0]
    end_month = (last.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    end = dt.datetime.combine(end_month, dt.time.min, tz)
    sessions = (
        TrainingSession.objects.filter(center=plan.center, starts_at__gte=start, starts_at__lt=end)
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("starts_at")
    )
    for s in sessions:
        local = timezone.localtime(s.starts_at).date().replace(day=1)
        months[local].sessions.append(s)
    return list(months.values())


def plans(center: Center):
    return TrainingPlan.objects.filter(center=center).order_by("-first_month")


def sessions(center: Center):
    return (
        TrainingSession.objects.filter(center=center)
        .annotate(
            invited=Count("invitations"),
            present=Count("invitations", filter=Q(invitations__attendance=Attendance.PRESENT)),
            pending=Count("invitations", filter=Q(invitations__attendance=Attendance.PENDING)),
        )
        .order_by("-starts_at")
    )


def sessions_needing_attendance(center: Center, now: dt.datetime | None = None):
    """Sessions that have begun and still have someone whose attendance is not
    recorded."""
    now = now or timezone.now()
    return (
        TrainingSession.objects.filter(center=center, starts_at__lte=now)
        .exclude(status=SessionStatus.CANCELLED)
        .filter(invitations__attendance=Attendance.PENDING)
        .distinct()
    )


def exams(center: Center):
    return (
        Exam.objects.filter(center=center)
        .select_related("session")
        .annotate(
            n_questions=Count("questions", distinct=True),
            n_candidates=Count("candidates", distinct=True),
            n_passed=Count("candidates", filter=Q(candidates__passed=True), distinct=True),
        )
        .order_by("-created_at")
    )


def _attempts_left(candidate: Candidate, allowed: int) -> int:
    return max(0, allowed - candidate.attempts.count())


def my_exams(center: Center, user: User) -> list[dict]:
    """The open exams this user is a candidate of, with what they may do."""
    from .exam_services import max_attempts

    allowed = max_attempts(center)
    now = timezone.now()
    rows = []
    for c in (
        Candidate.objects.filter(exam__center=center, user=user, exam__status=ExamStatus.OPEN)
        .select_related("exam")
        .order_by("-exam__opened_at")
    ):
        live = c.attempts.filter(status=AttemptStatus.OPEN, deadline__gte=now).first()
        left = _attempts_left(c, allowed)
        rows.append(
            {
                "candidate": c,
                "exam": c.exam,
                "live": live,
                "left": left,
                "can_start": not c.passed and (left > 0 or live is not None),
            }
        )
    return rows


def exams_waiting_count(center: Center, user: User | None) -> int:
    if user is None:
        return 0
    return sum(1 for r in my_exams(center, user) if r["can_start"])


def department_scope(actor: Actor, center: Center) -> set[int] | None:
    """None: the actor reads every person's record at the centre; else the
    departments whose staff they may read (a 首席代表 reads their department's)."""
    roles = roles_at(actor, center)
    if any(grants(r, "staff.read") for r in roles if r != Role.DEPT_LEAD):
        return None
    return set(actor.departments)


def staff_in_scope(center: Center, departments: set[int] | None):
    users = User.objects.filter(
        staff_profiles__center=center, staff_profiles__is_active=True
    ).order_by("staff_number", "pk")
    if departments is not None:
        users = users.filter(staff_profiles__department__in=departments)
    return users.distinct()


def person_record(center: Center, user: User) -> dict:
    invitations = list(
        Invitation.objects.filter(session__center=center, user=user)
        .exclude(session__status=SessionStatus.CANCELLED)
        .select_related("session")
        .order_by("-session__starts_at")
    )
    candidacies = list(
        Candidate.objects.filter(exam__center=center, user=user)
        .exclude(exam__status=ExamStatus.DRAFT)
        .select_related("exam")
        .prefetch_related("attempts")
        .order_by("-exam__opened_at")
    )
    return {
        "invitations": invitations,
        "attended": sum(1 for i in invitations if i.attendance == Attendance.PRESENT),
        "candidacies": candidacies,
        "probation_pending": [c for c in candidacies if c.exam.is_probation and not c.passed],
    }


def records_overview(center: Center, departments: set[int] | None) -> list[dict]:
    users = list(staff_in_scope(center, departments))
    ids = [u.pk for u in users]
    attended = dict(
        Invitation.objects.filter(
            session__center=center, user_id__in=ids, attendance=Attendance.PRESENT
        )
        .values_list("user_id")
        .annotate(n=Count("pk"))
    )
    cands = Candidate.objects.filter(exam__center=center, user_id__in=ids).exclude(
        exam__status=ExamStatus.DRAFT
    )
    passed = dict(cands.filter(passed=True).values_list("user_id").annotate(n=Count("pk")))
    failed = dict(
        cands.filter(passed=False, attempts_used__gt=0)
        .values_list("user_id")
        .annotate(n=Count("pk"))
    )
    probation: dict[int, bool] = {}  # user id -> has failed an attempt (else still to take)
    for uid, used in cands.filter(exam__is_probation=True, passed=False).values_list(
        "user_id", "attempts_used"
    ):
        probation[uid] = probation.get(uid, False) or used > 0
    return [
        {
            "user": u,
            "attended": attended.get(u.pk, 0),
            "passed": passed.get(u.pk, 0),
            "failed": failed.get(u.pk, 0),
            "probation_pending": u.pk in probation,
            "probation_failed": probation.get(u.pk, False),
        }
        for u in users
    ]


def probation_pending(center: Center):
    """Candidates of probation exams (B.6.5) who have not passed yet."""
    return (
        Candidate.objects.filter(exam__center=center, exam__is_probation=True, passed=False)
        .exclude(exam__status=ExamStatus.DRAFT)
        .select_related("user", "exam")
        .order_by("user__staff_number")
    )


def exam_results(exam: Exam) -> list[Candidate]:
    return list(
        exam.candidates.select_related("user")
        .prefetch_related("attempts")
        .order_by("user__staff_number")
    )


def live_attempt(candidate: Candidate) -> Attempt | None:
    return candidate.attempts.filter(status=AttemptStatus.OPEN).order_by("-number").first()
