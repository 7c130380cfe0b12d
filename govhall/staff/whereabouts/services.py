"""暂离: stepping away from the window and coming back (001 附录B B.4.5).

A staff member marks themself away (staff.self), or the centre does it for
them (staff.read + staff.manage). While the record is open, presence counts
them away, so the window's other post serves (staff.posts.serving) and the
whereabouts board shows 暂离 with the expected return.

An away that leaves a window with nobody (its other post away too, or no other
post) is not refused: a clerk called to a meeting by the centre's head must be
able to go, and refusing the record would only make the board lie. It is
accepted when the person confirms the warning they were shown, the windows are
kept on the record, and `staff.window_uncovered` is written so the duty manager
(值班长) sees it on their workbench and arranges someone. Leave, planned ahead,
is where the A/B rule refuses (the leave feature)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.center_settings import center_setting
from govhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.models import Center, Membership, User
from govhall.staff import posts

from . import selectors
from .models import Away, AwayReason

NOTE_MAX = 60


def _authorise(actor: Actor, center: Center, user: User | None) -> User:
    """The person the change is for: oneself (staff.self), or someone of the
    centre by the centre (staff.read and staff.manage)."""
    if user is None or (actor.user is not None and user.pk == actor.user.pk):
        actor.require(center, "staff.self")
        if actor.user is None:
            raise PermissionDenied(_("当前角色无权执行此操作"), code="forbidden_role")
        user = actor.user
    else:
        actor.require(center, "staff.read")
        actor.require(center, "staff.manage")
    if not Membership.objects.filter(user=user, center=center).exists():
        raise NotFound(_("该工作人员不在本中心"))
    return user


def _windows(center: Center, user: User) -> list[str]:
    return [p.window.code for p in posts.windows_held(center, user)]


def _check_return(center: Center, now: dt.datetime, back: dt.datetime | None) -> dt.datetime:
    if back is None:
        raise ValidationFailed(_("请填写预计返回时间"), fields={"expected_back_at": _("必填")})
    if timezone.is_naive(back):
        back = timezone.make_aware(back)
    limit = center_setting(center, "staff.away_max_minutes")
    problem = None
    if back <= now:
        problem = _("预计返回时间须晚于现在")
    elif timezone.localtime(back).date() != timezone.localtime(now).date():
        problem = _("暂离须在当天返回，跨天请办理请假")
    elif back - now > dt.timedelta(minutes=limit):
        problem = _("暂离不得超过 %(minutes)s 分钟，更久请办理请假") % {"minutes": limit}
    if problem:
        raise ValidationFailed(problem, fields={"expected_back_at": problem})
    return back


def window_names(codes: list[str], center: Center) -> str:
    names = dict(center.windows.filter(code__in=codes).values_list("code", "name"))
    return "、".join(names.get(c, c) for c in codes)


@transaction.atomic
def away_start(
    *,
    actor: Actor,
    center: Center,
    reason: str,
    expected_back_at: dt.datetime | None,
    user: User | None = None,
    note: str = "",
    accept_uncovered: bool = False,
    now: dt.datetime | None = None,
) -> Away:
    """Mark `user` (default: the actor) away from their window until
    `expected_back_at`. 409 `already_away` while they are; 409
    `window_uncovered` (the windows in fields) unless `accept_uncovered`."""
    user = _authorise(actor, center, user)
    now = now or timezone.now()
    fields = {}
    if reason not in AwayReason.values:
        fields["reason"] = _("请选择暂离事由")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        fields["note"] = _("内容过长")
    elif reason == AwayReason.OTHER and not note:
        fields["note"] = _("选择“其他”时请说明事由")
    if fields:
        raise ValidationFailed(_("请求参数有误"), fields=fields)
    back = _check_return(center, now, expected_back_at)
    # Serialise the same person's changes (two tabs, the centre and the clerk).
    User.objects.select_for_update().filter(pk=user.pk).first()
    if selectors.open_away(center, user) is not None:
        raise Conflict(_("已处于暂离状态，请先登记返岗"), code="already_away")
    uncovered = [w.code for w in posts.uncovered_windows(center, user, now, back)]
    if uncovered and not accept_uncovered:
        names = window_names(uncovered, center)
        raise Conflict(
            _("暂离期间以下窗口将无人值守：%(windows)s。确认暂离将通知值班长安排顶岗。")
            % {"windows": names},
            code="window_uncovered",
            fields={"windows": names},
        )
    try:
        with transaction.atomic():
            record = Away.objects.create(
                center=center,
                user=user,
                reason=reason,
                note=note,
                started_at=now,
                expected_back_at=back,
                set_by=actor.user,
                uncovered=uncovered,
            )
    except IntegrityError as exc:  # a concurrent start won the one open record
        raise Conflict(_("已处于暂离状态，请先登记返岗"), code="already_away") from exc
    payload = {
        "away": record.pk,
        "staff_number": user.staff_number,
        "until": timezone.localtime(back).isoformat(),
        "windows": _windows(center, user),
        "uncovered": uncovered,
    }
    emit("staff.away", center=center, aggregate=record, payload=payload)
    if uncovered:
        emit("staff.window_uncovered", center=center, aggregate=record, payload=payload)
    detail = {"reason": reason, "staff_number": user.staff_number, "uncovered": uncovered}
    audit("staff.away", actor=actor, center=center, obj=record, detail=detail)
    return record


@transaction.atomic
def away_end(
    *, actor: Actor, center: Center, user: User | None = None, now: dt.datetime | None = None
) -> Away:
    """`user` (default: the actor) is back at their window. 409 `not_away` when
    they are not away."""
    user = _authorise(actor, center, user)
    now = now or timezone.now()
    record = (
        Away.objects.select_for_update()
        .filter(center=center, user=user, returned_at__isnull=True)
        .first()
    )
    if record is None:
        raise Conflict(_("当前没有暂离记录"), code="not_away")
    record.returned_at = max(now, record.started_at)
    record.returned_by = actor.user
    record.save(update_fields=["returned_at", "returned_by"])
    payload = {
        "away": record.pk,
        "staff_number": user.staff_number,
        "windows": _windows(center, user),
        "uncovered": record.uncovered,
    }
    emit("staff.back", center=center, aggregate=record, payload=payload)
    audit(
        "staff.back",
        actor=actor,
        center=center,
        obj=record,
        detail={"staff_number": user.staff_number},
    )
    return record
