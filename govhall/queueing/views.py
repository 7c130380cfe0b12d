"""Hall pages: kiosk, ticket slip, tracker, window console, display board, the
SSE stream and the day's figures. Thin: every change goes through services."""

from __future__ import annotations

import datetime as dt

from asgiref.sync import sync_to_async
from django.db import connections
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from ninja.errors import AuthenticationError

from govhall.catalog.domains import Domain
from govhall.catalog.selectors import items_at_center
from govhall.core import hooks
from govhall.core.auth import bearer_actor
from govhall.core.center_settings import center_setting
from govhall.core.errors import DomainError, NotFound
from govhall.core.fields import mask_phone
from govhall.core.links import absolute_url
from govhall.core.models import Center, District, Event, Role, TokenKind
from govhall.core.opening import issue_window
from govhall.core.selectors import center_by_code
from govhall.core.stream import DEVICE_KINDS, error, parse_last_event_id, sse_response
from govhall.core.templatetags.announcements import notices_context
from govhall.core.web import center_or_404, home_for, need, qr_svg, request_actor
from govhall.hall import selectors as hall_selectors
from govhall.hall.models import Window

from . import near, selectors, services
from .models import Queue, SpecialGroup, Ticket
from .quotas import quota_state


def track_url(ticket: Ticket) -> str:
    return absolute_url(reverse("track", args=[ticket.track_token]))


# --- the staff hub --------------------------------------------------------------


def hub(request):
    """Where staff find their centres' kiosk, board, consoles and figures."""
    actor = request_actor(request)
    if actor.token is not None and not actor.is_staff_user:
        return redirect(home_for(actor.token))
    if not actor.is_staff_user:
        message = gettext("请先登录，或用设备令牌绑定本设备")
        return render(request, "core/denied.html", {"message": message}, status=401)
    centers = actor.scoped(Center.objects.filter(is_active=True), "pk").prefetch_related("windows")
    supervised = District.objects.filter(
        memberships__user=actor.user, memberships__role=Role.SUPERVISOR
    ).distinct()
    context = {"centers": centers, "actor": actor, "supervised": supervised}
    return render(request, "queueing/hub.html", context)


# --- kiosk and reception -------------------------------------------------------


def kiosk(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "ticket.issue")
    if refusal:
        return refusal
    domain = request.GET.get("domain", "")
    q = request.GET.get("q", "")[:50]
    items = None
    full = quota_state(found)  # a full item or queue offers an appointment instead
    if domain in Domain.values or q:
        items = items_at_center(found, q=q, domain=domain if domain in Domain.values else "")
        items = [i for i in items if _kiosk_queue(found, i, full)]
    queues = selectors.queues_with_waiting(found)
    for queue in queues:
        queue.quota_full = full.label_for(None, queue.pk)
    context = {
        "center": found,
        "domains": Domain.choices,
        "domain": domain,
        "q": q,
        "items": items,
        "queues": queues,
        "is_staff": actor.is_staff_user,
        "special_groups": SpecialGroup.choices,
        "opening": issue_window(found),
        "early_minutes": center_setting(found, "queue.issue_early_minutes"),
        # Entries the apps above offer on the kiosk (assist: "需要帮办").
        "entries": hooks.gather("kiosk.entries", center=found),
    }
    template = "queueing/kiosk.html"
    if request.htmx and request.htmx.target == "items":
        template += "#items"
    return render(request, template, context)


def _kiosk_queue(center: Center, item, full) -> bool:
    """Whether the item has a queue here; marks it when its quota is used up."""
    queue_id = (
        item.queues.filter(center=center, is_active=True)
        .order_by("position")
        .values_list("pk", flat=True)
        .first()
    )
    item.quota_full = full.label_for(item.pk, queue_id)
    return queue_id is not None


@require_POST
def kiosk_take(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "ticket.issue")
    if refusal:
        return refusal
    special = request.POST.get("special_group", "") if actor.is_staff_user else ""
    try:
        ticket = services.ticket_issue(
            actor=actor,
            center=found,
            item_code=request.POST.get("item", "")[:40],
            id_number=request.POST.get("id_number", "").strip()[:40] or None,
            phone=request.POST.get("phone", "").strip()[:20] or None,
            special_group=special or None,
            special_reason=request.POST.get("special_reason", "")[:200],
        )
    except DomainError as exc:
        context = {"error": exc, "center": found, "retry": _kiosk_retry(request, exc)}
        return render(request, "queueing/kiosk_error.html", context, status=exc.status)
    return redirect("queueing:slip", ticket.track_token)


def _kiosk_retry(request, exc: DomainError) -> dict | None:
    """A mistyped phone number is corrected on the spot, the item kept, rather
    than searched for again."""
    if "phone" not in (exc.fields or {}):
        return None
    # Everything else that was typed goes back too: a dropped ID number would
    # silently lose an elder's 绿色通道.
    kept = {"item": 40, "phone": 20, "id_number": 40, "special_group": 20, "special_reason": 200}
    return {name: request.POST.get(name, "")[:n] for name, n in kept.items()}


def slip(request, token: str):
    ticket = selectors.ticket_by_track_token(token)
    if ticket is None:
        raise Http404
    ahead = selectors.ahead_of(ticket)
    context = {
        "ticket": ticket,
        "ahead": ahead,
        "wait": selectors.estimate_wait_minutes(ticket.queue, ahead),
        "near": near.is_near(ticket, ahead),
        "near_ahead": near.near_ahead(ticket.center),
        "sms_to": mask_phone(ticket.phone) if ticket.phone else "",
        "qr": qr_svg(track_url(ticket)),
        "track_url": track_url(ticket),
        "width": "80" if request.GET.get("paper") == "80" else "58",
        "back": reverse("queueing:kiosk", args=[ticket.center.code]),
    }
    return render(request, "queueing/slip.html", context)


# --- ticket tracker (public) ---------------------------------------------------------


def track(request, token: str):
    ticket = selectors.ticket_by_track_token(token)
    if ticket is None:
        raise Http404
    ahead = selectors.ahead_of(ticket)
    context = {
        "ticket": ticket,
        "ahead": ahead,
        "wait": selectors.estimate_wait_minutes(ticket.queue, ahead),
        "near": near.is_near(ticket, ahead),
        # 一次一评: the rating link until rated or expired, answered by feedback.
        "evaluation": hooks.first("rating.open", ticket=ticket),
    }
    template = "queueing/track.html"
    if request.htmx:
        template += "#status"
    return render(request, template, context)


# --- window console -------------------------------------------------------------

CONSOLE_STEPS = {
    "call": None,
    "recall": services.ticket_recall,
    "start": services.ticket_start,
    "finish": services.ticket_finish,
    "no-show": services.ticket_no_show,
    "cancel": services.ticket_cancel,
}


def _window(code: str) -> Window:
    window = Window.objects.select_related("center").filter(code=code, is_active=True).first()
    if window is None:
        raise Http404
    return window


def _serving(window: Window, posts: list) -> dict | None:
    """Who serves at the window now (the staff app's A/B rule through the hall's
    hook) and in which post: A, B, or a cover named for an absence."""
    user = hall_selectors.serving_user(window)
    if user is None:
        return None
    post = next((p.post for p in posts if p.user_id == user.pk), "")
    return {"user": user, "post": post}


def _console_context(window: Window, message: str = "", error_text: str = "") -> dict:
    current = selectors.window_current_ticket(window)
    posts = list(window.posts.select_related("user").order_by("post"))
    return {
        "window": window,
        "current": current,
        "queues": selectors.window_queues(window),
        "other_queues": Queue.objects.filter(center=window.center, is_active=True),
        "other_windows": window.center.windows.filter(is_active=True).exclude(pk=window.pk),
        "posts": posts,
        "serving": _serving(window, posts),
        "message": message,
        "error": error_text,
        "no_shows": Ticket.objects.filter(
            window=window, status="no_show", service_date=timezone.localdate()
        ).order_by("-no_show_at")[:5],
    }


def console(request, code: str):
    window = _window(code)
    actor, refusal = need(request, window.center, "ticket.call")
    if refusal:
        return refusal
    if actor.kind == TokenKind.WINDOW and actor.window_id != window.pk:
        return render(
            request,
            "core/denied.html",
            {"message": gettext("窗口令牌只能操作本窗口")},
            status=403,
        )
    template = "queueing/console.html"
    if request.htmx:
        template += "#panel"
    return render(request, template, _console_context(window))


@require_POST
def console_action(request, code: str, step: str):
    window = _window(code)
    actor, refusal = need(request, window.center, "ticket.call")
    if refusal:
        return refusal
    message = error_text = ""
    status = 200
    try:
        if step in ("open", "pause", "resume", "close"):
            services.window_set_state(actor=actor, window=window, action=step)
        elif step == "call":
            ticket = services.ticket_call_next(actor=actor, window=window)
            message = gettext("当前无人等候") if ticket is None else ""
        elif step in CONSOLE_STEPS or step in ("transfer", "reinstate"):
            ticket = Ticket.objects.filter(
                pk=_int(request.POST.get("ticket")), center=window.center
            ).first()
            if ticket is None:
                raise NotFound(gettext("号码不存在"))
            if step == "transfer":
                _transfer(actor, ticket, request.POST, window.center)
            elif step == "reinstate":
                services.ticket_reinstate(actor=actor, ticket=ticket)
            else:
                CONSOLE_STEPS[step](actor=actor, ticket=ticket)
        else:
            raise Http404
    except DomainError as exc:
        error_text, status = str(exc.message), exc.status
    window.refresh_from_db()
    context = _console_context(window, message, error_text)
    template = "queueing/console.html#panel" if request.htmx else "queueing/console.html"
    response = render(request, template, context, status=200 if request.htmx else status)
    return response


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _transfer(actor, ticket: Ticket, data, center: Center) -> None:
    target = data.get("target", "")
    kind, _sep, code = target.partition(":")
    if kind == "queue":
        queue = Queue.objects.filter(center=center, code=code).first()
        if queue is None:
            raise NotFound(gettext("目标队列不存在"))
        services.ticket_transfer(actor=actor, ticket=ticket, queue=queue)
    elif kind == "window":
        target_window = Window.objects.filter(code=code).first()
        if target_window is None:
            raise NotFound(gettext("目标窗口不存在"))
        services.ticket_transfer(actor=actor, ticket=ticket, window=target_window)
    else:
        raise NotFound(gettext("请选择转移目标"))


# --- display board and its stream ------------------------------------------------------


def display(request, center: str):
    found = center_or_404(center)
    _actor, refusal = need(request, found, "board.read")
    if refusal:
        return refusal
    last_id = Event.objects.filter(center=found).order_by("-id").values_list("id", flat=True)
    # A board per zone shows only the calls of that zone's windows.
    zone = found.zones.filter(code=request.GET.get("zone", "")[:32]).first()
    windows = found.windows.filter(zone=zone) if zone else found.windows.all()
    numbers = list(windows.values_list("number", flat=True))
    calls = [t for t in selectors.recent_calls(found, limit=50) if t.window.number in numbers]
    context = {
        "center": found,
        "zone": zone,
        "window_numbers": numbers if zone else [],
        "calls": calls[:8],
        "queues": selectors.queues_with_waiting(found),
        "last_event_id": last_id.first() or 0,
        "now": timezone.localtime(),
    }
    return render(request, "queueing/display.html", context)


def notices(request, center: str, screen: str):
    """The announcements panel of a board or a kiosk, re-read by the screen."""
    found = center_or_404(center)
    if screen not in ("display", "kiosk"):
        raise Http404
    _actor, refusal = need(request, found, "board.read")
    if refusal:
        return refusal
    url = reverse("queueing:notices", args=[found.code, screen])
    context = notices_context(found, screen, url, poll=screen == "kiosk")
    return render(request, "core/_announcements.html", context)


def _stream_actor(request):
    actor = bearer_actor(request) if request.headers.get("Authorization") else None
    return actor or request_actor(request)


def _open_stream(request, center: str):
    """Who is asking, for which centre. Runs on a shared pool thread and gives its
    connection back at once: 500 boards connecting together must not open 500
    database connections."""
    try:
        return center_by_code(center), _stream_actor(request)
    finally:
        connections.close_all()


async def center_events(request, center: str):
    """`GET /api/v1/centers/{center}/events`: display, window, kiosk and staff of
    the centre; a bearer token or a paired browser."""
    try:
        found, actor = await sync_to_async(_open_stream, thread_sensitive=False)(request, center)
    except DomainError as exc:
        return error(exc.status, exc.code, str(exc.message))
    except AuthenticationError:
        return error(401, "unauthorized", gettext("未登录或令牌无效"))
    if not actor.is_authenticated:
        return error(401, "unauthorized", gettext("未登录或令牌无效"))
    if not actor.can(found, "board.read"):
        return error(403, "forbidden", gettext("无权访问"))
    seconds = None
    if request.GET.get("max_seconds"):
        seconds = min(max(float(_int(request.GET["max_seconds"]) or 1), 1.0), 600.0)
    # Staff see every event of the centre; a device only what its screen shows.
    kinds = None if actor.is_staff_user else DEVICE_KINDS
    return await sse_response(
        found.pk, parse_last_event_id(request), max_seconds=seconds, kinds=kinds
    )


# --- the day's figures ---------------------------------------------------------------


def day_report(request, center: str):
    found = center_or_404(center)
    _actor, refusal = need(request, found, "report.read")
    if refusal:
        return refusal
    try:
        day = dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = timezone.localdate()
    rows = selectors.day_figures(center=found, day=day)
    order = {"center": 0, "queue": 1, "window": 2, "staff": 3}
    rows.sort(key=lambda r: (order[r["dimension"]], r["label"]))
    return render(
        request,
        "queueing/day_report.html",
        {
            "center": found,
            "day": day,
            "rows": rows,
            "prev": day - dt.timedelta(days=1),
            "next": day + dt.timedelta(days=1),
        },
    )
