"""Factories for the enquiry, work order and chat tests: one centre with the
people who take questions, an item stationed there, and a second centre."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from govhall.catalog.tests.factories import published_item
from govhall.core.models import ApiToken, CenterLevel, Role, TokenKind
from govhall.core.services import token_create
from govhall.core.tests import factories as f


def local(y, m, d, hh=10, mm=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=timezone.get_current_timezone())


def world() -> dict:
    d = f.district()
    center = f.center(d, level=CenterLevel.DISTRICT_COMPREHENSIVE)
    other = f.center(d)
    dept = f.department(d)
    w = {"district": d, "center": center, "other": other, "dept": dept}
    for role in (Role.RECEPTION, Role.CLERK, Role.HOTLINE, Role.CENTER_ADMIN, Role.DUTY_MANAGER):
        w[role] = f.staff(role, center_=center)
    w["clerk2"] = f.staff(Role.CLERK, center_=center)
    w["dept_clerk"] = f.staff(Role.CLERK, center_=center, department_=dept)
    w["other_clerk"] = f.staff(Role.CLERK, center_=other)
    w["print"] = f.staff(Role.PRINT_ROOM, center_=center)
    w["actors"] = {k: f.actor(v) for k, v in w.items() if hasattr(v, "username")}
    w["item"] = published_item(dept, center, code="IT-KQ-1")
    w["item_elsewhere"] = published_item(dept, other, code="IT-KQ-2")
    return w


def bearer(w, who: str) -> dict:
    _token, raw = token_create(kind=TokenKind.STAFF, user=w[who])
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def integration(center) -> tuple[ApiToken, dict]:
    token, raw = token_create(kind=TokenKind.INTEGRATION, center=center)
    return token, {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
