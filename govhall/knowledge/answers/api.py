"""answers: `GET /centers/{center}/ask?q=` of API.md (public, throttled)."""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from ninja import Query, Router, Schema
from ninja.throttling import AnonRateThrottle
from pydantic import Field

from govhall.core.selectors import center_by_code

from . import services

router = Router(tags=["knowledge"])


class SourceOut(Schema):
    kind: Literal["item", "article"]
    code: str
    title: str
    url: str


class AnswerOut(Schema):
    answer: str
    sources: list[SourceOut]
    confidence: float
    handoff: bool
    intents: list[str]
    handoff_url: str


class AskIn(Schema):
    # Longer than the service's limit, so that a long question gets its own message.
    q: str = Field("", max_length=2000)
    item: str = Field("", max_length=40)


@router.get(
    "/centers/{center}/ask",
    response=AnswerOut,
    summary="智能问答：依据已发布的办事指南和知识库回答群众咨询",
    throttle=[AnonRateThrottle(getattr(settings, "GOVHALL_ASK_RATE", "60/m"))],
)
def ask(request, center: str, params: Query[AskIn]):
    found = center_by_code(center)
    return services.ask(center=found, q=params.q, item=params.item).as_dict()
