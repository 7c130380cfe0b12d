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

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.errors import Conflict, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.models import Center, Membership, NotificationChannel, User
from govhall.core.notify import notify
from govhall.core.notify import official as _official

from .models import DutyCall, DutyCallStatus, Post, Window, WindowPost
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
