"""The clock-in endpoint of API.md: a centre's attendance device, or a staff
member's own token (only for themself). Thin: the service decides."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Router, Schema, Status
from pydantic import Field

from govhall.core.auth import Needs
from govhall.core.selectors import center_by_code

from . import selectors, services
from .models import Punch

router = Router(tags=["staff"])


class AttendancePunchIn(Schema):
    staff_number: str = Field(min_length=1, max_length=32)
    kind: Literal["in", "out"]
    at: dt.datetime | None = None
    # Only for a person in post at several centres (their own token).
    center: str | None = Field(None, min_length=1, max_length=32)


class AttendancePunchOut(Schema):
    staff_number: str
    kind: str
    at: dt.datetime
    late_minutes: int
    early_minutes: int
    status: str


def punch_out(punch: Punch) -> dict:
    late, early, status = selectors.punch_outcome(punch)
    return {
        "staff_number": punch.user.staff_number,
        "kind": punch.kind,
        "at": punch.at,
        "late_minutes": late,
        "early_minutes": early,
        "status": status,
    }


@router.post(
    "/attendance/punches",
    response={201: AttendancePunchOut},
    auth=Needs("attendance.punch", "staff.self"),
    summary="考勤打卡（考勤机，或本人令牌仅为本人）",
)
def punch(request, payload: AttendancePunchIn):
    center = center_by_code(payload.center) if payload.center else None
    record, _created = services.punch_record(
        actor=request.auth,
        staff_number=payload.staff_number,
        kind=payload.kind,
        at=payload.at,
        center=center,
    )
    return Status(201, punch_out(record))
