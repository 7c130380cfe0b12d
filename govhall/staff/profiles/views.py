"""The staff profiles' pages: the centre's staff list, a profile, creating,
editing and ending one, its photo and certificates. Thin: services change,
selectors read; bad input re-renders the form with its errors."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from govhall.core.errors import DomainError, NotFound
from govhall.core.models import Membership
from govhall.core.web import center_or_404, need

from . import selectors, services
from .forms import CertificateForm, PhotoForm, ProfileCreateForm, ProfileEditForm, ProfileEndForm
from .models import Certificate, StaffKind, StaffProfile

PASSWORD_KEY = "staff_first_password"


def _put_errors(form, exc: DomainError) -> None:
    """The service's refusal onto the form: its fields, else the whole form."""
    placed = False
    for field, message in exc.fields.items():
        if field in form.fields:
            form.add_error(field, str(message))
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


def _profile_or_404(actor, center, pk: int) -> StaffProfile:
    try:
        return selectors.profile_for(actor, center, pk)
    except NotFound as exc:
        raise Http404 from exc


def staff_list(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.read")
    if refusal:
        return refusal
    include_ended = request.GET.get("ended") == "1"
    only_flagged = request.GET.get("certs") == "1"
    kind = request.GET.get("kind", "")
    profiles = selectors.visible_profiles(actor, found, include_ended=include_ended)
    if kind in StaffKind.values:
        profiles = profiles.filter(kind=kind)
    profiles = list(profiles)
    today = timezone.localdate()
    flags = selectors.certificate_flags(found, profiles, today)
    if only_flagged:
        profiles = [p for p in profiles if p.pk in flags]
    posts: dict[int, list] = {}
    for row in selectors.window_posts(found):
        for held in (row.a, row.b):
            if held is not None:
                posts.setdefault(held.user_id, []).append(held)
    rows = [
        {
            "profile": p,
            "tenure": selectors.tenure(p, today),
            "posts": posts.get(p.user_id, []),
            "flag": flags.get(p.pk, ""),
        }
        for p in profiles
    ]
    context = {
        "center": found,
        "rows": rows,
        "kinds": StaffKind.choices,
        "kind": kind,
        "include_ended": include_ended,
        "only_flagged": only_flagged,
        "can_manage": actor.can(found, "staff.manage"),
        "scoped": selectors.lead_departments(actor, found) is not None,
        "warning_days": selectors.warning_days(found),
    }
    return render(request, "staff/profiles/list.html", context)


def certificates_due(request, center: str):
    """The certificates that expired or expire within the centre's warning
    days, for whoever keeps the staff's papers (the workbench count's page)."""
    found = center_or_404(center)
    _actor, refusal = need(request, found, "staff.manage")
    if refusal:
        return refusal
    today = timezone.localdate()
    days = selectors.warning_days(found)
    rows = [
        (c, selectors.certificate_state(c, today, days))
        for c in selectors.flagged_certificates(found, today).order_by("expires_on")
    ]
    context = {"center": found, "rows": rows, "warning_days": days}
    return render(request, "staff/profiles/certificates_due.html", context)


def _profile_context(request, actor, center, profile, **forms) -> dict:
    today = timezone.localdate()
    can_manage = actor.can(center, "staff.manage")
    roles = Membership.objects.filter(user=profile.user, center=center)
    context = {
        "center": center,
        "profile": profile,
        "tenure": selectors.tenure(profile, today),
        "posts": selectors.posts_held(center, profile.user_id),
        "certificates": selectors.certificates_with_state(profile, today),
        "roles": [m.get_role_display() for m in roles],
        "can_manage": can_manage and profile.is_active,
        "is_own": actor.user is not None and actor.user.pk == profile.user_id,
        "first_password": request.session.pop(PASSWORD_KEY, None)
        if request.session.get(PASSWORD_KEY, {}).get("profile") == profile.pk
        else None,
        "warning_days": selectors.warning_days(center),
    }
    if context["can_manage"]:
        context.setdefault("photo_form", PhotoForm())
        context.setdefault("certificate_form", CertificateForm())
        context.setdefault("end_form", ProfileEndForm(initial={"ended_on": today}))
    context.update(forms)
    return context


def profile(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.read", "staff.self")
    if refusal:
        return refusal
    item = _profile_or_404(actor, found, pk)
    return render(
        request, "staff/profiles/profile.html", _profile_context(request, actor, found, item)
    )


def my_profile(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.self")
    if refusal:
        return refusal
    item = selectors.own_profile(actor, found)
    if item is None:
        return render(request, "staff/profiles/no_profile.html", {"center": found})
    return render(
        request, "staff/profiles/profile.html", _profile_context(request, actor, found, item)
    )


@require_http_methods(["GET", "POST"])
def profile_new(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.manage")
    if refusal:
        return refusal
    form = ProfileCreateForm(
        request.POST or None, center=found, initial={"started_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created, password = services.profile_create(actor=actor, center=found, **data)
        except DomainError as exc:
            _put_errors(form, exc)
        else:
            # Shown once, on the next page, then gone from the session.
            request.session[PASSWORD_KEY] = {"profile": created.pk, "password": password}
            messages.success(request, gettext("已创建人员档案和登录账号。"))
            return HttpResponseRedirect(reverse("staff:profile", args=[found.code, created.pk]))
    status = 422 if form.errors else 200
    return render(
        request, "staff/profiles/form.html", {"center": found, "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
def profile_edit(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.manage")
    if refusal:
        return refusal
    item = _profile_or_404(actor, found, pk)
    initial = {
        "full_name": item.user.display_name,
        "kind": item.kind,
        "department": item.department_id,
        "title": item.title,
        "started_on": item.started_on,
    }
    form = ProfileEditForm(request.POST or None, center=found, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(actor=actor, profile=item, **form.cleaned_data)
        except DomainError as exc:
            _put_errors(form, exc)
        else:
            messages.success(request, gettext("档案已保存。"))
            return HttpResponseRedirect(reverse("staff:profile", args=[found.code, item.pk]))
    status = 422 if form.errors else 200
    context = {"center": found, "form": form, "profile": item}
    return render(request, "staff/profiles/form.html", context, status=status)


def _managed(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.manage")
    if refusal:
        return found, actor, None, refusal
    return found, actor, _profile_or_404(actor, found, pk), None


def _again(request, actor, found, item, status: int, **forms):
    context = _profile_context(request, actor, found, item, **forms)
    return render(request, "staff/profiles/profile.html", context, status=status)


@require_POST
def profile_end(request, center: str, pk: int):
    found, actor, item, refusal = _managed(request, center, pk)
    if refusal:
        return refusal
    form = ProfileEndForm(request.POST)
    if form.is_valid():
        try:
            left = services.profile_end(
                actor=actor, profile=item, ended_on=form.cleaned_data["ended_on"]
            )
        except DomainError as exc:
            _put_errors(form, exc)
            return _again(request, actor, found, item, exc.status, end_form=form)
        messages.success(request, gettext("已办理离岗，其在本中心的角色已停用。"))
        for window in left:
            messages.warning(request, gettext("%(window)s 需要重新安排AB岗。") % {"window": window})
        return HttpResponseRedirect(reverse("staff:profile", args=[found.code, item.pk]))
    return _again(request, actor, found, item, 422, end_form=form)


@require_POST
def photo_upload(request, center: str, pk: int):
    found, actor, item, refusal = _managed(request, center, pk)
    if refusal:
        return refusal
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.profile_photo_set(actor=actor, profile=item, upload=form.cleaned_data["photo"])
        except DomainError as exc:
            _put_errors(form, exc)
            return _again(request, actor, found, item, exc.status, photo_form=form)
        messages.success(request, gettext("照片已更新。"))
        return HttpResponseRedirect(reverse("staff:profile", args=[found.code, item.pk]))
    return _again(request, actor, found, item, 422, photo_form=form)


def photo(request, center: str, pk: int):
    """The photo of a profile, to the staff pages and the window service board
    only: those who read staff, the board's screens, and the person themself."""
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.read", "board.read", "staff.self")
    if refusal:
        return refusal
    item = StaffProfile.objects.filter(center=found, pk=pk).first()
    if item is None or not item.photo:
        raise Http404
    mine = actor.user is not None and actor.user.pk == item.user_id
    if not (mine or actor.can(found, "staff.read") or actor.can(found, "board.read")):
        raise Http404
    if not (mine or item.is_active):
        raise Http404
    try:
        handle = item.photo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def certificate_add(request, center: str, pk: int):
    found, actor, item, refusal = _managed(request, center, pk)
    if refusal:
        return refusal
    form = CertificateForm(request.POST)
    if form.is_valid():
        try:
            services.certificate_add(actor=actor, profile=item, **form.cleaned_data)
        except DomainError as exc:
            _put_errors(form, exc)
            return _again(request, actor, found, item, exc.status, certificate_form=form)
        messages.success(request, gettext("证书已登记。"))
        return HttpResponseRedirect(reverse("staff:profile", args=[found.code, item.pk]))
    return _again(request, actor, found, item, 422, certificate_form=form)


@require_POST
def certificate_remove(request, center: str, pk: int, cert: int):
    found, actor, item, refusal = _managed(request, center, pk)
    if refusal:
        return refusal
    certificate = Certificate.objects.filter(profile=item, pk=cert).first()
    if certificate is None:
        raise Http404
    services.certificate_remove(actor=actor, certificate=certificate)
    messages.success(request, gettext("证书已删除。"))
    return HttpResponseRedirect(reverse("staff:profile", args=[found.code, item.pk]))
