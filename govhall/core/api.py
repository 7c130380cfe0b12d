"""Core endpoints: centres (public) and staff login tokens."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import Field

from . import selectors, services
from .models import SCREEN_FIELDS

router = Router(tags=["core"])


class CenterOut(Schema):
    code: str
    name: str
    level: str
    level_name: str
    address: str
    phone: str
    opening_hours: dict[str, list[list[str]]]


def center_out(center) -> dict:
    return {
        "code": center.code,
        "name": center.name,
        "level": center.level,
        "level_name": str(center.get_level_display()),
        "address": center.address,
        "phone": center.phone,
        "opening_hours": center.opening_hours,
    }


@router.get("/centers", response=list[CenterOut], summary="中心列表")
def list_centers(request):
    return [center_out(c) for c in selectors.centers_public()]


class TokenIn(Schema):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=256)


class TokenOut(Schema):
    token: str
    expires_at: dt.datetime


@router.post("/auth/token", response={201: TokenOut}, summary="工作人员登录取得令牌")
def issue_token(request, payload: TokenIn):
    token, raw = services.auth_token_issue(
        request=request, username=payload.username, password=payload.password
    )
    return Status(201, {"token": raw, "expires_at": token.expires_at})


class AnnouncementOut(Schema):
    id: int
    title: str
    text: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    screens: list[str]


SCREENS = Literal["display", "kiosk", "guide"]


@router.get(
    "/centers/{center}/announcements",
    response=list[AnnouncementOut],
    summary="中心当前公告（公开；显示屏、取号机、办事指南页面）",
)
def list_announcements(request, center: str, screen: SCREENS = "display"):
    found = selectors.center_by_code(center)
    return [
        {
            "id": a.pk,
            "title": a.title,
            "text": a.text,
            "starts_at": timezone.localtime(a.starts_at),
            "ends_at": timezone.localtime(a.ends_at),
            "screens": [s for s, f in SCREEN_FIELDS.items() if getattr(a, f)],
        }
        for a in selectors.announcements_current(found, screen)
    ]
