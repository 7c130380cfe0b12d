"""Reads of 暂离 and the whereabouts board (工作人员去向栏, 003 两牌三栏).

`board_rows` is the one answer the public page, its fragment and the API all
render, so the hall's screen and a vendor's device never disagree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.models import Center, User
from govhall.core.opening import intervals_on
from govhall.hall.models import WindowPost
from govhall.staff import posts, presence
from govhall.staff.presence import Absence, Status

from .models import Away

STATUS_LABELS = {
    Status.AT_POST: _("在岗"),
    Status.AWAY: _("暂离"),
    Status.LEAVE: _("休假"),
    Status.TRAINING: _("培训"),
}


def _day_end(at: dt.datetime) -> dt.datetime:
    local = timezone.localtime(at)
    return dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), tzinfo=local.tzinfo)


def _in_effect_until(record: Away, now: dt.datetime) -> dt.datetime:
    """How long a record keeps its holder away. A closed one: to the return. An
    open one: to the expected return, and past it while they are still not back
    (overdue), but never beyond the end of the day it began (a 暂离 left open
    overnight does not keep anyone away the next morning)."""
    if record.returned_at is not None:
        return record.returned_at
    overdue = max(record.expected_back_at, now + dt.timedelta(seconds=1))
    return min(overdue, _day_end(record.started_at))


def away_absences(
    center: Center, user_ids: list[int], start: dt.datetime, end: dt.datetime
) -> list[Absence]:
    """The presence source (staff.presence): 暂离 records overlapping [start, end).
    `end` of the Absence is the expected return (what the boards show as until);
    for a closed record, the actual return."""
    now = timezone.now()
    found = Away.objects.filter(center=center, user_id__in=user_ids, started_at__lt=end).filter(
        Q(returned_at__isnull=True) | Q(returned_at__gt=start)
    )
    result = []
    for record in found:
        if _in_effect_until(record, now) <= start:
            continue
        result.append(
            Absence(
                user_id=record.user_id,
                status=Status.AWAY,
                start=record.started_at,
                end=record.returned_at or record.expected_back_at,
                label=record.label,
            )
        )
    return result


def open_away(center: Center, user: User) -> Away | None:
    return Away.objects.filter(center=center, user=user, returned_at__isnull=True).first()


def away_of_day(center: Center, day: dt.date | None = None) -> QuerySet[Away]:
    """The 暂离 records begun on `day` (default today) at the centre, newest first."""
    day = day or timezone.localdate()
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time(), tzinfo=tz)
    return (
        Away.objects.filter(
            center=center, started_at__gte=start, started_at__lt=start + dt.timedelta(days=1)
        )
        .select_related("user", "set_by", "returned_by")
        .order_by("-started_at")
    )


def uncovered_open(center: Center) -> QuerySet[Away]:
    """Open 暂离 that left a window with nobody: what the duty manager must see."""
    return Away.objects.filter(center=center, returned_at__isnull=True).exclude(uncovered=[])


# --- the board -------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardRow:
    window: str  # the window's code
    window_number: int
    window_name: str
    post: str  # "A" or "B"
    staff_number: str
    name: str
    status: str  # presence.Status
    until: dt.datetime | None
    serving: bool  # the one who works the window now (staff.posts.serving)
    status_label: str

    def as_api(self) -> dict:
        """The contract of API.md: names and staff numbers, nothing else personal."""
        row = {
            "window": self.window,
            "window_name": self.window_name,
            "post": self.post,
            "staff_number": self.staff_number,
            "name": self.name,
            "status": self.status,
        }
        if self.until is not None:
            row["until"] = timezone.localtime(self.until)
        return row


def hall_open(center: Center, at: dt.datetime) -> bool:
    local = timezone.localtime(at)
    return any(s <= local.time() < e for s, e in intervals_on(center, local.date()))


def off_label(center: Center, at: dt.datetime) -> str:
    """Not punched in: 未到岗 while the hall is open, else 休息."""
    return str(_("未到岗") if hall_open(center, at) else _("休息"))


def board_rows(center: Center, at: dt.datetime | None = None) -> list[BoardRow]:
    """One row per post holder of the centre's active windows, by window then post."""
    at = at or timezone.now()
    holders = list(
        WindowPost.objects.filter(window__center=center, window__is_active=True)
        .select_related("window", "user")
        .order_by("window__number", "post")
    )
    ids = {p.user_id for p in holders}
    statuses = presence.status_at(center, ids, at)
    # Read once for the centre, not once per window (the board polls every 15 s).
    away, here = presence.absent_at(center, ids, at), presence.present_at(center, ids, at)
    by_window: dict[int, list[WindowPost]] = {}
    for p in holders:
        by_window.setdefault(p.window_id, []).append(p)
    serving: dict[int, int | None] = {}
    for p in holders:
        if p.window_id not in serving:
            found = posts.serving(p.window, at, posts=by_window[p.window_id], away=away, here=here)
            serving[p.window_id] = found.user.pk if found and found.post != "cover" else None
    off = None
    rows = []
    for p in holders:
        status, until, _label = statuses[p.user_id]
        if status == Status.OFF:
            off = off or off_label(center, at)
            text = off
        else:
            text = str(STATUS_LABELS[status])
        rows.append(
            BoardRow(
                window=p.window.code,
                window_number=p.window.number,
                window_name=p.window.name,
                post=p.post,
                staff_number=p.user.staff_number,
                name=p.user.display_name,
                status=status,
                until=until,
                serving=serving[p.window_id] == p.user_id,
                status_label=text,
            )
        )
    return rows
