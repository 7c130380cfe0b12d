"""API.md "Evaluations", exactly as written: the rating pad's pending rating, what
a token rates (no personal data), and the rating itself (public, by token)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from pydantic import Field

from govhall.core.actors import ANONYMOUS, actor_for_user
from govhall.core.auth import Needs, bearer_actor
from govhall.core.errors import NotFound, PermissionDenied
from govhall.core.months import parse_month
from govhall.core.selectors import center_by_code
from govhall.hall.models import Window

from ..models import Evaluation, Level
from ..selectors import evaluations as selectors
from ..services import evaluations as services

router = Router(tags=["evaluations"])


class EvaluationOut(Schema):
    token: str
    center: str
    center_name: str
    subject: str
    reference: str
    item: str
    window: str | None
    window_name: str | None
    staff_number: str
    served_at: dt.datetime
    expires_at: dt.datetime
    rated: bool
    level: int | None
    rate_url: str


def evaluation_out(evaluation: Evaluation) -> dict:
    window = evaluation.window
    return {
        "token": evaluation.token,
        "center": evaluation.center.code,
        "center_name": evaluation.center.name,
        "subject": evaluation.subject,
        "reference": evaluation.reference,
        "item": evaluation.item_name,
        "window": window.code if window else None,
        "window_name": window.name if window else None,
        "staff_number": evaluation.staff_number,
        "served_at": evaluation.served_at,
        "expires_at": evaluation.expires_at,
        "rated": evaluation.rated_at is not None,
        "level": evaluation.level,
        "rate_url": services.rating_url(evaluation),
    }


@router.get(
    "/windows/{window}/pending-evaluation",
    response={200: EvaluationOut, 204: None},
    auth=Needs("evaluation.pending"),
    summary="评价器：本窗口刚办结、待评价的服务",
)
def pending(request, window: str):
    actor = request.auth
    found = Window.objects.select_related("center").filter(code=window[:32]).first()
    if found is None or not actor.can(found.center, "evaluation.pending"):
        raise NotFound(_("窗口不存在"), code="window_not_found")
    if actor.window_id and actor.window_id != found.pk:
        raise PermissionDenied(_("评价器只能读取本窗口的评价"), code="forbidden_window")
    evaluation = selectors.pending_for_window(found)
    if evaluation is None:
        return HttpResponse(status=204)
    return evaluation_out(evaluation)


@router.get(
    "/evaluations/{token}",
    response=EvaluationOut,
    summary="评价对象（公开，凭评价令牌）：中心、事项、窗口、工号、时间",
)
def detail(request, token: str):
    return evaluation_out(services.evaluation_lookup(token))


class RatingIn(Schema):
    # Any JSON value: the service answers a wrong one with a coded 422 per field.
    level: Any = Field(..., description="5 非常满意 … 1 非常不满意")
    indicators: dict[str, Any] | None = Field(
        None, description="efficiency 办事效率, skill 业务水平, attitude 服务态度: 1-5 each"
    )
    reasons: list[Any] | None = Field(None, max_length=20, description="差评原因代码")
    comment: str = Field("", max_length=services.COMMENT_MAX)
    contact_phone: str = Field("", max_length=20, description="差评时可留手机号以便回访")


class RatedOut(Schema):
    token: str
    level: int
    level_name: str
    bad: bool
    rated_at: dt.datetime
    rectification: bool


@router.post(
    "/evaluations/{token}",
    response={201: RatedOut},
    summary="提交评价（公开；工作人员和窗口终端不能提交）",
    description="Levels: " + ", ".join(f"{v} {label}" for v, label in Level.choices),
)
def rate(request, token: str, payload: RatingIn):
    actor = bearer_actor(request)
    if actor is ANONYMOUS and request.user.is_authenticated:
        actor = actor_for_user(request.user)  # a staff session in this browser
    evaluation = services.evaluation_rate(
        actor=actor,
        token=token,
        level=payload.level,
        indicators=payload.indicators,
        reasons=payload.reasons,
        comment=payload.comment,
        contact_phone=payload.contact_phone,
    )
    return Status(
        201,
        {
            "token": evaluation.token,
            "level": evaluation.level,
            "level_name": str(evaluation.get_level_display()),
            "bad": evaluation.is_bad,
            "rated_at": evaluation.rated_at,
            "rectification": evaluation.is_bad,
        },
    )


# --- the rest: rectification records and the figures, for staff clients -------------------


class RectificationOut(Schema):
    id: int
    center: str
    reference: str
    item: str
    window: str | None
    staff_number: str
    level: int
    reasons: list[str]
    comment: str
    real_name: bool
    status: str
    status_name: str
    contact_due: dt.date | None
    contact_due_provisional: bool  # counted on weekdays alone: shown 预计
    rectify_due: dt.date
    rectify_due_provisional: bool
    warning: str
    contacted_at: dt.datetime | None
    finding: str
    appeal_upheld: bool | None
    rectified_at: dt.datetime | None
    replied_at: dt.datetime | None
    rater_view: str
    closed_at: dt.datetime | None


def rectification_out(record) -> dict:
    evaluation = record.evaluation
    return {
        "id": record.pk,
        "center": record.center.code,
        "reference": evaluation.reference,
        "item": evaluation.item_name,
        "window": evaluation.window.code if evaluation.window else None,
        "staff_number": evaluation.staff_number,
        "level": evaluation.level,
        "reasons": evaluation.reasons,
        "comment": evaluation.comment,
        "real_name": record.real_name,
        "status": record.status,
        "status_name": str(record.get_status_display()),
        "contact_due": record.contact_due,
        "contact_due_provisional": record.contact_due_provisional,
        "rectify_due": record.rectify_due,
        "rectify_due_provisional": record.rectify_due_provisional,
        "warning": record.warning,
        "contacted_at": record.contacted_at,
        "finding": record.finding,
        "appeal_upheld": record.appeal_upheld,
        "rectified_at": record.rectified_at,
        "replied_at": record.replied_at,
        "rater_view": record.rater_view,
        "closed_at": record.closed_at,
    }


def _center_for(actor, code: str):
    center = center_by_code(code[:32])
    actor.require(center, "rectification.read")
    return center


@router.get(
    "/centers/{center}/rectifications",
    response=list[RectificationOut],
    auth=Needs("rectification.read"),
    summary="差评整改工作台账（中心管理员、区主管部门）",
)
def rectification_list(request, center: str, status: str = "open"):
    found = _center_for(request.auth, center)
    records = selectors.rectifications(request.auth, center=found, status=status[:20])
    return [rectification_out(r) for r in records[:500]]


@router.get(
    "/rectifications/{record_id}",
    response=RectificationOut,
    auth=Needs("rectification.read"),
    summary="差评整改记录",
)
def rectification_detail(request, record_id: int):
    record = selectors.rectification(request.auth, record_id)
    request.auth.require(record.center, "rectification.read")
    return rectification_out(record)


class StepIn(Schema):
    note: str = Field("", max_length=services.TEXT_MAX)
    finding: Literal["objective", "unfounded"] | None = None
    upheld: bool | None = None
    opinion: str = Field("", max_length=services.TEXT_MAX)
    measures: str = Field("", max_length=services.TEXT_MAX)
    text: str = Field("", max_length=services.COMMENT_MAX)
    rater_view: Literal["satisfied", "basic", "dissatisfied", "unreachable"] | None = None


@router.post(
    "/rectifications/{record_id}/{step}",
    response=RectificationOut,
    auth=Needs("rectification.handle", "rectification.review"),
    summary="差评整改的一步：contact 联系 · classify 认定 · review 申诉审核 · rectify 整改 · "
    "reply 回复 · close 回访办结",
)
def rectification_step(request, record_id: int, step: str, payload: StepIn):
    action = services.RECTIFICATION_STEPS.get(step)
    if action is None:
        raise NotFound(_("没有这个步骤"), code="unknown_step")
    record = selectors.rectification(request.auth, record_id)
    return rectification_out(action(request.auth, record, payload.dict()))


class SatisfactionOut(Schema):
    key: str | int | None
    label: str
    rated: int
    mean: float | None
    satisfaction: float | None
    very: int
    bad: int


class FiguresOut(Schema):
    center: str
    month: str
    rated: int
    bad: int
    real_name_bad: int
    replied: int
    reply_rate: float | None
    objective: int
    rectified: int
    rectification_rate: float | None
    unfounded: int
    unfounded_rate: float | None
    open_records: int
    late_records: int
    by_department: list[SatisfactionOut]
    by_window: list[SatisfactionOut]
    by_staff: list[SatisfactionOut]


@router.get(
    "/centers/{center}/evaluation-figures",
    response=FiguresOut,
    auth=Needs("rectification.read"),
    summary="月度评价统计：实名差评回复率、客观差评整改率、满意度（按部门、窗口、工号）",
)
def figures(request, center: str, month: str = ""):
    found = _center_for(request.auth, center)
    period = parse_month(month[:7], timezone.localdate())
    rated = selectors.rated_in([found], period.start, period.end)
    rates = selectors.rates(rated)
    return {
        "center": found.code,
        "month": str(period),
        **rates.__dict__,
        "by_department": selectors.satisfaction(rated, "department"),
        "by_window": selectors.satisfaction(rated, "window"),
        "by_staff": selectors.satisfaction(rated, "staff"),
    }
