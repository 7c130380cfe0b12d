"""Pages of the exams: the editor (questions, candidates), the results, and the
taking page of the staff member (staff.self). The taking page renders question
and option texts only: the answer key stays in the service."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from govhall.core.errors import DomainError
from govhall.core.web import center_or_404, denied, need

from . import exam_services, selectors
from .forms import CandidatesForm, ExamForm, QuestionForm, apply_error
from .models import Attempt, AttemptStatus, Candidate, Exam, ExamStatus, Question
from .pages import page


def _exam(center, pk) -> Exam:
    exam = Exam.objects.filter(center=center, pk=pk).select_related("session").first()
    if exam is None:
        raise Http404
    return exam


def _editor_url(center, exam) -> str:
    return reverse("staff:training_exam", args=[center.code, exam.pk])


def exam_list(request, center: str):
    found = center_or_404(center)
    _actor, refusal = need(request, found, "training.manage")
    if refusal:
        return refusal
    context = {"center": found, "section": "exams", "exams": selectors.exams(found)}
    return page(request, "exams.html", context)


@require_http_methods(["GET", "POST"])
def exam_new(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "training.manage")
    if refusal:
        return refusal
    initial = {"pass_mark": 80, "time_limit_minutes": 30}
    session_pk = request.GET.get("session", "")
    if session_pk.isdigit():
        initial["session"] = session_pk
    form = ExamForm(
        request.POST if request.method == "POST" else None, center=found, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            exam = exam_services.exam_create(actor=actor, center=found, **form.cleaned_data)
        except DomainError as exc:
            apply_error(form, exc)
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, gettext("已创建考试，请添加试题。"))
            return HttpResponseRedirect(_editor_url(found, exam))
    context = {"center": found, "section": "exams", "form": form}
    return page(request, "exam_new.html", context, status=400 if form.errors else 200)


def exam_editor(request, center: str, pk: int, qform=None, cform=None, status=200):
    found = center_or_404(center)
    _actor, refusal = need(request, found, "training.manage")
    if refusal:
        return refusal
    exam = _exam(found, pk)
    initial = [u.pk for u in exam_services.default_candidates(exam)]
    context = {
        "center": found,
        "section": "exams",
        "exam": exam,
        "questions": exam.questions.prefetch_related("choices"),
        "qform": qform or QuestionForm(),
        "cform": cform or CandidatesForm(center=found, initial={"candidates": initial}),
        "total_points": sum(q.points for q in exam.questions.all()),
    }
    return page(request, "exam.html", context, status=status)


@require_POST
def question_add(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "training.manage")
    if refusal:
        return refusal
    exam = _exam(found, pk)
    form = QuestionForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            exam_services.question_add(
                actor=actor,
                exam=exam,
                kind=data["kind"],
                text=data["text"],
                options=form.option_list(),
                correct=data["correct"],
                points=data["points"],
            )
        except DomainError as exc:
            apply_error(form, exc)
            form.add_error(None, str(exc.message))
            status = exc.status
        else:
            messages.success(request, gettext("已添加试题。"))
            return HttpResponseRedirect(_editor_url(found, exam) + "#questions")
    return exam_editor(request, center, pk, qform=form, status=status)


@require_POST
def question_remove(request, center: str, pk: int, question: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "training.manage")
    if refusal:
        return refusal
    exam = _exam(found, pk)
    q = Question.objects.filter(exam=exam, pk=question).first()
    if q is None:
        raise Http404
    try:
        exam_services.question_remove(actor=actor, question=q)
    except DomainError as exc:
        return denied(request, exc.message, exc.status)
    messages.success(request, gettext("已删除试题。"))
    return HttpResponseRedirect(_editor_url(found, exam) + "#questions")


@require_POST
def exam_publish(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "training.manage")
    if refusal:
        return refusal
    exam = _exam(found, pk)
    form = CandidatesForm(request.POST, center=found)
    status = 400
    if form.is_valid():
        from govhall.core.models import User

        users = list(User.objects.filter(pk__in=form.cleaned_data["candidates"]))
        try:
            exam_services.exam_publish(actor=actor, exam=exam, candidates=users)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
            status = exc.status
        else:
            messages.success(request, gettext("考试已发布，考生可在“我的培训”中参加。"))
            return HttpResponseRedirect(_editor_url(found, exam))
    return exam_editor(request, center, pk, cform=form, status=status)


@require_POST
def exam_close(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "training.manage")
    if refusal:
        return refusal
    exam = _exam(found, pk)
    try:
        exam_services.exam_close(actor=actor, exam=exam)
    except DomainError as exc:
        return denied(request, exc.message, exc.status)
    messages.success(request, gettext("考试已结束。"))
    return HttpResponseRedirect(reverse("staff:training_results", args=[found.code, exam.pk]))


def results(request, center: str, pk: int):
    found = center_or_404(center)
    _actor, refusal = need(request, found, "training.manage")
    if refusal:
        return refusal
    exam = _exam(found, pk)
    context = {
        "center": found,
        "section": "exams",
        "exam": exam,
        "candidates": selectors.exam_results(exam),
        "max_attempts": exam_services.max_attempts(found),
    }
    return page(request, "results.html", context)


# --- the staff member's side ------------------------------------------------------------


def mine(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.self")
    if refusal:
        return refusal
    if actor.user is None:
        return denied(request, gettext("须本人登录"), 403)
    context = {
        "center": found,
        "section": "mine",
        "exams": selectors.my_exams(found, actor.user),
        "person": actor.user,
        "own": True,
        **selectors.person_record(found, actor.user),
    }
    return page(request, "mine.html", context)


def _candidate(actor, exam) -> Candidate:
    candidate = Candidate.objects.filter(exam=exam, user_id=getattr(actor.user, "pk", None)).first()
    if candidate is None:
        raise Http404
    return candidate


def take(request, center: str, pk: int, status=200, error=""):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.self")
    if refusal:
        return refusal
    exam = _exam(found, pk)
    candidate = _candidate(actor, exam)
    live = selectors.live_attempt(candidate)
    overdue = live is not None and timezone.now() > live.deadline + exam_services.GRACE
    context = {
        "center": found,
        "section": "mine",
        "exam": exam,
        "candidate": candidate,
        "live": None if overdue else live,
        "overdue": overdue,
        "left": max(0, exam_services.max_attempts(found) - candidate.attempts.count()),
        "attempts": candidate.attempts.exclude(status=AttemptStatus.OPEN),
        "error": error,
        # Texts only: the choices' is_correct is never put in the context.
        "paper": _paper(exam) if live is not None and not overdue else [],
        "open": exam.status == ExamStatus.OPEN,
    }
    return page(request, "take.html", context, status=status)


def _paper(exam: Exam) -> list[dict]:
    return [
        {
            "id": q.pk,
            "number": q.number,
            "kind": q.kind,
            "kind_label": q.get_kind_display(),
            "text": q.text,
            "points": q.points,
            "options": [{"id": c.pk, "letter": c.letter, "text": c.text} for c in q.choices.all()],
        }
        for q in exam.questions.prefetch_related("choices")
    ]


@require_POST
def start(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.self")
    if refusal:
        return refusal
    exam = _exam(found, pk)
    _candidate(actor, exam)
    try:
        exam_services.attempt_start(actor=actor, exam=exam)
    except DomainError as exc:
        return take(request, center, pk, status=exc.status, error=str(exc.message))
    return HttpResponseRedirect(reverse("staff:training_take", args=[found.code, exam.pk]))


@require_POST
def submit(request, center: str, pk: int, attempt: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.self")
    if refusal:
        return refusal
    exam = _exam(found, pk)
    candidate = _candidate(actor, exam)
    paper = Attempt.objects.filter(candidate=candidate, pk=attempt).first()
    if paper is None:
        raise Http404
    answers = {str(q.pk): request.POST.getlist(f"q{q.pk}") for q in exam.questions.all()}
    try:
        done = exam_services.attempt_submit(actor=actor, attempt=paper, answers=answers)
    except DomainError as exc:
        return take(request, center, pk, status=exc.status, error=str(exc.message))
    return HttpResponseRedirect(reverse("staff:training_attempt", args=[found.code, done.pk]))


def attempt_result(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.self")
    if refusal:
        return refusal
    paper = (
        Attempt.objects.filter(
            pk=pk,
            candidate__exam__center=found,
            candidate__user_id=getattr(actor.user, "pk", None),
        )
        .exclude(status=AttemptStatus.OPEN)
        .select_related("candidate__exam")
        .first()
    )
    if paper is None:
        raise Http404
    candidate = paper.candidate
    context = {
        "center": found,
        "section": "mine",
        "attempt": paper,
        "exam": candidate.exam,
        "candidate": candidate,
        "left": max(0, exam_services.max_attempts(found) - candidate.attempts.count()),
    }
    return page(request, "attempt.html", context)
