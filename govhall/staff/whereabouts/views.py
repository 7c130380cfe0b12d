"""The whereabouts board (public, the hall's screen), one's own 暂离 panel
(staff.self) and the centre's whereabouts page (staff.read; marking someone
away or back: staff.manage). Thin: services change, selectors read."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from govhall.core.errors import Conflict, DomainError, ValidationFailed
from govhall.core.models import Membership, User
from govhall.core.web import center_or_404, need
from govhall.staff import posts, presence

from . import selectors, services
from .forms import AwayForForm, AwayForm, default_back

FIELD_OF = {"expected_back_at": "back_at"}


def _windows(rows):
    """The board's rows grouped by window, for the cards of the screen."""
    return [
        {"number": number, "name": group[0].window_name, "rows": group}
        for number, group in ((n, list(g)) for n, g in groupby(rows, key=lambda r: r.window_number))
    ]


def board(request, center: str):
    """工作人员去向栏: public, on the hall's screen; re-read every 15 s (htmx)."""
    found = center_or_404(center)
    now = timezone.now()
    rows = selectors.board_rows(found, now)
    context = {"center": found, "windows": _windows(rows), "now": timezone.localtime(now)}
    template = "staff/whereabouts/board.html"
    if request.htmx:
        template += "#cards"
    return render(request, template, context)


def _apply(form, exc: DomainError) -> dict:
    """Put a refusal on the form; the context for the uncovered-window warning."""
    if isinstance(exc, Conflict) and exc.code == "window_uncovered":
        return {"warning": exc.message}
    if isinstance(exc, ValidationFailed) and exc.fields:
        for key, message in exc.fields.items():
            name = FIELD_OF.get(key, key)
            form.add_error(name if name in form.fields else None, str(message))
        return {}
    return {"error": exc.message}


def _status(exc: DomainError) -> int:
    """A form the service refused is re-rendered as a bad request; a conflict is one."""
    return 400 if isinstance(exc, ValidationFailed) else exc.status


# --- one's own 暂离 ---------------------------------------------------------------------


def _me_context(found, actor, form=None, **extra) -> dict:
    user = actor.user
    now = timezone.now()
    status, until, _label = presence.status_at(found, [user.pk], now)[user.pk]
    held = posts.windows_held(found, user)
    serving = {p.window_id: posts.serving(p.window, now) for p in held}
    return {
        "center": found,
        "status": status,
        "status_label": selectors.STATUS_LABELS.get(status) or selectors.off_label(found, now),
        "until": until,
        "open": selectors.open_away(found, user),
        "held": [{"post": p, "serving": serving[p.window_id]} for p in held],
        "today": selectors.away_of_day(found).filter(user=user),
        "form": form or AwayForm(initial={"back_at": default_back(now)}),
        **extra,
    }


def me(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.self")
    if refusal:
        return refusal
    return render(request, "staff/whereabouts/me.html", _me_context(found, actor))


@require_POST
def me_away(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.self")
    if refusal:
        return refusal
    form = AwayForm(request.POST)
    extra: dict = {}
    if form.is_valid():
        try:
            services.away_start(
                actor=actor,
                center=found,
                reason=form.cleaned_data["reason"],
                expected_back_at=form.expected_back_at(),
                note=form.cleaned_data["note"],
                accept_uncovered=form.cleaned_data["accept_uncovered"],
            )
        except DomainError as exc:
            extra = _apply(form, exc)
            status = _status(exc)
        else:
            messages.success(request, gettext("已登记暂离，返回后请点击“我已返岗”。"))
            return HttpResponseRedirect(reverse("staff:whereabouts_me", args=[found.code]))
    else:
        status = 400
    context = _me_context(found, actor, form, **extra)
    return render(request, "staff/whereabouts/me.html", context, status=status)


@require_POST
def me_back(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.self")
    if refusal:
        return refusal
    try:
        services.away_end(actor=actor, center=found)
    except DomainError as exc:
        context = _me_context(found, actor, error=exc.message)
        return render(request, "staff/whereabouts/me.html", context, status=exc.status)
    messages.success(request, gettext("已登记返岗。"))
    return HttpResponseRedirect(reverse("staff:whereabouts_me", args=[found.code]))


# --- the centre's page ------------------------------------------------------------------


def _centre_context(found, actor, form=None, **extra) -> dict:
    now = timezone.now()
    manage = actor.can(found, "staff.manage")
    return {
        "center": found,
        "windows": _windows(selectors.board_rows(found, now)),
        "records": selectors.away_of_day(found),
        "uncovered": [
            {"away": a, "windows": services.window_names(a.uncovered, found)}
            for a in selectors.uncovered_open(found).select_related("user")
        ],
        "manage": manage,
        "form": form or (AwayForForm(initial={"back_at": default_back(now)}) if manage else None),
        "now": timezone.localtime(now),
        **extra,
    }


def centre(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.read")
    if refusal:
        return refusal
    return render(request, "staff/whereabouts/centre.html", _centre_context(found, actor))


def _member(found, staff_number: str) -> User | None:
    if not staff_number.strip():
        return None
    return User.objects.filter(
        staff_number=staff_number.strip()[:32],
        pk__in=Membership.objects.filter(center=found).values("user_id"),
    ).first()


@require_POST
def centre_away(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.manage")
    if refusal:
        return refusal
    form = AwayForForm(request.POST)
    extra: dict = {}
    status = 400
    if form.is_valid():
        person = _member(found, form.cleaned_data["staff_number"])
        if person is None:
            form.add_error("staff_number", gettext("本中心没有该工号的工作人员"))
        else:
            try:
                services.away_start(
                    actor=actor,
                    center=found,
                    user=person,
                    reason=form.cleaned_data["reason"],
                    expected_back_at=form.expected_back_at(),
                    note=form.cleaned_data["note"],
                    accept_uncovered=form.cleaned_data["accept_uncovered"],
                )
            except DomainError as exc:
                extra = _apply(form, exc)
                status = _status(exc)
            else:
                messages.success(
                    request,
                    gettext("已为 %(name)s 登记暂离。") % {"name": person.display_name},
                )
                return HttpResponseRedirect(reverse("staff:whereabouts", args=[found.code]))
    context = _centre_context(found, actor, form, **extra)
    return render(request, "staff/whereabouts/centre.html", context, status=status)


@require_POST
def centre_back(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.manage")
    if refusal:
        return refusal
    person = _member(found, request.POST.get("staff_number", ""))
    try:
        if person is None:
            raise ValidationFailed(gettext("本中心没有该工号的工作人员"))
        services.away_end(actor=actor, center=found, user=person)
    except DomainError as exc:
        context = _centre_context(found, actor, error=exc.message)
        return render(request, "staff/whereabouts/centre.html", context, status=_status(exc))
    messages.success(request, gettext("已为 %(name)s 登记返岗。") % {"name": person.display_name})
    return HttpResponseRedirect(reverse("staff:whereabouts", args=[found.code]))
