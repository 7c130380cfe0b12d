"""The workbench (工作台): after login, what waits for the user's roles at the
chosen centre and links to all their pages, from the navigation registry; a
centre switcher for users of several centres; the district view for the
supervisor (every centre of the district side by side)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import navigation
from .actors import Actor, actor_for_user
from .models import Center, Role

CENTER_KEY = "govhall_center"


def centers_of(actor: Actor) -> list[Center]:
    qs = Center.objects.select_related("district").order_by("district__code", "code")
    return list(actor.scoped(qs, "pk"))


def current_center(request, actor: Actor, centers: list[Center] | None = None) -> Center | None:
    """The centre chosen in this session, else the user's first one."""
    centers = centers_of(actor) if centers is None else centers
    chosen = request.session.get(CENTER_KEY)
    return next((c for c in centers if c.pk == chosen), centers[0] if centers else None)


def bar_context(request, page_center: Center | None = None) -> dict:
    """What the staff base template shows: user, centre (the page's own, when it
    is one of the user's), roles there, the switcher and the navigation."""
    user = request.user
    if not user.is_authenticated:
        return {}
    actor = actor_for_user(user)
    centers = centers_of(actor)
    center = page_center if page_center in centers else current_center(request, actor, centers)
    if center is None:
        return {"bar_user": user}
    held = navigation.roles_at(actor, center) if not actor.is_superuser else frozenset()
    return {
        "bar_user": user,
        "bar_center": center,
        "bar_centers": centers if len(centers) > 1 else [],
        "bar_roles": [Role(r).label for r in Role.values if r in held],
        "bar_links": navigation.links(actor, center),
    }


@login_required
def workbench(request):
    actor = actor_for_user(request.user)
    centers = centers_of(actor)
    center = current_center(request, actor, centers)
    supervisor = center is not None and Role.SUPERVISOR in navigation.roles_at(actor, center)
    context = {
        "center": center,
        "links": navigation.links(actor, center, with_waiting=True) if center else [],
        # The district view: every centre of the supervisor's district, with counts.
        "district": [
            {"center": c, "links": navigation.links(actor, c, with_waiting=True)}
            for c in centers
            if supervisor and c.district_id == center.district_id
        ],
    }
    return render(request, "core/workbench.html", context)


@login_required
@require_POST
def center_switch(request):
    actor = actor_for_user(request.user)
    code = (request.POST.get("center") or "")[:32]
    chosen = next((c for c in centers_of(actor) if c.code == code), None)
    if chosen is not None:
        request.session[CENTER_KEY] = chosen.pk
    return back_to_next(request, reverse("workplace"))


def back_to_next(request, fallback: str) -> HttpResponseRedirect:
    """Back to the posted `next` when it is a page of this site, else `fallback`."""
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = fallback
    return HttpResponseRedirect(target)
