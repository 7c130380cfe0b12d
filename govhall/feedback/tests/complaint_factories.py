"""Complaint factories: a hall (govhall/queueing/tests/factories.hall) with the
people a complaint meets (reception, the centre admin, a clerk complained
about, a colleague who handles it), a second centre, and their tokens."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from govhall.core.actors import actor_for_token, actor_for_user
from govhall.core.models import Membership, Role, TokenKind, User
from govhall.core.services import token_create
from govhall.core.tests import factories as f
from govhall.queueing.tests.factories import hall, window

from ..services import complaints as services

SHANGHAI = ZoneInfo("Asia/Shanghai")
NAME = "李秀英"
PHONE = "13912345678"
CONTENT = "3号窗口工作人员办理营业执照补领时态度生硬，未一次性告知所需材料，让我跑了两趟。"

_seq = itertools.count(1)


def at(y: int, m: int, d: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """An aware local time in the centre's time zone."""
    return dt.datetime(y, m, d, hour, minute, tzinfo=SHANGHAI)


def _staff(role: str, center, number: str, full_name: str = ""):
    # No password (hashing one costs a third of a second): tests log in with
    # force_login or use tokens.
    user = User(username=f"cs{next(_seq)}-{number}", staff_number=number, first_name=full_name)
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, role=role, center=center)
    return user


def world() -> dict:
    n = next(_seq)
    h = hall(f"T{n}")
    center = h["center"]
    center.phone = "021-12345678"
    center.save(update_fields=["phone"])
    other_center = f.center(code=f"O{n}-C")
    other = {"center": other_center, "w1": window(other_center, 1)}
    admin = _staff(Role.CENTER_ADMIN, center, f"A{n}001", "王主任")
    subject = _staff(Role.CLERK, center, f"G{n}001", "赵窗口")
    handler = _staff(Role.CLERK, center, f"G{n}002", "钱核查")
    bystander = _staff(Role.CLERK, center, f"G{n}003", "孙同事")
    reception = h["reception"].user
    reception.staff_number = f"R{n}001"
    reception.save(update_fields=["staff_number"])
    other_admin = _staff(Role.CENTER_ADMIN, other["center"], f"A{n}901")
    integration_token, integration_raw = token_create(kind=TokenKind.INTEGRATION, center=center)
    return {
        **h,
        "other": other,
        "other_center": other["center"],
        "admin_user": admin,
        "admin": actor_for_user(admin),
        "subject_user": subject,
        "handler_user": handler,
        "handler": actor_for_user(handler),
        "bystander": actor_for_user(bystander),
        "reception_user": reception,
        "other_admin_user": other_admin,
        "other_admin": actor_for_user(other_admin),
        "integration": actor_for_token(integration_token),
        "integration_raw": integration_raw,
    }


def tokens(w: dict) -> dict[str, str]:
    """Raw bearer tokens by role name, for API tests."""
    out = {"integration": w["integration_raw"]}
    for name in ("admin_user", "handler_user", "reception_user", "other_admin_user"):
        out[name.removesuffix("_user")] = token_create(kind=TokenKind.STAFF, user=w[name])[1]
    out["bystander"] = token_create(kind=TokenKind.STAFF, user=w["bystander"].user)[1]
    out["kiosk"] = w["kiosk_raw"]
    return out


def receive(w: dict, *, actor=None, channel: str = "window", **over):
    fields = {
        "content": CONTENT,
        "complainant_name": NAME,
        "complainant_phone": PHONE,
        "staff_number": w["subject_user"].staff_number,
        "window": w["w1"],
        **over,
    }
    if channel == "hotline":
        fields.setdefault("hotline_ref", f"GD{next(_seq):08d}")
    return services.complaint_receive(
        actor=actor or w["reception"], center=w["center"], channel=channel, **fields
    )


def walk(w: dict, complaint, *, to: str, now: dt.datetime | None = None, founded: bool = True):
    """Take a complaint through its steps up to status `to`."""
    order = ["assigned", "investigating", "replied", "closed"]
    for status in order[: order.index(to) + 1]:
        if status == "assigned":
            services.complaint_assign(
                actor=w["admin"], complaint=complaint, assignee=w["handler_user"], now=now
            )
        elif status == "investigating":
            services.complaint_investigate(
                actor=w["handler"],
                complaint=complaint,
                investigation="调取窗口录像，核实工作人员未一次性告知材料。",
                founded=founded,
                now=now,
            )
        elif status == "replied":
            services.complaint_reply(
                actor=w["handler"],
                complaint=complaint,
                reply="经核实情况属实，已对该工作人员批评教育，并安排专人为您一次办结。",
                now=now,
            )
        else:
            services.complaint_return_visit(
                actor=w["admin"], complaint=complaint, satisfaction="satisfied", now=now
            )
    complaint.refresh_from_db()
    return complaint
