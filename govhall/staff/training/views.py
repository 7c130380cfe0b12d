"""Pages of the training plan, sessions (attendance) and the training records.
Thin: forms parse, services change, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from govhall.core.errors import Conflict, DomainError
from govhall.core.models import User
from govhall.core.web import center_or_404, need

from . import selectors, services
from .forms import AttendanceForm, CancelForm, PlanForm, SessionForm, apply_error
from .models import SessionStatus, TrainingSession
from .pages import page


def _session(center, pk) -> TrainingSession:
    session = TrainingSession.objects.filter(center=center, pk=pk).first()
    if session is None:
        raise Http404
    return session


def plan(request, center: str, form=None, status=200):
    found = center_or_404(center)
    _actor, refusal = need(request, found, "training.manage")
    if refusal:
        return refusal
    rows = [(p, selectors.plan_months(p)) for p in selectors.plans(found)]
    context = {
        "center": found,
        "section": "plan",
        "plans": rows,
        "form": form or PlanForm(),
        "monthly_min": selectors.MONTHLY_MIN,
        "monthly_max": selectors.MONTHLY_MAX,
    }
    return page(request, "plan.html", context, status)


@require_POST
def plan_add(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "training.manage")
    if refusal:
        return refusal
    form = PlanForm(request.POST)
    if form.is_valid():
        try:
            services.plan_create(actor=actor, center=found, **form.cleaned_data)
        except DomainError as exc:
            apply_error(form, exc)
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, gettext("已制定培训计划。"))
            return HttpResponseRedirect(reverse("staff:training_plan", args=[found.code]))
    return plan(request, center, form=form, status=400)


def session_list(request, center: str):
    found = center_or_404(center)
    _actor, refusal = need(request, found, "training.manage")
    if refusal:
        return refusal
    pending = set(selectors.sessions_needing_attendance(found).values_list("pk", flat=True))
    context = {
        "center": found,
        "section": "sessions",
        "sessions": selectors.sessions(found),
        "needs_attendance": pending,
    }
    return page(request, "sessions.html", context)


@require_http_methods(["GET", "POST"])
def session_new(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "training.manage")
    if refusal:
        return refusal
    form = SessionForm(request.POST if request.method == "POST" else None, center=found)
    uncovered = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitees, audience = services.resolve_audience(
                found,
                mode=data["audience"],
                kind=data["staff_kind"],
                department=data["department"],
                user_ids=data["people"],
            )
            session = services.session_create(
                actor=actor,
                center=found,
                topic=data["topic"],
                kind=data["kind"],
                trainer=data["trainer"],
                place=data["place"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                invitees=invitees,
                audience=audience,
                confirm_uncovered=data["confirm_uncovered"],
            )
        except Conflict as exc:
            # Shown with the confirmation box, not as a plain error.
            uncovered = exc.fields.get("windows", "")
            form.add_error("confirm_uncovered", str(exc.message))
        except DomainError as exc:
            apply_error(form, exc)
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, gettext("已安排培训。"))
            return HttpResponseRedirect(
                reverse("staff:training_session", args=[found.code, session.pk])
            )
    context = {"center": found, "section": "sessions", "form": form, "uncovered": uncovered}
    return page(request, "session_new.html", context, 400 if form.errors else 200)


def session_detail(request, center: str, pk: int, form=None, status=200):
    found = center_or_404(center)
    _actor, refusal = need(request, found, "training.manage")
    if refusal:
        return refusal
    session = _session(found, pk)
    invitations = session.invitations.select_related("user").order_by("user__staff_number")
    context = {
        "center": found,
        "section": "sessions",
        "session": session,
        "form": form or AttendanceForm(invitations=invitations),
        "cancel_form": CancelForm(),
        "exams": session.exams.all(),
        "can_cancel": session.status == SessionStatus.PLANNED,
    }
    return page(request, "session.html", context, status)


@require_POST
def attendance(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "training.manage")
    if refusal:
        return refusal
    session = _session(found, pk)
    invitations = session.invitations.select_related("user").order_by("user__staff_number")
    form = AttendanceForm(request.POST, invitations=invitations)
    status = 400
    if form.is_valid():
        try:
            services.attendance_record(
                actor=actor, session=session, marks=form.marks(), notes=form.notes()
            )
        except DomainError as exc:
            form.add_error(None, str(exc.message))
            status = exc.status
        else:
            messages.success(request, gettext("已记录出勤。"))
            return HttpResponseRedirect(
                reverse("staff:training_session", args=[found.code, session.pk])
            )
    return session_detail(request, center, pk, form=form, status=status)


@require_POST
def session_cancel(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "training.manage")
    if refusal:
        return refusal
    session = _session(found, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.session_cancel(
                actor=actor, session=session, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return session_detail(request, center, pk, status=exc.status)
        messages.success(request, gettext("已取消培训。"))
        return HttpResponseRedirect(reverse("staff:training_sessions", args=[found.code]))
    messages.error(request, gettext("请填写取消原因"))
    return session_detail(request, center, pk, status=400)


def records(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.read")
    if refusal:
        return refusal
    scope = selectors.department_scope(actor, found)
    context = {
        "center": found,
        "section": "records",
        "rows": selectors.records_overview(found, scope),
        "scoped": scope is not None,
        "probation": [
            c
            for c in selectors.probation_pending(found)
            if scope is None or selectors.staff_in_scope(found, scope).filter(pk=c.user_id).exists()
        ],
    }
    return page(request, "records.html", context)


def record(request, center: str, user_id: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.read", "staff.self")
    if refusal:
        return refusal
    person = User.objects.filter(pk=user_id).first()
    if person is None:
        raise Http404
    if person.pk != getattr(actor.user, "pk", None):
        # Someone else's record: the centre's readers, a 首席代表 for their department.
        if not actor.can(found, "staff.read"):
            raise Http404
        scope = selectors.department_scope(actor, found)
        if not selectors.staff_in_scope(found, scope).filter(pk=person.pk).exists():
            raise Http404
    context = {
        "center": found,
        "section": "records",
        "person": person,
        "own": person.pk == getattr(actor.user, "pk", None),
        **selectors.person_record(found, person),
    }
    return page(request, "record.html", context)
