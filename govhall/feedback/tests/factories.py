"""Evaluation factories: a hall (queueing's factory) whose clerk serves a citizen
to the end, so the evaluation comes from the real finish, and the people who
work the bad ratings: the centre admin and the district supervisor."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from govhall.core.models import Role, TokenKind
from govhall.core.services import token_create
from govhall.core.tests import factories as f
from govhall.hall.models import Post, WindowPost
from govhall.queueing import services as queue_services
from govhall.queueing.tests.factories import hall as make_hall

from ..models import Evaluation

SHANGHAI = ZoneInfo("Asia/Shanghai")
PHONE = "13912345678"


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def feedback_hall(prefix: str = "F") -> dict:
    h = make_hall(prefix)
    center = h["center"]
    h["clerk"].user.staff_number = f"{prefix}0001"
    h["clerk"].user.save()
    # The clerk holds the A post of window 1: a window terminal's service is theirs.
    WindowPost.objects.create(window=h["w1"], post=Post.A, user=h["clerk"].user, on_duty=True)
    h["admin"] = f.actor(f.staff(Role.CENTER_ADMIN, center_=center))
    h["supervisor"] = f.actor(f.staff(Role.SUPERVISOR, district_=center.district))
    h["pad_raw"] = token_create(kind=TokenKind.EVALUATOR, center=center, window=h["w1"])[1]
    h["window_raw"] = token_create(kind=TokenKind.WINDOW, center=center, window=h["w1"])[1]
    return h


def serve(
    h: dict, *, phone: str | None = None, id_number: str | None = None, now=None, window="w1"
):
    """A citizen takes a ticket and is served to the end at the window: the
    finish opens the evaluation. Returns the evaluation."""
    ticket = queue_services.ticket_issue(
        actor=h["reception"],
        center=h["center"],
        item_code=h["licence"].code,
        phone=phone,
        id_number=id_number,
        now=now,
    )
    called = queue_services.ticket_call_next(actor=h["clerk"], window=h[window], now=now)
    assert called.pk == ticket.pk
    later = now + dt.timedelta(minutes=5) if now else None
    queue_services.ticket_finish(actor=h["clerk"], ticket=called, now=later)
    return Evaluation.objects.get(ticket=ticket)
