"""Exams after training (001 B.6.5): questions with their answer key, candidates,
attempts scored by the service. The key never leaves the service before the
candidate hands in: the taking page gets question and option texts only.

Scoring: each question is right (every correct option picked and nothing else)
or wrong; the score is the points earned out of 100, rounded down, so only a
fully right paper scores 100. A candidate who failed may retake the exam up to
`training.exam_retakes` times; one attempt at a time; an attempt handed in after
its time limit (plus a minute's grace for the network) is refused, and the
attempt counts as failed when the next one starts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.center_settings import center_setting
from govhall.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.models import Center, User

from .models import (
    Attempt,
    AttemptStatus,
    Attendance,
    Candidate,
    Choice,
    Exam,
    ExamStatus,
    Question,
    QuestionKind,
    TrainingSession,
)
from .services import center_staff

GRACE = dt.timedelta(seconds=60)
MAX_OPTIONS, OPTION_MAX, QUESTION_MAX, MAX_QUESTIONS = 8, 200, 500, 100
TRUE_FALSE = (_("正确"), _("错误"))


def score_answers(key: Mapping[int, tuple[int, frozenset[int]]], answers: Mapping) -> int:
    """key: question id -> (points, the correct choice ids); answers: question id
    -> the picked choice ids. Points earned out of 100, rounded down."""
    total = sum(points for points, _correct in key.values())
    if total == 0:
        return 0
    earned = sum(
        points
        for qid, (points, correct) in key.items()
        if frozenset(answers.get(qid, ())) == correct
    )
    return earned * 100 // total


def answer_key(exam: Exam) -> dict[int, tuple[int, frozenset[int]]]:
    key: dict[int, tuple[int, frozenset[int]]] = {}
    for q in exam.questions.prefetch_related("choices"):
        key[q.pk] = (q.points, frozenset(c.pk for c in q.choices.all() if c.is_correct))
    return key


def _draft(exam: Exam) -> Exam:
    exam = Exam.objects.select_for_update().get(pk=exam.pk)
    if exam.status != ExamStatus.DRAFT:
        raise InvalidTransition(_("考试已发布，不能再修改试题"), code="exam_not_draft")
    return exam


@transaction.atomic
def exam_create(
    *,
    actor: Actor,
    center: Center,
    title: str,
    session: TrainingSession | None = None,
    pass_mark: int = 60,
    time_limit_minutes: int = 30,
    is_probation: bool = False,
) -> Exam:
    actor.require(center, "training.manage")
    title = (title or "").strip()
    if not title or len(title) > 100:
        raise ValidationFailed(_("请填写考试名称（100字以内）"), fields={"title": _("必填")})
    if session is not None and session.center_id != center.pk:
        raise ValidationFailed(_("培训场次不属于该中心"), fields={"session": _("无效")})
    if not isinstance(pass_mark, int) or not 0 < pass_mark <= 100:
        raise ValidationFailed(_("及格分须在1-100之间"), fields={"pass_mark": _("1-100")})
    if not isinstance(time_limit_minutes, int) or not 1 <= time_limit_minutes <= 240:
        raise ValidationFailed(
            _("考试时长须在1-240分钟之间"), fields={"time_limit_minutes": _("1-240")}
        )
    exam = Exam.objects.create(
        center=center,
        session=session,
        title=title,
        pass_mark=pass_mark,
        time_limit_minutes=time_limit_minutes,
        is_probation=bool(is_probation),
        created_by=actor.user,
    )
    emit("training.exam_created", center=center, aggregate=exam, payload={"exam": exam.pk})
    audit("training.exam_created", actor=actor, center=center, obj=exam)
    return exam


@transaction.atomic
def question_add(
    *,
    actor: Actor,
    exam: Exam,
    kind: str,
    text: str,
    options: list[str],
    correct: set[int],
    points: int = 1,
) -> Question:
    """`options` are the option texts (ignored for a true/false question, whose
    options are 正确 and 错误); `correct` the 0-based indexes of the right ones."""
    actor.require(exam.center, "training.manage")
    exam = _draft(exam)
    text = (text or "").strip()
    if not text or len(text) > QUESTION_MAX:
        raise ValidationFailed(_("请填写题目（500字以内）"), fields={"text": _("必填")})
    if kind == QuestionKind.TRUE_FALSE:
        options = [str(t) for t in TRUE_FALSE]
    elif kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        options = [o.strip() for o in options if o and o.strip()]
    else:
        raise ValidationFailed(_("请选择题型"), fields={"kind": _("请选择题型")})
    if not 2 <= len(options) <= MAX_OPTIONS or any(len(o) > OPTION_MAX for o in options):
        raise ValidationFailed(
            _("选择题须有2-8个选项，每项200字以内"), fields={"options": _("2-8个选项")}
        )
    correct = {i for i in correct if isinstance(i, int)}
    if not correct or any(not 0 <= i < len(options) for i in correct):
        raise ValidationFailed(_("请标出正确答案"), fields={"correct": _("请标出正确答案")})
    if kind != QuestionKind.MULTIPLE and len(correct) != 1:
        raise ValidationFailed(
            _("单选题和判断题只有一个正确答案"), fields={"correct": _("只能有一个正确答案")}
        )
    if not isinstance(points, int) or not 1 <= points <= 100:
        raise ValidationFailed(_("分值须在1-100之间"), fields={"points": _("1-100")})
    count = exam.questions.count()
    if count >= MAX_QUESTIONS:
        raise ValidationFailed(_("一场考试最多100题"), fields={"text": _("一场考试最多100题")})
    last = exam.questions.order_by("-number").values_list("number", flat=True).first() or 0
    question = Question.objects.create(
        exam=exam, number=last + 1, kind=kind, text=text, points=points
    )
    Choice.objects.bulk_create(
        Choice(question=question, number=i + 1, text=o, is_correct=i in correct)
        for i, o in enumerate(options)
    )
    audit("training.question_added", actor=actor, center=exam.center, obj=question)
    return question


@transaction.atomic
def question_remove(*, actor: Actor, question: Question) -> None:
    actor.require(question.exam.center, "training.manage")
    exam = _draft(question.exam)
    audit("training.question_removed", actor=actor, center=exam.center, obj=question)
    question.delete()


def default_candidates(exam: Exam) -> list[User]:
    """Those who attended the exam's session (B.6.5: the exam follows it)."""
    if exam.session_id is None:
        return []
    return [
        i.user
        for i in exam.session.invitations.filter(attendance=Attendance.PRESENT).select_related(
            "user"
        )
    ]


@transaction.atomic
def exam_publish(
    *, actor: Actor, exam: Exam, candidates: list[User], now: dt.datetime | None = None
) -> Exam:
    actor.require(exam.center, "training.manage")
    exam = _draft(exam)
    if not exam.questions.exists():
        raise InvalidTransition(_("考试还没有试题"), code="exam_no_questions")
    if not candidates:
        raise ValidationFailed(_("请选择考生"), fields={"candidates": _("请选择考生")})
    staff_ids = set(center_staff(exam.center).values_list("pk", flat=True))
    if any(u.pk not in staff_ids for u in candidates):
        raise ValidationFailed(
            _("所选人员不在本中心"), fields={"candidates": _("所选人员不在本中心")}
        )
    Candidate.objects.bulk_create(Candidate(exam=exam, user=u) for u in dict.fromkeys(candidates))
    exam.status = ExamStatus.OPEN
    exam.opened_at = now or timezone.now()
    exam.save(update_fields=["status", "opened_at"])
    emit(
        "training.exam_opened",
        center=exam.center,
        aggregate=exam,
        payload={"exam": exam.pk, "candidates": len(candidates)},
    )
    audit("training.exam_opened", actor=actor, center=exam.center, obj=exam)
    return exam


@transaction.atomic
def exam_close(*, actor: Actor, exam: Exam, now: dt.datetime | None = None) -> Exam:
    actor.require(exam.center, "training.manage")
    exam = Exam.objects.select_for_update().get(pk=exam.pk)
    if exam.status != ExamStatus.OPEN:
        raise InvalidTransition(_("只能结束进行中的考试"), code="exam_not_open")
    exam.status = ExamStatus.CLOSED
    exam.closed_at = now or timezone.now()
    exam.save(update_fields=["status", "closed_at"])
    emit("training.exam_closed", center=exam.center, aggregate=exam, payload={"exam": exam.pk})
    audit("training.exam_closed", actor=actor, center=exam.center, obj=exam)
    return exam


def max_attempts(center: Center) -> int:
    return 1 + center_setting(center, "training.exam_retakes")


def _expire_overdue(candidate: Candidate, now: dt.datetime) -> None:
    for attempt in candidate.attempts.filter(status=AttemptStatus.OPEN, deadline__lt=now - GRACE):
        attempt.status = AttemptStatus.EXPIRED
        attempt.score = 0
        attempt.passed = False
        attempt.save(update_fields=["status", "score", "passed"])
        if candidate.best_score is None:
            candidate.best_score = 0
            candidate.save(update_fields=["best_score"])


def _own_candidate(actor: Actor, exam: Exam) -> Candidate:
    actor.require(exam.center, "staff.self")
    if actor.user is None:
        raise PermissionDenied(_("须本人登录参加考试"), code="forbidden_role")
    candidate = (
        Candidate.objects.select_for_update().filter(exam_id=exam.pk, user_id=actor.user.pk).first()
    )
    if candidate is None:
        raise PermissionDenied(_("您不是本场考试的考生"), code="not_a_candidate")
    return candidate


@transaction.atomic
def attempt_start(*, actor: Actor, exam: Exam, now: dt.datetime | None = None) -> Attempt:
    now = now or timezone.now()
    candidate = _own_candidate(actor, exam)
    exam = Exam.objects.get(pk=exam.pk)
    if exam.status != ExamStatus.OPEN:
        raise InvalidTransition(_("考试未开放"), code="exam_not_open")
    _expire_overdue(candidate, now)
    if candidate.attempts.filter(status=AttemptStatus.OPEN).exists():
        raise Conflict(_("您已有一份正在作答的试卷"), code="attempt_open")
    if candidate.passed:
        raise Conflict(_("您已通过本场考试"), code="exam_passed")
    used = candidate.attempts.count()
    if used >= max_attempts(exam.center):
        raise Conflict(_("考试次数已用完"), code="no_attempts_left")
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                candidate=candidate,
                number=used + 1,
                started_at=now,
                deadline=now + dt.timedelta(minutes=exam.time_limit_minutes),
            )
    except IntegrityError as exc:  # a second start racing the first
        raise Conflict(_("您已有一份正在作答的试卷"), code="attempt_open") from exc
    candidate.attempts_used = used + 1
    candidate.save(update_fields=["attempts_used"])
    emit(
        "training.attempt_started",
        center=exam.center,
        aggregate=attempt,
        payload={"exam": exam.pk, "attempt": attempt.number},
    )
    return attempt


def _clean_answers(exam: Exam, answers: Mapping) -> dict[int, list[int]]:
    questions = {q.pk: q for q in exam.questions.prefetch_related("choices")}
    cleaned: dict[int, list[int]] = {}
    for raw_qid, raw_choices in answers.items():
        try:
            qid = int(raw_qid)
            picked = sorted({int(c) for c in raw_choices})
        except (TypeError, ValueError) as exc:
            raise ValidationFailed(_("答案格式无效"), fields={"answers": _("无效")}) from exc
        question = questions.get(qid)
        if question is None:
            raise ValidationFailed(_("试题不属于本场考试"), fields={"answers": str(raw_qid)})
        ids = {c.pk for c in question.choices.all()}
        if not set(picked) <= ids:
            raise ValidationFailed(_("选项不属于该题"), fields={f"q{qid}": _("无效")})
        if question.kind != QuestionKind.MULTIPLE and len(picked) > 1:
            raise ValidationFailed(_("该题只能选一项"), fields={f"q{qid}": _("只能选一项")})
        if picked:
            cleaned[qid] = picked
    return cleaned


@transaction.atomic
def attempt_submit(
    *, actor: Actor, attempt: Attempt, answers: Mapping, now: dt.datetime | None = None
) -> Attempt:
    now = now or timezone.now()
    exam = attempt.candidate.exam
    candidate = _own_candidate(actor, exam)
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.candidate_id != candidate.pk:
        raise PermissionDenied(_("这不是您的试卷"), code="not_your_attempt")
    if attempt.status != AttemptStatus.OPEN:
        raise InvalidTransition(_("这份试卷已交卷或已超时"), code="attempt_closed")
    if now > attempt.deadline + GRACE:
        raise Conflict(_("已超过考试时长，不能再交卷"), code="exam_time_over")
    cleaned = _clean_answers(exam, answers)
    score = score_answers(answer_key(exam), cleaned)
    attempt.answers = {str(k): v for k, v in cleaned.items()}
    attempt.status = AttemptStatus.SUBMITTED
    attempt.submitted_at = now
    attempt.score = score
    attempt.passed = score >= exam.pass_mark
    attempt.save(update_fields=["answers", "status", "submitted_at", "score", "passed"])
    candidate.best_score = max(score, candidate.best_score or 0)
    candidate.passed = candidate.passed or attempt.passed
    candidate.save(update_fields=["best_score", "passed"])
    emit(
        "training.attempt_submitted",
        center=exam.center,
        aggregate=attempt,
        payload={"exam": exam.pk, "attempt": attempt.number, "passed": attempt.passed},
    )
    audit(
        "training.attempt_submitted",
        actor=actor,
        center=exam.center,
        obj=attempt,
        detail={"score": score},
    )
    return attempt
