"""The planning API (API.md): a day's plan per half hour of the opening hours."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema
from pydantic import Field

from govhall.core.auth import Needs
from govhall.core.selectors import center_by_code
from govhall.core.workdays import WorkingCalendar

from . import selectors

router = Router(tags=["planning"])


class DayQuery(Schema):
    date: dt.date | None = None
    queue: str | None = Field(None, min_length=1, max_length=32)


class HalfHourOut(Schema):
    start: dt.datetime
    end: dt.datetime
    arrivals_expected: float
    service_minutes: float
    windows_needed: int
    windows_rostered: int
    expected_wait_minutes: float | None


@router.get(
    "/centers/{center}/planning/day",
    response=list[HalfHourOut],
    auth=Needs("planning.read"),
    summary="某日每半小时的到达预测、所需窗口与排班窗口",
)
def planning_day(request, center: str, query: Query[DayQuery]):
    """Per half hour of the opening hours: arrivals expected, mean service
    minutes, the fewest windows that meet the centre's service target (Erlang C),
    the windows rostered and the wait to expect with them. No `date`: the next
    working day; no `queue`: the whole centre."""
    found = center_by_code(center)
    request.auth.require(found, selectors.CAPABILITY)
    ctx = selectors.context(found)
    day = query.date or WorkingCalendar().next_working_day(ctx.today + dt.timedelta(days=1))
    queue = selectors.queue_by_code(found, query.queue) if query.queue else None
    plan = selectors.day_plan(request.auth, found, day, queue, ctx=ctx)
    return [r.as_api() for r in plan.rows]
