"""Reads of the hall app."""

from __future__ import annotations

from django.db.models import QuerySet

from govhall.core import hooks
from govhall.core.capabilities import roles_with
from govhall.core.models import Center, User

from .models import DutyCall, DutyCallStatus, Window, WindowPost


def windows_of_center(center: Center) -> QuerySet[Window]:
    return Window.objects.filter(center=center, is_active=True).order_by("number")


def windows_posted(user: User, center: Center) -> list[Window]:
    """The windows where `user` holds the A or B post at `center`."""
    posts = WindowPost.objects.filter(user=user, window__center=center, window__is_active=True)
    return [p.window for p in posts.select_related("window").order_by("window__number")]


def serving_user(window: Window, at=None) -> User | None:
    """Who works `window` now. The staff app answers from the A/B posts and
    presence (leave, training, 暂离, punches; hook `hall.serving_user`); without
    it, the post marked on duty."""
    found = hooks.first("hall.serving_user", window=window, at=at)
    if found is not None:
        return found
    post = window.posts.filter(on_duty=True).select_related("user").order_by("post").first()
    return post.user if post else None


def duty_managers_on_rota(center: Center):
    """Today's 值班长 on the staff app's rota (hook `hall.duty_managers`), or
    None when no rota names anyone for today."""
    return hooks.first("hall.duty_managers", center=center) or None


def duty_managers(center: Center):
    """Who answers a duty call at the centre: today's 值班长 on the staff app's
    rota (hook `hall.duty_managers`), always with the users holding duty.answer
    when no rota names anyone."""
    rota = duty_managers_on_rota(center)
    if rota:
        return rota
    return User.objects.filter(
        is_active=True, memberships__center=center, memberships__role__in=roles_with("duty.answer")
    ).distinct()


def open_calls(center: Center) -> QuerySet[DutyCall]:
    return DutyCall.objects.filter(center=center, status=DutyCallStatus.OPEN).select_related(
        "window", "called_by"
    )


def recent_resolved_calls(center: Center, limit: int = 20) -> QuerySet[DutyCall]:
    return (
        DutyCall.objects.filter(center=center, status=DutyCallStatus.RESOLVED)
        .select_related("window", "called_by", "resolved_by")
        .order_by("-resolved_at")[:limit]
    )
