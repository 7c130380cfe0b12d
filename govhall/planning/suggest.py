"""Suggestions from a day's plan, in the admin's words: open windows where the
rota falls short, which windows stand empty and why (their A and B posts),
absences that could move into a slack half hour, and the slack itself."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from govhall.staff.presence import Status

from .plan import DayPlan
from .roster import Desk

SURPLUS_MIN = 2  # slack worth a suggestion


@dataclass(frozen=True)
class Suggestion:
    kind: str  # open, post, move, slack
    text: str


def _runs(plan: DayPlan, test) -> list[tuple[int, int]]:
    """(first, last) row indexes of each run of rows passing `test`; a run also
    ends where the opening breaks (the midday closure)."""
    rows, runs, start = plan.rows, [], None
    for i, r in enumerate(rows):
        if not test(r):
            continue
        if start is None:
            start = i
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        if nxt is None or nxt.start != r.end or not test(nxt):
            runs.append((start, i))
            start = None
    return runs


def _span(plan: DayPlan, a: int, b: int) -> str:
    return f"{plan.rows[a].start:%H:%M}–{plan.rows[b].end:%H:%M}"


def _absent_in(plan: DayPlan, a: int, b: int) -> dict[int, tuple]:
    """user id -> (absence, first row, last row) of post holders away in rows a..b."""
    found: dict[int, tuple] = {}
    for i in range(a, b + 1):
        for uid, absence in plan.rosters[i].away.items():
            first = found.get(uid, (absence, i, i))[1]
            found[uid] = (absence, first, i)
    return found


def suggestions(plan: DayPlan, desks: list[Desk], names: dict[int, str]) -> list[Suggestion]:
    out: list[Suggestion] = []
    if not plan.rows or not plan.rosters:
        return out
    slack = _runs(plan, lambda r: r.surplus >= SURPLUS_MIN)
    mine = [d for d in desks if d.queues & set(plan.queue_ids)]
    for a, b in _runs(plan, lambda r: r.gap > 0):
        short = max(r.gap for r in plan.rows[a : b + 1])
        out.append(
            Suggestion(
                "open",
                _(
                    "%(span)s 缺 %(n)s 个窗口：增开 %(n)s 个窗口（可调配后台审批或咨询导服人员临时上窗口）"
                )
                % {"span": _span(plan, a, b), "n": short},
            )
        )
        away = _absent_in(plan, a, b)
        # Absences that could wait for a slack half hour: training and 暂离.
        movable = [
            (uid, x) for uid, x in away.items() if x[0].status in (Status.TRAINING, Status.AWAY)
        ]
        if movable and slack:
            later = max(slack, key=lambda run: run[1] - run[0])
            by_label: dict[str, list[str]] = {}
            for uid, (absence, _f, _l) in movable:
                by_label.setdefault(absence.label or _("离岗"), []).append(names.get(uid, "?"))
            for label, people in by_label.items():
                out.append(
                    Suggestion(
                        "move",
                        _(
                            "「%(what)s」（%(who)s）与高峰重叠：建议调至富余时段 %(span)s，可补回 %(n)s 个窗口"
                        )
                        % {
                            "what": label,
                            "who": "、".join(people),
                            "span": _span(plan, *later),
                            "n": min(len(people), short),
                        },
                    )
                )
        served = plan.rosters[a].served
        empty = [d for d in mine if d.window_id not in served and d.holders]
        if empty:
            numbers = "、".join(f"{d.number}" for d in empty[:6])
            out.append(
                Suggestion(
                    "post",
                    _(
                        "%(span)s %(windows)s号窗口无人（其 A、B 岗人员在培训、请假或在别的窗口）：可为其指定顶岗人员，或调整 B 岗"
                    )
                    % {"span": _span(plan, a, b), "windows": numbers},
                )
            )
    for a, b in slack:
        extra = min(r.surplus for r in plan.rows[a : b + 1])
        out.append(
            Suggestion(
                "slack",
                _("%(span)s 富余 %(n)s 个窗口：可安排错峰午休、业务培训或后台审批")
                % {"span": _span(plan, a, b), "n": extra},
            )
        )
    return out
