"""State changes of the hall app.

Calling the duty manager (值班长, 004 第五条5, 001 6.4.1.4): a window or the
reception desk asks for help when a visitor is upset or a dispute starts. The
call reaches the duty managers' workbench at once (an event the stream carries,
and the open-call count of the navigation) and their phones by SMS, and is
recorded with how it ended.

Who answers: today's duty manager on the staff app's rota (hook
`hall.duty_managers`); on a day the rota does not name anyone, the centre's
admins and the users who hold the `duty_manager` role (capability duty.answer)."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.catalog.domains import Domain
from govhall.core import hooks
from govhall.core.actors import Actor
from govhall.core.errors import Conflict, NotFound, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.models import Center, Membership, NotificationChannel, User
from govhall.core.names import check_name
from govhall.core.notify import notify
from govhall.core.notify import official as _official

from .models import (
    DutyCall,
    DutyCallStatus,
    Post,
    Window,
    WindowPost,
    WindowState,
    WindowType,
    Zone,
)
from .selectors import duty_managers


def _payload(call: DutyCall) -> dict:
    return {
        "call": call.pk,
        "where": call.where,
        "window": call.window.code if call.window_id else "",
        "status": call.status,
    }


@transaction.atomic
def duty_call_raise(
    *,
    actor: Actor,
    center: Center,
    window: Window | None = None,
    place: str = "",
    reason: str = "",
    now: dt.datetime | None = None,
) -> DutyCall:
    actor.require(center, "duty.call")
    if window is not None and window.center_id != center.pk:
        raise ValidationFailed(_("窗口不属于该中心"), fields={"window": _("窗口不属于该中心")})
    if window is None and not place.strip():
        raise ValidationFailed(_("请说明呼叫的地点"), fields={"place": _("必填")})
    call = DutyCall.objects.create(
        center=center,
        window=window,
        place=place.strip()[:60],
        reason=reason.strip()[:200],
        called_by=actor.user,
        called_at=now or timezone.now(),
    )
    emit("duty.called", center=center, aggregate=call, payload=_payload(call))
    body = _official(_("【政务服务中心】%(where)s 呼叫值班长，请尽快到场处理。"), where=call.where)
    for manager in duty_managers(center):
        notify(
            center=center,
            key=f"duty:{call.pk}:{manager.pk}",
            channel=NotificationChannel.SMS,
            recipient=manager.mobile,
            body=body,
        )
    return call


@transaction.atomic
def duty_call_resolve(
    *, actor: Actor, call: DutyCall, resolution: str, now: dt.datetime | None = None
) -> DutyCall:
    actor.require(call.center, "duty.answer")
    resolution = resolution.strip()
    if not resolution:
        raise ValidationFailed(_("请填写处理结果"), fields={"resolution": _("请填写处理结果")})
    call = DutyCall.objects.select_for_update().get(pk=call.pk)
    if call.status != DutyCallStatus.OPEN:
        raise Conflict(_("该呼叫已处理"), code="duty_call_resolved")
    call.status = DutyCallStatus.RESOLVED
    call.resolved_by = actor.user
    call.resolved_at = now or timezone.now()
    call.resolution = resolution[:2000]
    call.save(update_fields=["status", "resolved_by", "resolved_at", "resolution"])
    emit("duty.resolved", center=call.center, aggregate=call, payload=_payload(call))
    audit("duty.resolved", actor=actor, center=call.center, obj=call)
    return call


# --- the A/B posts of a window (001 附录B B.4) ------------------------------------------


@transaction.atomic
def window_post_set(
    *, actor: Actor, window: Window, post: str, user: User | None
) -> WindowPost | None:
    """Who holds `post` ("A" or "B") at `window`; None leaves the post empty (the
    window then shows the missing post). The hall's own rules: the person works
    at the window's centre, and one person never holds both posts of a window
    (B covers A). The staff app's post_assign adds its rules and calls this."""
    actor.require(window.center, "staff.manage")
    if post not in Post.values:
        raise ValidationFailed(_("岗位只能是A岗或B岗"), fields={"post": _("无效")})
    window = Window.objects.select_for_update().get(pk=window.pk)
    current = WindowPost.objects.filter(window=window, post=post).first()
    before = current.user_id if current else None
    if user is None:
        if current is not None:
            current.delete()
        result = None
    else:
        if not Membership.objects.filter(user=user, center=window.center).exists():
            raise ValidationFailed(
                _("该人员不在本中心工作"), fields={"user": _("该人员不在本中心工作")}
            )
        other = WindowPost.objects.filter(window=window).exclude(post=post).first()
        if other is not None and other.user_id == user.pk:
            raise Conflict(
                _("同一人不能同时担任一个窗口的A岗和B岗"),
                code="post_both",
                fields={
                    "user": _("该人员已是本窗口的%(post)s") % {"post": other.get_post_display()}
                },
            )
        if current is None:
            current = WindowPost(window=window, post=post, on_duty=post == Post.A)
        current.user = user
        current.save()
        result = current
    if before != (user.pk if user else None):
        payload = {"window": window.code, "post": post, "user": user.pk if user else None}
        emit("window.post_changed", center=window.center, aggregate=window, payload=payload)
        audit(
            "window.post_changed",
            actor=actor,
            center=window.center,
            obj=window,
            detail={**payload, "before": before},
        )
    return result


# --- the centre's windows (001 4.5.2), set in the workplace (hall.manage) ------------------
#
# Created, changed and deactivated by the centre admin. Every change is audited
# and written as a `window.configured` event: the display boards and terminals
# receive `window.*` events (core/stream.py DEVICE_KINDS) and re-read their page.
# A window is never deleted: its tickets, cases and ratings keep pointing at it.
# Deactivating one that is calling or serving a ticket, or that has tickets sent
# to it still waiting, is refused; the queueing app answers that question
# through the hook `hall.window_busy` (a lower app does not read tickets).

NAME_MAX = 60
NUMBER_MAX = 999
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")


def proposed_code(center: Center, number: int) -> str:
    """The code a new window gets unless one is typed: the centre code's last
    part and the number, "QZX-W07" (the demo's and the devices' convention)."""
    suffix = center.code.split("-")[-1] or center.code
    return f"{suffix}-W{number:02d}"[:32]


def next_number(center: Center) -> int:
    last = Window.objects.filter(center=center).order_by("-number").first()
    return (last.number + 1) if last else 1


def _problems(
    *, center: Center, number, name: str, type: str, domain: str, zone: Zone | None, window=None
) -> dict:
    errors: dict = {}
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= NUMBER_MAX:
        errors["number"] = _("窗口号应为 1 至 %(n)s 之间的整数") % {"n": NUMBER_MAX}
    else:
        same = Window.objects.filter(center=center, number=number)
        if window is not None:
            same = same.exclude(pk=window.pk)
        if same.exists():
            errors["number"] = _("本中心已有 %(n)s 号窗口") % {"n": number}
    if not isinstance(name, str) or not name.strip():
        errors["name"] = _("请填写窗口名称")
    elif len(name.strip()) > NAME_MAX:
        errors["name"] = _("名称最多 %(n)s 个字") % {"n": NAME_MAX}
    if type not in WindowType.values:
        errors["type"] = _("请选择窗口类型")
    if domain and domain not in Domain.values:
        errors["domain"] = _("无效的领域")
    elif type == WindowType.DOMAIN and not domain:
        errors["domain"] = _("分领域综合窗口须选择受理的领域")
    if zone is not None and zone.center_id != center.pk:
        errors["zone"] = _("功能区不属于本中心")
    return errors


def _window_payload(window: Window, action: str) -> dict:
    return {
        "window": window.number,
        "window_code": window.code,
        "name": window.name,
        "type": window.type,
        "is_active": window.is_active,
        "action": action,
    }


def _locked_window(actor: Actor, window: Window) -> Window:
    found = Window.objects.select_for_update().filter(pk=window.pk).first()
    if found is None or not actor.can_see(found.center_id):
        raise NotFound(_("对象不存在或无权访问"))
    return found


@transaction.atomic
def window_create(
    *,
    actor: Actor,
    center: Center,
    number: int,
    name: str,
    type: str,
    domain: str = "",
    zone: Zone | None = None,
    code: str = "",
) -> Window:
    actor.require(center, "hall.manage")
    name = (name or "").strip() if isinstance(name, str) else name
    errors = _problems(center=center, number=number, name=name, type=type, domain=domain, zone=zone)
    code = (code or "").strip()
    if not errors.get("number"):
        code = code or proposed_code(center, number)
    if code and not _CODE.match(code):
        errors["code"] = _("编码只能由字母、数字、“-”和“_”组成，最多 32 位")
    if errors:
        raise ValidationFailed(_("窗口信息有误"), code="invalid_window", fields=errors)
    check_name(name, "name")
    if Window.objects.filter(code=code).exists():
        raise Conflict(
            _("编码 %(code)s 已被使用，请另填一个") % {"code": code},
            code="window_code_taken",
            fields={"code": _("已被使用")},
        )
    window = Window.objects.create(
        center=center,
        code=code,
        number=number,
        name=name,
        type=type,
        domain=domain if type == WindowType.DOMAIN or domain else "",
        zone=zone,
        state=WindowState.CLOSED,
    )
    audit(
        "window.created",
        actor=actor,
        center=center,
        obj=window,
        detail=_window_payload(window, "created"),
    )
    emit(
        "window.configured",
        center=center,
        aggregate=window,
        payload=_window_payload(window, "created"),
    )
    return window


@transaction.atomic
def window_update(
    *,
    actor: Actor,
    window: Window,
    number: int,
    name: str,
    type: str,
    domain: str = "",
    zone: Zone | None = None,
) -> Window:
    """Change what the window is; its code stays (devices are paired by it)."""
    window = _locked_window(actor, window)
    center = window.center
    actor.require(center, "hall.manage")
    name = (name or "").strip() if isinstance(name, str) else name
    errors = _problems(
        center=center, number=number, name=name, type=type, domain=domain, zone=zone, window=window
    )
    if errors:
        raise ValidationFailed(_("窗口信息有误"), code="invalid_window", fields=errors)
    check_name(name, "name")
    before = _window_payload(window, "before")
    window.number, window.name, window.type, window.zone = number, name, type, zone
    window.domain = domain
    window.save(update_fields=["number", "name", "type", "domain", "zone"])
    audit(
        "window.updated",
        actor=actor,
        center=center,
        obj=window,
        detail={"before": before, "after": _window_payload(window, "changed")},
    )
    emit(
        "window.configured",
        center=center,
        aggregate=window,
        payload=_window_payload(window, "changed"),
    )
    return window


@transaction.atomic
def window_deactivate(*, actor: Actor, window: Window) -> Window:
    """Take a window out of service: closed, no longer called from, offered or
    shown. Refused while it is calling or serving someone (409 window_busy) or
    tickets sent to it still wait (409 window_has_transfers)."""
    window = _locked_window(actor, window)
    actor.require(window.center, "hall.manage")
    if not window.is_active:
        return window  # already: twice is fine
    busy = hooks.first("hall.window_busy", window=window)
    if busy is not None:
        code, message = busy
        raise Conflict(message, code=code)
    window.is_active = False
    window.state = WindowState.CLOSED
    window.save(update_fields=["is_active", "state"])
    audit("window.deactivated", actor=actor, center=window.center, obj=window)
    emit(
        "window.configured",
        center=window.center,
        aggregate=window,
        payload=_window_payload(window, "deactivated"),
    )
    return window


@transaction.atomic
def window_activate(*, actor: Actor, window: Window) -> Window:
    """Bring a deactivated window back (closed: its clerk opens it)."""
    window = _locked_window(actor, window)
    actor.require(window.center, "hall.manage")
    if window.is_active:
        return window
    window.is_active = True
    window.save(update_fields=["is_active"])
    audit("window.activated", actor=actor, center=window.center, obj=window)
    emit(
        "window.configured",
        center=window.center,
        aggregate=window,
        payload=_window_payload(window, "activated"),
    )
    return window
