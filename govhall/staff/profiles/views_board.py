"""The windows' A/B posts (001 附录B B.4) and the window service board
(窗口服务牌, 003 两牌三栏): printable per window and for all windows, and the
hall-screen variant that shows who serves now (staff.posts.serving)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from govhall.core.errors import DomainError
from govhall.core.models import User
from govhall.core.web import center_or_404, need
from govhall.hall.models import Post, Window

from .. import posts as staff_posts
from . import selectors, services
from .forms import PostForm


def _posts_page(request, found, *, status: int = 200, error: str = "", error_window: str = ""):
    context = {
        "center": found,
        "rows": selectors.window_posts(found),
        "people": list(selectors.assignable_profiles(found)),
        "error": error,
        "error_window": error_window,
    }
    return render(request, "staff/profiles/posts.html", context, status=status)


def posts(request, center: str):
    found = center_or_404(center)
    _actor, refusal = need(request, found, "staff.manage")
    if refusal:
        return refusal
    return _posts_page(request, found)


@require_POST
def post_assign(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "staff.manage")
    if refusal:
        return refusal
    form = PostForm(request.POST)
    if not form.is_valid():
        return _posts_page(request, found, status=422, error=gettext("请选择窗口、岗位和人员"))
    data = form.cleaned_data
    window = Window.objects.filter(center=found, code=data["window"], is_active=True).first()
    if window is None:
        return _posts_page(request, found, status=404, error=gettext("窗口不存在"))
    user = None
    if data["user"]:
        user = User.objects.filter(pk=data["user"]).first()
        if user is None:
            return _posts_page(
                request, found, status=404, error=gettext("人员不存在"), error_window=window.code
            )
    try:
        services.post_assign(actor=actor, window=window, post=data["post"], user=user)
    except DomainError as exc:
        return _posts_page(
            request, found, status=exc.status, error=str(exc.message), error_window=window.code
        )
    label = Post(data["post"]).label
    if user is None:
        messages.warning(
            request,
            gettext("%(window)s 的%(post)s已空缺。") % {"window": window, "post": label},
        )
    else:
        messages.success(
            request,
            gettext("%(window)s 的%(post)s：%(name)s")
            % {"window": window, "post": label, "name": user.display_name},
        )
    return HttpResponseRedirect(reverse("staff:posts", args=[found.code]) + f"#w-{window.code}")


def service_board(request, center: str):
    """Every window's service board, one printed page each."""
    found = center_or_404(center)
    _actor, refusal = need(request, found, "staff.read")
    if refusal:
        return refusal
    windows = list(Window.objects.filter(center=found, is_active=True).order_by("number"))
    context = {"center": found, "boards": selectors.board_rows(found, windows), "all": True}
    return render(request, "staff/profiles/service_board.html", context)


def service_board_window(request, center: str, code: str):
    found = center_or_404(center)
    _actor, refusal = need(request, found, "staff.read")
    if refusal:
        return refusal
    window = Window.objects.filter(center=found, code=code, is_active=True).first()
    if window is None:
        raise Http404
    context = {"center": found, "boards": selectors.board_rows(found, [window]), "all": False}
    return render(request, "staff/profiles/service_board.html", context)


def service_screen(request, center: str):
    """The hall screen: who serves at each window now, by the A/B rule and
    presence (A at post; A away: B; both away: the named cover)."""
    found = center_or_404(center)
    _actor, refusal = need(request, found, "board.read")
    if refusal:
        return refusal
    windows = Window.objects.filter(center=found, is_active=True).order_by("number")
    code = (request.GET.get("window") or "")[:32]
    if code:
        windows = windows.filter(code=code)
    now = timezone.now()
    profiles = {p.user_id: p for p in found.staff_profiles.filter(is_active=True)}
    cells = []
    for window in windows:
        serving = staff_posts.serving(window, now)
        person = None
        if serving is not None:
            profile = profiles.get(serving.user.pk)
            person = {
                "name": serving.user.display_name,
                "staff_number": serving.user.staff_number,
                "department": str(profile.department)
                if profile and profile.department
                else found.name,
                "post": serving.post,
                "profile": profile,
            }
        cells.append({"window": window, "person": person})
    context = {"center": found, "cells": cells, "now": timezone.localtime(now)}
    return render(request, "staff/profiles/service_screen.html", context)
