"""Every change of a ticket or a window's state: one short transaction that
checks the state machine, locks late, and writes its event.

Claiming the next ticket looks up the head of each of the window's queues by
its index (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite serialises writers
with BEGIN IMMEDIATE) and chooses among those few rows (DESIGN.md)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import ServiceItem
from govhall.core.actors import Actor
from govhall.core.center_settings import center_setting
from govhall.core.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    ValidationFailed,
)
from govhall.core.events import emit
from govhall.core.identity import parse_id_number, parse_phone
from govhall.core.models import Center, TokenKind
from govhall.core.opening import issue_window
from govhall.core.services import counter_next
from govhall.hall import selectors as hall_selectors
from govhall.hall.models import Window, WindowState

from . import near
from .calling_order import HEAD_ORDER, CallingOrder
from .models import (
    ACTIVE,
    Channel,
    DailyFigure,
    Queue,
    SpecialGroup,
    Ticket,
    TicketStatus,
    WindowQueue,
)
from .quotas import quota_take
from .selectors import day_figures, require_window
from .times import step_time

# --- permissions -------------------------------------------------------------


_require_window = require_window  # one rule for reading and working a window


def _event_payload(ticket: Ticket) -> dict:
    window = ticket.window or ticket.target_window
    return {
        "ticket": ticket.pk,
        "number": ticket.number,
        "queue": ticket.queue.code,
        "status": ticket.status,
        "priority": ticket.priority,
        "window": window.number if window else None,
        "window_code": window.code if window else None,
        "recall_count": ticket.recall_count,
    }


def _emit_ticket(kind: str, ticket: Ticket) -> None:
    emit(kind, center=ticket.center, aggregate=ticket, payload=_event_payload(ticket))


def _emit_queue_changed(queue: Queue) -> None:
    waiting = Ticket.objects.filter(queue=queue, status=TicketStatus.WAITING).count()
    emit(
        "queue.changed",
        center=queue.center,
        aggregate=queue,
        payload={"queue": queue.code, "name": queue.name, "waiting": waiting},
    )


# --- issuing -----------------------------------------------------------------


def queue_for_item(center: Center, item: ServiceItem) -> Queue:
    if not item.stationings.filter(center=center, active=True).exists():
        raise ValidationFailed(
            _("该事项未在本中心进驻"), code="item_not_served", fields={"item": item.code}
        )
    queue = item.queues.filter(center=center, is_active=True).order_by("position").first()
    if queue is None:
        raise ValidationFailed(
            _("该事项尚未配置排队队列"), code="item_has_no_queue", fields={"item": item.code}
        )
    return queue


def _next_number(queue: Queue, day: dt.date) -> tuple[int, str]:
    seq = counter_next(f"ticket:{queue.pk}:{day.isoformat()}")
    return seq, f"{queue.prefix}{seq:03d}"


def _require_open(center: Center, now: dt.datetime) -> None:
    """Tickets only while the hall takes them (its hours, holidays, 调休); the
    refusal says when it opens next, as the kiosk does."""
    window = issue_window(center, now)
    if window.open:
        return
    if window.next_opening is None:
        message = _("本中心现在不在取号时间，近期暂无开放安排，请关注中心公告")
    else:
        message = _("本中心现在不在取号时间，下次开放：%(when)s") % {
            "when": date_format(window.next_opening, "n月j日 l H:i")
        }
    fields = {"next_opening": window.next_opening.isoformat()} if window.next_opening else {}
    raise Conflict(message, code="hall_closed", fields=fields)


@transaction.atomic
def ticket_issue(
    *,
    actor: Actor,
    center: Center,
    item_code: str,
    id_number: str | None = None,
    phone: str | None = None,
    special_group: str | None = None,
    special_reason: str = "",
    channel: str | None = None,
    is_appointment: bool = False,
    now: dt.datetime | None = None,
) -> Ticket:
    """Take a ticket for an item. An ID number showing age 60 or over (a per-centre
    setting) gives priority; reception may flag any special group with a reason."""
    if is_appointment:
        actor.require(center, "booking.check_in")
    else:
        actor.require(center, "ticket.issue")
    item = ServiceItem.objects.filter(code=item_code, published_version__isnull=False).first()
    if item is None:
        raise NotFound(_("事项不存在"), code="item_not_found", fields={"item": item_code})
    queue = queue_for_item(center, item)
    now = now or timezone.now()
    _require_open(center, now)
    errors: dict = {}
    parsed_id = None
    if id_number:
        parsed_id = parse_id_number(id_number, today=timezone.localdate(now))
    if phone:
        phone = parse_phone(phone)
    if special_group:
        if special_group not in SpecialGroup.values:
            errors["special_group"] = _("无效的特殊群体类型")
        elif not special_reason.strip() and special_group != SpecialGroup.ELDERLY:
            errors["special_reason"] = _("请注明特殊群体的情况")
    if len(special_reason) > 200:
        errors["special_reason"] = _("不能超过 %(n)s 个字符") % {"n": 200}
    if errors:
        raise ValidationFailed(_("取号信息有误"), fields=errors)

    group = special_group or ""
    if parsed_id and parsed_id.age_on(timezone.localdate(now)) >= center_setting(
        center, "queue.elderly_age"
    ):
        group = group or SpecialGroup.ELDERLY  # 绿色通道 (000 第四条)
    if not is_appointment:
        # Appointment check-ins skip the walk-in quota: they were booked.
        quota_take(center=center, queue=queue, item=item, now=now)
    day = timezone.localdate(now)
    seq, number = _next_number(queue, day)
    ticket = Ticket.objects.create(
        center=center,
        queue=queue,
        item=item,
        service_date=day,
        seq=seq,
        number=number,
        channel=channel or (Channel.KIOSK if actor.kind == TokenKind.KIOSK else Channel.RECEPTION),
        priority=bool(group),
        special_group=group,
        special_reason=special_reason.strip(),
        is_appointment=is_appointment,
        id_number=parsed_id,
        phone=phone or "",
        sort_at=now,
        issued_at=now,
        issued_by=actor.user,
    )
    near.near_at_issue(ticket)
    # The item code lets the catalog count what people come for (search ranking).
    payload = {**_event_payload(ticket), "item": item.code}
    emit("ticket.issued", center=center, aggregate=ticket, payload=payload)
    _emit_queue_changed(queue)
    return ticket


# --- calling -----------------------------------------------------------------


def _lock_window(window: Window) -> Window:
    # of=self: locking the joined centre row too would serialise every window.
    return Window.objects.select_for_update(of=("self",)).select_related("center").get(pk=window.pk)


def _head(queryset, order=HEAD_ORDER) -> Ticket | None:
    return (
        queryset.filter(status=TicketStatus.WAITING)
        .order_by(*order)
        .select_for_update(skip_locked=True, of=("self",))
        .first()
    )


@transaction.atomic
def ticket_call_next(*, actor: Actor, window: Window, now: dt.datetime | None = None):
    """Call the next ticket for this window (calling_order.py), or return None
    when nobody waits."""
    _require_window(actor, window)
    window = _lock_window(window)
    if window.state != WindowState.OPEN:
        raise Conflict(_("窗口未开放"), code="window_closed")
    if Ticket.objects.filter(window=window, status__in=ACTIVE).exists():
        raise Conflict(_("当前号码尚未办结，请先办结或过号"), code="window_busy")
    links = list(
        WindowQueue.objects.filter(window=window, queue__is_active=True)
        .select_related("queue__center")
        .order_by("position", "id")
    )
    queues = [link.queue for link in links]
    order = CallingOrder.for_window(window, links)
    given, now = now, now or timezone.now()
    # Only tickets that exist at the moment of the call: one taken later cannot
    # be called earlier (a wait is never negative).
    base = Ticket.objects.filter(
        center=window.center_id, service_date=timezone.localdate(now), issued_at__lte=now
    )
    # Tickets transferred to this very window come first.
    chosen = _head(base.filter(target_window=window))
    if chosen is None:
        heads = (
            _head(base.filter(target_window__isnull=True, **where), by)
            for where, by in order.head_lookups()
        )
        chosen = order.choose([h for h in heads if h is not None])
    if chosen is None:
        return None
    chosen.center = window.center  # already loaded: spares the lazy fetches
    chosen.queue = next((q for q in queues if q.pk == chosen.queue_id), None) or chosen.queue
    targeted = chosen.target_window_id
    chosen.status = TicketStatus.CALLED
    chosen.window = window
    chosen.target_window = None
    chosen.called_at = step_time(chosen, given)
    chosen.first_called_at = chosen.first_called_at or chosen.called_at
    chosen.served_by = actor.user or _on_duty(window)
    chosen.save(
        update_fields=[
            "status",
            "window",
            "target_window",
            "called_at",
            "first_called_at",
            "served_by",
        ]
    )
    _emit_ticket("ticket.called", chosen)
    _emit_queue_changed(chosen.queue)
    near.called_tell(chosen)
    near.near_after_leaving(
        chosen,
        queue_id=chosen.queue_id,
        target_window_id=targeted,
        window_queue_ids=[q.pk for q in queues] if targeted else (),
    )
    return chosen


def _on_duty(window: Window):
    return hall_selectors.serving_user(window)


def _locked_ticket(ticket: Ticket) -> Ticket:
    return (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("queue", "center", "window")
        .get(pk=ticket.pk)
    )


def _step(actor: Actor, ticket: Ticket, allowed: tuple[str, ...]) -> Ticket:
    ticket = _locked_ticket(ticket)
    if ticket.window is not None and ticket.status in ACTIVE:
        _require_window(actor, ticket.window)
    else:
        actor.require(ticket.center, "ticket.handle")
    if ticket.status not in allowed:
        raise InvalidTransition(
            _("当前状态（%(status)s）不能执行此操作") % {"status": ticket.get_status_display()}
        )
    return ticket


@transaction.atomic
def ticket_recall(*, actor: Actor, ticket: Ticket, now: dt.datetime | None = None) -> Ticket:
    ticket = _step(actor, ticket, (TicketStatus.CALLED,))
    limit = center_setting(ticket.center, "queue.max_recalls")
    if ticket.recall_count >= limit:
        raise InvalidTransition(
            _("已重呼 %(n)s 次，请按过号处理") % {"n": ticket.recall_count}, code="recall_limit"
        )
    ticket.recall_count += 1
    ticket.called_at = step_time(ticket, now)
    ticket.save()
    _emit_ticket("ticket.recalled", ticket)
    return ticket


@transaction.atomic
def ticket_start(*, actor: Actor, ticket: Ticket, now: dt.datetime | None = None) -> Ticket:
    ticket = _step(actor, ticket, (TicketStatus.CALLED,))
    ticket.started_at = step_time(ticket, now)
    ticket.status = TicketStatus.SERVING
    ticket.served_by = actor.user or ticket.served_by
    ticket.save()
    _emit_ticket("ticket.started", ticket)
    return ticket


@transaction.atomic
def ticket_finish(*, actor: Actor, ticket: Ticket, now: dt.datetime | None = None) -> Ticket:
    ticket = _step(actor, ticket, (TicketStatus.SERVING, TicketStatus.CALLED))
    now = step_time(ticket, now)
    ticket.started_at = ticket.started_at or ticket.called_at
    ticket.status = TicketStatus.DONE
    ticket.finished_at = ticket.closed_at = now
    ticket.save()
    # 一次一评: feedback subscribes to ticket.finished and invites the rating.
    _emit_ticket("ticket.finished", ticket)
    return ticket


@transaction.atomic
def ticket_no_show(*, actor: Actor, ticket: Ticket, now: dt.datetime | None = None) -> Ticket:
    ticket = _step(actor, ticket, (TicketStatus.CALLED,))
    ticket.no_show_at = step_time(ticket, now)
    ticket.status = TicketStatus.NO_SHOW
    ticket.save()
    _emit_ticket("ticket.no_show", ticket)
    near.messages_withdraw(ticket)
    return ticket


@transaction.atomic
def ticket_reinstate(*, actor: Actor, ticket: Ticket, now: dt.datetime | None = None) -> Ticket:
    """A no-show who comes back within the set time rejoins behind a set number
    of people (per-centre settings), not at the head of the queue."""
    ticket = _step(actor, ticket, (TicketStatus.NO_SHOW,))
    now = step_time(ticket, now)
    minutes = center_setting(ticket.center, "queue.no_show_reinstate_minutes")
    if now - ticket.no_show_at > dt.timedelta(minutes=minutes):
        raise InvalidTransition(
            _("过号已超过 %(n)s 分钟，请重新取号") % {"n": minutes}, code="reinstate_expired"
        )
    behind = center_setting(ticket.center, "queue.no_show_reinstate_behind")
    waiting = list(
        Ticket.objects.filter(
            queue=ticket.queue,
            service_date=ticket.service_date,
            status=TicketStatus.WAITING,
            target_window__isnull=True,
        )
        .order_by(*HEAD_ORDER)
        .values_list("sort_at", flat=True)[:behind]
    )
    # Just after the last of the people it must stand behind (or now, if fewer wait).
    anchor = waiting[-1] if len(waiting) == behind and waiting else None
    ticket.sort_at = min(anchor + dt.timedelta(microseconds=1), now) if anchor else now
    ticket.priority = ticket.is_appointment = False
    ticket.status = TicketStatus.WAITING
    ticket.window = None
    ticket.recall_count = 0
    ticket.save()
    _emit_ticket("ticket.reinstated", ticket)
    _emit_queue_changed(ticket.queue)
    near.near_check(center=ticket.center, day=ticket.service_date, also=ticket)
    return ticket


@transaction.atomic
def ticket_cancel(*, actor: Actor, ticket: Ticket, now: dt.datetime | None = None) -> Ticket:
    ticket = _step(actor, ticket, (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.NO_SHOW))
    was_waiting = ticket.status == TicketStatus.WAITING
    ticket.closed_at = step_time(ticket, now)
    ticket.status = TicketStatus.CANCELLED
    ticket.save()
    _emit_ticket("ticket.cancelled", ticket)
    _emit_queue_changed(ticket.queue)
    near.messages_withdraw(ticket)
    if was_waiting:
        near.near_after_leaving(
            ticket, queue_id=ticket.queue_id, target_window_id=ticket.target_window_id
        )
    return ticket


@transaction.atomic
def ticket_transfer(
    *, actor: Actor, ticket: Ticket, queue: Queue | None = None, window: Window | None = None
) -> Ticket:
    """Move a ticket to another queue or window of the same centre. It keeps its
    number and its place by the original issue time (sort_at)."""
    if (queue is None) == (window is None):
        raise ValidationFailed(
            _("请指定目标队列或目标窗口之一"), fields={"queue": _("二选一"), "window": _("二选一")}
        )
    ticket = _step(actor, ticket, (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING))
    target_center = (queue or window).center_id
    if target_center != ticket.center_id:
        raise ValidationFailed(
            _("不能转到其他中心"),
            code="other_center",
            fields={"queue" if queue else "window": _("不属于本中心")},
        )
    old_queue = ticket.queue
    old_target, was_waiting = ticket.target_window_id, ticket.status == TicketStatus.WAITING
    ticket.status = TicketStatus.WAITING
    ticket.window = None
    ticket.recall_count = 0
    if queue is not None:
        ticket.queue = queue
        ticket.target_window = None
    else:
        ticket.target_window = window
    ticket.save()
    _emit_ticket("ticket.transferred", ticket)
    _emit_queue_changed(old_queue)
    if ticket.queue_id != old_queue.pk:
        _emit_queue_changed(ticket.queue)
    # Its place is recomputed where it went; where it left, others moved up.
    if was_waiting:
        near.near_after_leaving(ticket, queue_id=old_queue.pk, target_window_id=old_target)
    near.near_check(center=ticket.center, day=ticket.service_date, also=ticket)
    return ticket


# --- windows -----------------------------------------------------------------

_WINDOW_MOVES = {
    "open": ((WindowState.CLOSED, WindowState.PAUSED), WindowState.OPEN),
    "pause": ((WindowState.OPEN,), WindowState.PAUSED),
    "resume": ((WindowState.PAUSED,), WindowState.OPEN),
    "close": ((WindowState.OPEN, WindowState.PAUSED), WindowState.CLOSED),
}


@transaction.atomic
def window_set_state(*, actor: Actor, window: Window, action: str) -> Window:
    _require_window(actor, window)
    window = _lock_window(window)
    allowed, target = _WINDOW_MOVES[action]
    if window.state not in allowed:
        raise InvalidTransition(
            _("窗口当前为“%(state)s”，不能执行此操作") % {"state": window.get_state_display()}
        )
    if action == "close" and Ticket.objects.filter(window=window, status__in=ACTIVE).exists():
        raise Conflict(_("当前号码尚未办结，不能关闭窗口"), code="window_busy")
    window.state = target
    window.save(update_fields=["state"])
    # The windows that can call a ticket changed, and with them who is ahead.
    near.near_check(
        center=window.center,
        day=timezone.localdate(),
        queue_ids=window.profile.values_list("queue_id", flat=True),
        target_window_id=window.pk,
    )
    emit(
        f"window.{action}",
        center=window.center,
        aggregate=window,
        payload={"window": window.number, "window_code": window.code, "state": window.state},
    )
    return window


# --- end of day --------------------------------------------------------------


@transaction.atomic
def tickets_expire(*, center: Center, day: dt.date, now: dt.datetime | None = None) -> int:
    """Close what is left unserved on or before `day` as expired. Safe to run twice."""
    now = now or timezone.now()
    left = Ticket.objects.select_for_update(of=("self",)).filter(
        center=center,
        service_date__lte=day,
        status__in=(
            TicketStatus.WAITING,
            TicketStatus.CALLED,
            TicketStatus.SERVING,
            TicketStatus.NO_SHOW,
        ),
    )
    count = 0
    for ticket in left.select_related("queue", "window", "center"):
        ticket.status = TicketStatus.EXPIRED
        ticket.closed_at = now
        ticket.save()
        _emit_ticket("ticket.expired", ticket)
        near.messages_withdraw(ticket)
        count += 1
    return count


@transaction.atomic
def daily_figures_compute(*, center: Center, day: dt.date) -> int:
    """Keep the day's figures per centre, queue, window and staff member after the
    tickets are closed. Recomputing replaces them (safe to run twice)."""
    rows = day_figures(center=center, day=day)
    DailyFigure.objects.filter(center=center, service_date=day).delete()
    DailyFigure.objects.bulk_create(DailyFigure(center=center, service_date=day, **r) for r in rows)
    return len(rows)


# --- the centre's queues and calling profiles (configuration.py) ---------------------------

from .configuration import (  # noqa: E402, F401  (re-exported: services are the one door)
    queue_activate,
    queue_create,
    queue_deactivate,
    queue_update,
    window_profile_set,
)
