"""The whereabouts board of API.md (public) and 暂离 for staff."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from pydantic import Field

from govhall.core.auth import Needs
from govhall.core.errors import NotFound
from govhall.core.models import Membership, User
from govhall.core.selectors import center_by_code

from . import selectors, services
from .models import Away

router = Router(tags=["staff"])


class WhereaboutsRowOut(Schema):
    window: str
    window_name: str
    post: Literal["A", "B"]
    staff_number: str
    name: str
    status: Literal["at_post", "away", "leave", "training", "off"]
    until: dt.datetime | None = None


@router.get(
    "/centers/{center}/whereabouts",
    response=list[WhereaboutsRowOut],
    exclude_unset=True,
    summary="工作人员去向栏（公开；仅工号与姓名）",
)
def whereabouts(request, center: str):
    found = center_by_code(center)
    return [row.as_api() for row in selectors.board_rows(found)]


class AwayStartIn(Schema):
    reason: Literal["meeting", "errand", "meal", "other"]
    expected_back_at: dt.datetime
    note: str = Field("", max_length=60)
    # Someone else of the centre (staff.manage); omitted: oneself.
    staff_number: str | None = Field(None, min_length=1, max_length=32)
    # The window(s) would be left with nobody: go anyway, the duty manager is told.
    accept_uncovered: bool = False


class AwayBackIn(Schema):
    staff_number: str | None = Field(None, min_length=1, max_length=32)


class AwayOut(Schema):
    id: int
    staff_number: str
    reason: str
    started_at: dt.datetime
    expected_back_at: dt.datetime
    returned_at: dt.datetime | None
    uncovered: list[str]


def away_out(record: Away) -> dict:
    return {
        "id": record.pk,
        "staff_number": record.user.staff_number,
        "reason": record.reason,
        "started_at": timezone.localtime(record.started_at),
        "expected_back_at": timezone.localtime(record.expected_back_at),
        "returned_at": record.returned_at and timezone.localtime(record.returned_at),
        "uncovered": list(record.uncovered),
    }


def _person(center, staff_number: str | None) -> User | None:
    if not staff_number:
        return None
    found = User.objects.filter(
        staff_number=staff_number,
        pk__in=Membership.objects.filter(center=center).values("user_id"),
    ).first()
    if found is None:
        raise NotFound(
            _("该工作人员不在本中心"), code="staff_not_found", fields={"staff_number": staff_number}
        )
    return found


@router.post(
    "/centers/{center}/away",
    response={201: AwayOut},
    auth=Needs("staff.self", "staff.manage"),
    summary="登记暂离（本人；中心可代为登记）",
)
def away_start(request, center: str, payload: AwayStartIn):
    found = center_by_code(center)
    record = services.away_start(
        actor=request.auth,
        center=found,
        user=_person(found, payload.staff_number),
        reason=payload.reason,
        expected_back_at=payload.expected_back_at,
        note=payload.note,
        accept_uncovered=payload.accept_uncovered,
    )
    return Status(201, away_out(record))


@router.post(
    "/centers/{center}/away/back",
    response={200: AwayOut},
    auth=Needs("staff.self", "staff.manage"),
    summary="登记返岗",
)
def away_back(request, center: str, payload: AwayBackIn):
    found = center_by_code(center)
    record = services.away_end(
        actor=request.auth, center=found, user=_person(found, payload.staff_number)
    )
    return away_out(record)
