"""Windows rostered per half hour: who could serve each window then (its A and B
posts, or a cover named for an absence; staff.posts' rule), less whoever is on
leave, in training or away (staff.presence), with each person at one window at
a time: the count is a largest matching of windows to the people free for them.
Presence is read once for the whole day, not per window and half hour."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from govhall.hall.models import Window, WindowPost, WindowType
from govhall.queueing.models import WindowQueue
from govhall.staff import presence

# The output window hands out certificates and the smart window is self-service:
# neither takes the queue's people, so neither counts as a serving window.
NOT_SERVING = (WindowType.OUTPUT, WindowType.SMART)


@dataclass(frozen=True)
class Desk:
    window_id: int
    number: int
    queues: frozenset[int]
    holders: tuple[tuple[str, int, str], ...]  # (post, user id, name)


@dataclass(frozen=True)
class SlotRoster:
    count: int
    served: dict[int, int]  # window id -> user id
    away: dict[int, presence.Absence]  # user id -> absence at the slot's middle


def desks(center) -> list[Desk]:
    windows = list(
        Window.objects.filter(center=center, is_active=True)
        .exclude(type__in=NOT_SERVING)
        .order_by("number")
    )
    links: dict[int, set[int]] = {}
    for wid, qid in WindowQueue.objects.filter(window__in=windows).values_list(
        "window_id", "queue_id"
    ):
        links.setdefault(wid, set()).add(qid)
    posts: dict[int, list] = {}
    for p in WindowPost.objects.filter(window__in=windows).select_related("user").order_by("post"):
        posts.setdefault(p.window_id, []).append((p.post, p.user_id, p.user.display_name))
    return [
        Desk(w.pk, w.number, frozenset(links.get(w.pk, ())), tuple(posts.get(w.pk, ())))
        for w in windows
        if links.get(w.pk)
    ]


def _match(candidates: dict[int, list[int]]) -> dict[int, int]:
    """Largest matching window -> person (Kuhn's augmenting paths; a hall is small)."""
    owner: dict[int, int] = {}

    def place(window: int, seen: set[int]) -> bool:
        for person in candidates[window]:
            if person in seen:
                continue
            seen.add(person)
            if person not in owner or place(owner[person], seen):
                owner[person] = window
                return True
        return False

    for window in candidates:
        place(window, set())
    return {w: p for p, w in owner.items()}


def day_roster(center, desks_: list[Desk], moments: list[dt.datetime]) -> list[SlotRoster]:
    """The roster at each moment (the middle of each half hour)."""
    if not moments:
        return []
    people = {uid for d in desks_ for _p, uid, _n in d.holders}
    found = presence.absences(center, people, min(moments), max(moments) + dt.timedelta(seconds=1))
    covers = {a.cover_user_id for a in found if a.cover_user_id}
    extra = presence.absences(center, covers - people, min(moments), max(moments)) if covers else []
    result = []
    for at in moments:
        away: dict[int, presence.Absence] = {}
        for a in [*found, *extra]:
            if a.start <= at and (a.end is None or at < a.end):
                if (
                    a.user_id not in away
                    or presence.RANK[a.status] > presence.RANK[away[a.user_id].status]
                ):
                    away[a.user_id] = a
        candidates = {}
        for d in desks_:
            free = [uid for _post, uid, _n in d.holders if uid not in away]
            if not free and d.holders:
                # Both posts away: the cover named for the absence takes the window.
                free = [
                    away[uid].cover_user_id
                    for _p, uid, _n in d.holders
                    if away[uid].cover_user_id and away[uid].cover_user_id not in away
                ]
            candidates[d.window_id] = free
        served = _match(candidates)
        result.append(SlotRoster(len(served), served, away))
    return result
