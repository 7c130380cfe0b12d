"""The A/B posts of every window (001 附录B B.4): A serves; when A is away, B
takes over and works as the window's post; the two are never both away, unless
the centre has named a cover (E.2.3). Who serves is read from presence at the
moment asked, so the console, the window service board and the whereabouts
board agree at every moment."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from govhall.core.models import Center, User
from govhall.hall.models import Window, WindowPost

from . import presence


@dataclass(frozen=True)
class Serving:
    window: Window
    user: User
    post: str  # "A", "B", or "cover" (named for an absence)


def serving(
    window: Window,
    at: dt.datetime | None = None,
    *,
    posts: list[WindowPost] | None = None,
    away: dict[int, presence.Absence] | None = None,
    here: set[int] | None = None,
) -> Serving | None:
    """Who serves at `window` at `at`: the post on duty if they are there, else
    the other post, else a cover named for the absent; None: nobody. A caller
    asking for every window (the whereabouts board) passes the window's posts
    and the presence it has read once for the whole centre."""
    at = at or timezone.now()
    if posts is None:
        posts = list(window.posts.select_related("user").order_by("post"))
    if not posts:
        return None
    ids = [p.user_id for p in posts]
    if away is None:
        away = presence.absent_at(window.center, ids, at)
    if here is None:
        here = presence.present_at(window.center, ids, at)
    away = {uid: a for uid, a in away.items() if uid in ids}
    candidates = [p for p in posts if p.user_id not in away]
    if candidates:
        # Someone who has punched in beats someone who has not; then the post
        # marked on duty; then A before B.
        best = min(candidates, key=lambda p: (p.user_id not in here, not p.on_duty, p.post))
        return Serving(window, best.user, best.post)
    for absence in away.values():
        if absence.cover_user_id:
            cover_away = presence.absent_at(window.center, [absence.cover_user_id], at)
            if not cover_away:
                return Serving(window, User.objects.get(pk=absence.cover_user_id), "cover")
    return None


def serving_user(*, window: Window, at: dt.datetime | None = None) -> User | None:
    """The `hall.serving_user` hook: lower apps ask who works a window now."""
    found = serving(window, at)
    return found.user if found else None


def windows_held(center: Center, user: User) -> list[WindowPost]:
    return list(
        WindowPost.objects.filter(user=user, window__center=center, window__is_active=True)
        .select_related("window")
        .order_by("window__number")
    )


def uncovered_windows(
    center: Center,
    user: User,
    start: dt.datetime,
    end: dt.datetime,
    *,
    cover: User | None = None,
    ignore=None,
) -> list[Window]:
    """The windows that `user`'s absence over [start, end) would leave with
    nobody: the window's other post is away at some moment of it too (or there
    is none), and no cover is named, or the named cover is away as well.
    `ignore(absence) -> bool` drops absences being replaced (a leave changed)."""
    skip = ignore or (lambda absence: False)

    def away(user_ids: list[int]) -> bool:
        found = presence.absences(center, user_ids, start, end)
        return any(not skip(a) for a in found)

    uncovered = []
    for mine in windows_held(center, user):
        other = [p.user_id for p in mine.window.posts.all() if p.user_id != user.pk]
        if other and not away(other):
            continue
        if cover is not None and cover.pk != user.pk and not away([cover.pk]):
            continue
        uncovered.append(mine.window)
    return uncovered
