"""The print room's API: API.md's print-jobs row exactly, and the public computer."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Router, Schema, Status
from pydantic import Field

from govhall.core.auth import Needs
from govhall.core.selectors import center_by_code

from . import rules, services
from .models import ComputerSession

router = Router(tags=["convenience"])


class PrintJobIn(Schema):
    id_number: str | None = Field(None, max_length=40)
    ticket: str | None = Field(None, max_length=12)
    sheets: int
    purpose: str = Field(max_length=100)
    item: str | None = Field(None, max_length=40)
    kind: Literal["print", "copy"] = "print"


class PrintJobOut(Schema):
    id: int
    at: dt.datetime
    kind: str
    sheets: int
    purpose: str
    item: str | None
    ticket: str | None
    person: str  # masked ID number, or the ticket number
    used_today: int
    remaining_today: int
    status: str


def job_out(job) -> dict:
    used = services.used_today(job.center, job.person_key, job.day)
    return {
        "id": job.pk,
        "at": job.at,
        "kind": job.kind,
        "sheets": job.sheets,
        "purpose": job.purpose,
        "item": job.item.code if job.item_id else None,
        "ticket": job.ticket.number if job.ticket_id else None,
        "person": job.person_label,
        "used_today": used,
        "remaining_today": max(0, rules.daily_sheets(job.center) - used),
        "status": job.status,
    }


@router.post(
    "/centers/{center}/print-jobs",
    response={201: PrintJobOut},
    auth=Needs("print.log"),
    summary="免费文印登记（文印室）",
)
def print_job(request, center: str, payload: PrintJobIn):
    job = services.print_job_record(
        actor=request.auth,
        center=center_by_code(center),
        sheets=payload.sheets,
        purpose=payload.purpose,
        kind=payload.kind,
        id_number=payload.id_number,
        ticket=payload.ticket,
        item=payload.item,
    )
    return Status(201, job_out(job))


class ComputerIn(Schema):
    purpose: str = Field(max_length=100)
    ticket: str | None = Field(None, max_length=12)
    computer: str = Field("1", max_length=20)


class ComputerOut(Schema):
    id: int
    computer: str
    started_at: dt.datetime
    limit_minutes: int
    ends_at: dt.datetime
    ended_at: dt.datetime | None
    overrun_seconds: int


def session_out(session: ComputerSession) -> dict:
    return {
        "id": session.pk,
        "computer": session.computer,
        "started_at": session.started_at,
        "limit_minutes": session.limit_minutes,
        "ends_at": session.started_at + dt.timedelta(minutes=session.limit_minutes),
        "ended_at": session.ended_at,
        "overrun_seconds": session.overrun_seconds,
    }


@router.post(
    "/centers/{center}/computer-sessions",
    response={201: ComputerOut},
    auth=Needs("print.log"),
    summary="公用电脑开始使用",
)
def computer_start(request, center: str, payload: ComputerIn):
    session = services.computer_start(
        actor=request.auth,
        center=center_by_code(center),
        purpose=payload.purpose,
        ticket=payload.ticket,
        computer=payload.computer,
    )
    return Status(201, session_out(session))


@router.post(
    "/computer-sessions/{session_id}/end",
    response=ComputerOut,
    auth=Needs("print.log"),
    summary="公用电脑结束使用",
)
def computer_end(request, session_id: int):
    session = request.auth.get_scoped(
        ComputerSession.objects.select_related("center"), pk=session_id
    )
    return session_out(services.computer_end(actor=request.auth, session=session))
