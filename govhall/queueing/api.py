"""Queue endpoints of API.md: queues, windows, tickets, calling, tracking."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from pydantic import Field

from govhall.core.auth import Needs
from govhall.core.errors import NotFound, PermissionDenied
from govhall.core.links import absolute_url
from govhall.core.selectors import center_by_code
from govhall.hall.models import Window

from . import selectors, services
from .models import Queue, SpecialGroup, Ticket
from .quotas import quota_state

router = Router(tags=["queue"])


class QueueOut(Schema):
    code: str
    name: str
    prefix: str
    waiting: int
    estimated_wait_minutes: int
    # Set when the queue's daily quota is used up for now: say so, offer booking.
    quota_full: str | None = None


@router.get("/centers/{center}/queues", response=list[QueueOut], summary="队列与等候人数")
def list_queues(request, center: str):
    found = center_by_code(center)
    full = quota_state(found)
    return [
        {
            "code": q.code,
            "name": q.name,
            "prefix": q.prefix,
            "waiting": q.waiting,
            "estimated_wait_minutes": q.estimated_wait_minutes,
            "quota_full": full.label_for(None, q.pk),
        }
        for q in selectors.queues_with_waiting(found)
    ]


class WindowOut(Schema):
    code: str
    number: int
    name: str
    type: str
    type_name: str
    domain: str
    state: str
    queues: list[str]


def window_out(w: Window) -> dict:
    return {
        "code": w.code,
        "number": w.number,
        "name": w.name,
        "type": w.type,
        "type_name": str(w.get_type_display()),
        "domain": w.domain,
        "state": w.state,
        "queues": [link.queue.code for link in w.profile.all()],
    }


@router.get(
    "/centers/{center}/windows",
    response=list[WindowOut],
    auth=Needs("window.list"),
    summary="中心窗口列表",
)
def list_windows(request, center: str):
    found = center_by_code(center)
    request.auth.require(found, "window.list")
    windows = found.windows.filter(is_active=True).prefetch_related("profile__queue")
    return [window_out(w) for w in windows.order_by("number")]


class TicketIn(Schema):
    item: str = Field(min_length=1, max_length=40)
    id_number: str | None = Field(None, max_length=40)
    phone: str | None = Field(None, max_length=20)
    special_group: SpecialGroup | None = None
    special_reason: str = Field("", max_length=200)


class TicketOut(Schema):
    id: int
    number: str
    queue: str
    item: str | None
    status: str
    priority: bool
    special_group: str
    is_appointment: bool
    window: str | None
    ahead: int
    estimated_wait_minutes: int
    track_token: str
    track_url: str
    issued_at: dt.datetime


def ticket_out(ticket: Ticket) -> dict:
    ahead = selectors.ahead_of(ticket)
    track_path = reverse("track", args=[ticket.track_token])
    return {
        "id": ticket.pk,
        "number": ticket.number,
        "queue": ticket.queue.code,
        "item": ticket.item.code if ticket.item else None,
        "status": ticket.status,
        "priority": ticket.priority,
        "special_group": ticket.special_group,
        "is_appointment": ticket.is_appointment,
        "window": ticket.window.code if ticket.window else None,
        "ahead": ahead,
        "estimated_wait_minutes": selectors.estimate_wait_minutes(ticket.queue, ahead),
        "track_token": ticket.track_token,
        "track_url": absolute_url(track_path),
        "issued_at": ticket.issued_at,
    }


@router.post(
    "/centers/{center}/tickets",
    response={201: TicketOut},
    auth=Needs("ticket.issue"),
    summary="取号（取号机、总服务台）",
)
def issue_ticket(request, center: str, payload: TicketIn):
    found = center_by_code(center)
    actor = request.auth
    if payload.special_group and not actor.can(found, "ticket.special_group"):
        raise PermissionDenied(
            _("只有工作人员和取号机可以标注特殊群体"), code="forbidden_special_group"
        )
    ticket = services.ticket_issue(
        actor=actor,
        center=found,
        item_code=payload.item,
        id_number=payload.id_number,
        phone=payload.phone,
        special_group=payload.special_group,
        special_reason=payload.special_reason,
    )
    return Status(201, ticket_out(ticket))


class TrackOut(Schema):
    number: str
    status: str
    ahead: int
    estimated_wait_minutes: int
    window: str | None  # the window's code (API.md); its name and number beside it
    window_name: str | None
    window_number: int | None
    queue: str


@router.get(
    "/tickets/track/{track_token}", response=TrackOut, summary="凭追踪码查询排队进度（公开）"
)
def track(request, track_token: str):
    ticket = selectors.ticket_by_track_token(track_token)
    if ticket is None:
        raise NotFound(_("号码不存在"), code="ticket_not_found")
    ahead = selectors.ahead_of(ticket)
    return {
        "number": ticket.number,
        "status": ticket.status,
        "ahead": ahead,
        "estimated_wait_minutes": selectors.estimate_wait_minutes(ticket.queue, ahead),
        "window": ticket.window.code if ticket.window else None,
        "window_name": ticket.window.name if ticket.window else None,
        "window_number": ticket.window.number if ticket.window else None,
        "queue": ticket.queue.name,
    }


def _window(request, code: str) -> Window:
    actor = request.auth
    return actor.get_scoped(Window.objects.select_related("center"), code=code)


def _ticket(request, ticket_id: int) -> Ticket:
    actor = request.auth
    return actor.get_scoped(Ticket.objects.select_related("center", "window"), pk=ticket_id)


class WindowNowOut(WindowOut):
    ticket: TicketOut | None


@router.get(
    "/windows/{window}",
    response=WindowNowOut,
    auth=Needs("ticket.call"),
    summary="窗口及其正在呼叫或办理的号码",
)
def window_now(request, window: str):
    found, ticket = selectors.window_for_terminal(request.auth, window)
    return {**window_out(found), "ticket": ticket_out(ticket) if ticket else None}


class CallOut(Schema):
    ticket: TicketOut


@router.post(
    "/windows/{window}/call-next",
    response={200: CallOut, 204: None},
    auth=Needs("ticket.call"),
    summary="呼叫下一位",
)
def call_next(request, window: str):
    ticket = services.ticket_call_next(actor=request.auth, window=_window(request, window))
    if ticket is None:
        return HttpResponse(status=204)
    return {"ticket": ticket_out(ticket)}


def _ticket_step(name: str, step):
    def handler(request, ticket_id: int):
        return ticket_out(step(actor=request.auth, ticket=_ticket(request, ticket_id)))

    handler.__name__ = f"ticket_{name.replace('-', '_')}"
    return handler


for _name, _step in (
    ("recall", services.ticket_recall),
    ("start", services.ticket_start),
    ("finish", services.ticket_finish),
    ("no-show", services.ticket_no_show),
    ("cancel", services.ticket_cancel),
    ("reinstate", services.ticket_reinstate),
):
    router.post(
        f"/tickets/{{ticket_id}}/{_name}",
        response=TicketOut,
        auth=Needs("ticket.handle"),
        summary=f"ticket {_name}",
    )(_ticket_step(_name, _step))


class TransferIn(Schema):
    queue: str | None = Field(None, max_length=32)
    window: str | None = Field(None, max_length=32)


@router.post(
    "/tickets/{ticket_id}/transfer", response=TicketOut, auth=Needs("ticket.handle"), summary="转移"
)
def transfer(request, ticket_id: int, payload: TransferIn):
    ticket = _ticket(request, ticket_id)
    queue = window = None
    if payload.queue:
        # Queue codes are per centre: only the ticket's own centre is searched.
        queue = Queue.objects.filter(code=payload.queue, center=ticket.center).first()
        if queue is None:
            raise NotFound(
                _("目标队列不存在"), code="queue_not_found", fields={"queue": payload.queue}
            )
    if payload.window:
        # Window codes are global; the service refuses another centre's window.
        window = Window.objects.filter(code=payload.window).first()
        if window is None:
            raise NotFound(
                _("目标窗口不存在"), code="window_not_found", fields={"window": payload.window}
            )
    return ticket_out(
        services.ticket_transfer(actor=request.auth, ticket=ticket, queue=queue, window=window)
    )


def _window_step(action: str):
    def handler(request, window: str):
        found = _window(request, window)
        changed = services.window_set_state(actor=request.auth, window=found, action=action)
        return window_out(Window.objects.prefetch_related("profile__queue").get(pk=changed.pk))

    handler.__name__ = f"window_{action}"
    return handler


for _action in ("open", "pause", "resume", "close"):
    router.post(
        f"/windows/{{window}}/{_action}",
        response=WindowOut,
        auth=Needs("ticket.call"),
        summary=f"window {_action}",
    )(_window_step(_action))
