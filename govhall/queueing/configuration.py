"""The centre sets up its queues and its windows' calling profiles
(issue 12 §1): the queue a ticket joins (its items, its number prefix) and the
queues each window calls from, in order (calling_order.py reads the profile:
the window's profile order decides between queues after 绿色通道 priority and
appointments). The centre admin (hall.manage) changes them; every change is
audited and written as an event the screens receive (`queue.*` and `window.*`
reach the display boards and terminals, core/stream.py): `queue.configured`
and `window.profile_changed`.

A queue is never deleted (its tickets and figures refer to it); one with
tickets still waiting or being served is not taken out of service (409
queue_has_waiting). Re-exported by services.py, which is already long."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import ServiceItem
from govhall.core.actors import Actor
from govhall.core.errors import Conflict, NotFound, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.models import Center
from govhall.core.names import check_name
from govhall.hall.models import Window

from . import near
from .models import ACTIVE, Queue, Ticket, TicketStatus, WindowQueue

NAME_MAX = 60
POSITION_MAX = 999
PROFILE_MAX = 20
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,31}$")
_PREFIX = re.compile(r"^[A-Z]{1,2}$")


def queue_problems(
    *, center: Center, name, prefix, position, items, code=None, queue: Queue | None = None
) -> dict:
    """Field errors of a queue, translated; empty when it may be saved.
    `code` is checked only for a new queue (it stays once given)."""
    errors: dict = {}
    if queue is None:
        if not isinstance(code, str) or not _CODE.match(code):
            errors["code"] = _("编码由大写字母、数字、“-”和“_”组成，最多 32 位")
        elif Queue.objects.filter(center=center, code=code).exists():
            errors["code"] = _("本中心已有该编码的队列")
    if not isinstance(name, str) or not name.strip():
        errors["name"] = _("请填写队列名称")
    elif len(name.strip()) > NAME_MAX:
        errors["name"] = _("名称最多 %(n)s 个字") % {"n": NAME_MAX}
    if not isinstance(prefix, str) or not _PREFIX.match(prefix):
        errors["prefix"] = _("号码前缀为一至两个大写字母，如 A 或 AB")
    else:
        same = Queue.objects.filter(center=center, prefix=prefix)
        if queue is not None:
            same = same.exclude(pk=queue.pk)
        if same.exists():
            errors["prefix"] = _("本中心已有前缀为 %(p)s 的队列") % {"p": prefix}
    if isinstance(position, bool) or not isinstance(position, int):
        errors["position"] = _("排序应为整数")
    elif not 0 <= position <= POSITION_MAX:
        errors["position"] = _("排序应在 0 至 %(n)s 之间") % {"n": POSITION_MAX}
    stationed = set(
        ServiceItem.objects.filter(
            stationings__center=center, stationings__active=True
        ).values_list("pk", flat=True)
    )
    if any(not isinstance(i, ServiceItem) or i.pk not in stationed for i in items):
        errors["items"] = _("只能选择在本中心进驻的事项")
    return errors


def _payload(queue: Queue, action: str) -> dict:
    return {
        "queue": queue.code,
        "name": queue.name,
        "prefix": queue.prefix,
        "is_active": queue.is_active,
        "action": action,
    }


def _emit(queue: Queue, action: str) -> None:
    emit("queue.configured", center=queue.center, aggregate=queue, payload=_payload(queue, action))


def _locked(actor: Actor, queue: Queue) -> Queue:
    found = Queue.objects.select_for_update().filter(pk=queue.pk).first()
    if found is None or not actor.can_see(found.center_id):
        raise NotFound(_("对象不存在或无权访问"))
    return found


@transaction.atomic
def queue_create(
    *,
    actor: Actor,
    center: Center,
    code: str,
    name: str,
    prefix: str,
    position: int = 0,
    items=(),
) -> Queue:
    actor.require(center, "hall.manage")
    items = list(items)
    name = name.strip() if isinstance(name, str) else name
    code = code.strip().upper() if isinstance(code, str) else code
    prefix = prefix.strip().upper() if isinstance(prefix, str) else prefix
    errors = queue_problems(
        center=center, code=code, name=name, prefix=prefix, position=position, items=items
    )
    if errors:
        raise ValidationFailed(_("队列信息有误"), code="invalid_queue", fields=errors)
    check_name(name, "name")
    queue = Queue.objects.create(
        center=center, code=code, name=name, prefix=prefix, position=position
    )
    queue.items.set(items)
    audit(
        "queue.created",
        actor=actor,
        center=center,
        obj=queue,
        detail={**_payload(queue, "created"), "items": sorted(i.code for i in items)},
    )
    _emit(queue, "created")
    return queue


@transaction.atomic
def queue_update(
    *, actor: Actor, queue: Queue, name: str, prefix: str, position: int, items=()
) -> Queue:
    """Change a queue's name, prefix, place in lists and items. A new prefix
    applies to the tickets issued from now on."""
    queue = _locked(actor, queue)
    center = queue.center
    actor.require(center, "hall.manage")
    items = list(items)
    name = name.strip() if isinstance(name, str) else name
    prefix = prefix.strip().upper() if isinstance(prefix, str) else prefix
    errors = queue_problems(
        center=center, name=name, prefix=prefix, position=position, items=items, queue=queue
    )
    if errors:
        raise ValidationFailed(_("队列信息有误"), code="invalid_queue", fields=errors)
    check_name(name, "name")
    before = {
        **_payload(queue, "before"),
        "items": sorted(queue.items.values_list("code", flat=True)),
    }
    queue.name, queue.prefix, queue.position = name, prefix, position
    queue.save(update_fields=["name", "prefix", "position"])
    queue.items.set(items)
    after = {**_payload(queue, "changed"), "items": sorted(i.code for i in items)}
    audit(
        "queue.updated",
        actor=actor,
        center=center,
        obj=queue,
        detail={"before": before, "after": after},
    )
    _emit(queue, "changed")
    return queue


@transaction.atomic
def queue_deactivate(*, actor: Actor, queue: Queue) -> Queue:
    """Stop issuing into a queue and calling from it. Refused while tickets
    wait in it or are being called or served (409 queue_has_waiting)."""
    queue = _locked(actor, queue)
    actor.require(queue.center, "hall.manage")
    if not queue.is_active:
        return queue
    open_ = Ticket.objects.filter(queue=queue, status__in=(TicketStatus.WAITING, *ACTIVE)).count()
    if open_:
        raise Conflict(
            _("该队列还有 %(n)s 个号码在等候或办理中，办结或转移后才能停用") % {"n": open_},
            code="queue_has_waiting",
        )
    queue.is_active = False
    queue.save(update_fields=["is_active"])
    audit("queue.deactivated", actor=actor, center=queue.center, obj=queue)
    _emit(queue, "deactivated")
    return queue


@transaction.atomic
def queue_activate(*, actor: Actor, queue: Queue) -> Queue:
    queue = _locked(actor, queue)
    actor.require(queue.center, "hall.manage")
    if queue.is_active:
        return queue
    queue.is_active = True
    queue.save(update_fields=["is_active"])
    audit("queue.activated", actor=actor, center=queue.center, obj=queue)
    _emit(queue, "activated")
    return queue


# --- a window's calling profile ---------------------------------------------------------


@transaction.atomic
def window_profile_set(*, actor: Actor, window: Window, queues) -> list[WindowQueue]:
    """The queues `window` calls from, in this order (first = called first
    among equals). An empty list leaves the window calling only the tickets
    transferred to it."""
    window = (
        Window.objects.select_for_update().select_related("center").filter(pk=window.pk).first()
    )
    if window is None or not actor.can_see(window.center_id):
        raise NotFound(_("对象不存在或无权访问"))
    actor.require(window.center, "hall.manage")
    queues = list(queues)
    problem = None
    if len(queues) > PROFILE_MAX:
        problem = _("一个窗口最多呼叫 %(n)s 个队列") % {"n": PROFILE_MAX}
    elif any(not isinstance(q, Queue) or q.center_id != window.center_id for q in queues):
        problem = _("只能选择本中心的队列")
    elif len({q.pk for q in queues}) != len(queues):
        problem = _("同一队列只能选择一次")
    elif any(not q.is_active for q in queues):
        problem = _("已停用的队列不能呼叫")
    if problem:
        raise ValidationFailed(problem, code="invalid_profile", fields={"queues": problem})
    before = list(window.profile.order_by("position", "id").values_list("queue__code", "queue_id"))
    window.profile.all().delete()
    links = [
        WindowQueue.objects.create(window=window, queue=q, position=n) for n, q in enumerate(queues)
    ]
    codes = [q.code for q in queues]
    audit(
        "window.profile_set",
        actor=actor,
        center=window.center,
        obj=window,
        detail={"before": [c for c, _id in before], "after": codes},
    )
    # Who is ahead in these queues may have changed (a window more or fewer).
    near.near_check(
        center=window.center,
        day=timezone.localdate(),
        queue_ids={q.pk for q in queues} | {pk for _c, pk in before},
        target_window_id=window.pk,
    )
    emit(
        "window.profile_changed",
        center=window.center,
        aggregate=window,
        payload={"window": window.number, "window_code": window.code, "queues": codes},
    )
    return links


# --- what hall asks before a window goes out of service (hook hall.window_busy) ----------


def window_busy(*, window: Window):
    """(code, message) when the window may not be deactivated now, else None."""
    if Ticket.objects.filter(window=window, status__in=ACTIVE).exists():
        return "window_busy", _("该窗口正在呼叫或办理号码，办结后才能停用")
    if Ticket.objects.filter(target_window=window, status=TicketStatus.WAITING).exists():
        return "window_has_transfers", _("有号码转到该窗口仍在等候，请先处理或转移")
    return None
