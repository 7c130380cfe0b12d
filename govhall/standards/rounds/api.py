"""rounds: the week's schedule and walking a round over the API (thin).
Photos are taken on the tablet page (multipart); the API records the verdicts."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema
from pydantic import Field

from govhall.core.auth import Needs
from govhall.core.errors import NotFound, ValidationFailed

from ..upkeep.api import center_for
from ..upkeep.views import centre_staff
from . import selectors, services

router = Router(tags=["standards"])
READ = ("inspection.do", "standards.read")


class RoundOut(Schema):
    id: int
    planned_on: dt.date
    slot: str
    walker: str
    area: str
    status: str
    checked: int
    total: int
    findings: int


class CheckIn(Schema):
    item: str = Field(min_length=1, max_length=8)
    ok: bool
    note: str = Field("", max_length=300)
    owner: int | None = None
    due: dt.date | None = None


class CloseIn(Schema):
    summary: str = Field("", max_length=500)


def _out(r) -> dict:
    checked, total, bad = selectors.progress(r)
    return {
        "id": r.pk,
        "planned_on": r.planned_on,
        "slot": r.slot,
        "walker": r.walker.display_name,
        "area": r.area,
        "status": r.status,
        "checked": checked,
        "total": total,
        "findings": bad,
    }


def _round(found, pk: int):
    r = selectors.round_of(found, pk)
    if r is None:
        raise NotFound(_("巡查不存在"), code="round_not_found")
    return r


@router.get(
    "/centers/{center}/rounds",
    response=list[RoundOut],
    auth=Needs(*READ),
    summary="一周巡查安排（week: 该周任一日期，默认本周）",
)
def week(request, center: str, week: dt.date | None = None):
    found = center_for(request, center, *READ)
    monday = selectors.monday_of(week or timezone.localdate())
    return [_out(x["round"]) for d in selectors.week(found, monday) for x in d["rounds"]]


@router.post(
    "/centers/{center}/rounds/{round_id}/checks",
    response=RoundOut,
    auth=Needs("inspection.do"),
    summary="登记巡查检查项（不符合须填写问题）",
)
def check(request, center: str, round_id: int, body: CheckIn):
    found = center_for(request, center, "inspection.do")
    r = _round(found, round_id)
    owner = None
    if body.owner is not None:
        owner = centre_staff(found).filter(pk=body.owner).first()
        if owner is None:
            raise ValidationFailed(_("须是本中心在岗人员"), fields={"owner": _("无效")})
    services.round_check(
        actor=request.auth,
        round=r,
        item=body.item,
        ok=body.ok,
        note=body.note,
        owner=owner,
        due=body.due,
    )
    return _out(_round(found, round_id))


@router.post(
    "/centers/{center}/rounds/{round_id}/close",
    response=RoundOut,
    auth=Needs("inspection.do"),
    summary="完成巡查（不符合项生成整改任务）",
)
def close(request, center: str, round_id: int, body: CloseIn):
    found = center_for(request, center, "inspection.do")
    services.round_close(actor=request.auth, round=_round(found, round_id), summary=body.summary)
    return _out(_round(found, round_id))
