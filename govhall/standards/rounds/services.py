"""rounds: every change of state, keyword-only, in a transaction, raising DomainError.

planned (the admin puts it on the week's schedule) → walking (the first item is
checked, on or after its day) → closed (every item checked; each not-ok item has
an owner and a deadline and becomes a rectification task, source "round");
planned → cancelled. Any holder of inspection.do at the centre may walk it."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor, actor_for_user
from govhall.core.errors import InvalidTransition, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.models import Center, User

from ..tasks.models import TaskSource
from ..tasks.services import task_open
from ..upkeep.photos import checked
from ..upkeep.services import _date, _staff, _text
from . import checklist
from .models import Round, RoundCheck, RoundStatus, Slot

OPEN = (RoundStatus.PLANNED, RoundStatus.WALKING)


def _payload(r: Round) -> dict:
    return {"round": r.pk, "status": r.status, "day": r.planned_on.isoformat()}


def _lock(r: Round) -> Round:
    return Round.objects.select_for_update().select_related("center").get(pk=r.pk)


@transaction.atomic
def round_plan(
    *,
    actor: Actor,
    center: Center,
    planned_on: dt.date,
    slot: str,
    walker: User,
    area: str = "",
    now: dt.datetime | None = None,
) -> Round:
    actor.require(center, "standards.manage")
    now = now or timezone.now()
    planned_on = _date(planned_on, "planned_on")
    if planned_on < timezone.localdate(now):
        raise ValidationFailed(
            _("不能安排过去日期的巡查"), fields={"planned_on": _("不能早于今天")}
        )
    if slot not in Slot.values:
        raise ValidationFailed(_("时段无效"), fields={"slot": _("无效的时段")})
    if walker is None:
        raise ValidationFailed(_("请选择巡查人"), fields={"walker": _("必填")})
    _staff(center, walker, "walker")
    if not actor_for_user(walker).can(center, "inspection.do"):
        raise ValidationFailed(
            _("巡查人须有巡查权限（中心管理员、值班长）"),
            code="walker_cannot_inspect",
            fields={"walker": _("无巡查权限")},
        )
    if Round.objects.filter(
        center=center, planned_on=planned_on, slot=slot, walker=walker
    ).exists():
        raise ValidationFailed(
            _("该巡查人在这一时段已有巡查安排"), code="duplicate_round", fields={"slot": _("重复")}
        )
    r = Round.objects.create(
        center=center,
        planned_on=planned_on,
        slot=slot,
        walker=walker,
        area=_text(area, "area", 80, required=False),
        planned_by=actor.user,
    )
    emit("round.planned", center=center, aggregate=r, payload=_payload(r))
    audit("round.planned", actor=actor, center=center, obj=r)
    return r


@transaction.atomic
def round_cancel(*, actor: Actor, round: Round) -> Round:
    actor.require(round.center, "standards.manage")
    r = _lock(round)
    if r.status != RoundStatus.PLANNED:
        raise InvalidTransition(_("只能取消尚未开始的巡查"), code="round_not_planned")
    r.status = RoundStatus.CANCELLED
    r.save(update_fields=["status"])
    emit("round.cancelled", center=r.center, aggregate=r, payload=_payload(r))
    audit("round.cancelled", actor=actor, center=r.center, obj=r)
    return r


@transaction.atomic
def round_check(
    *,
    actor: Actor,
    round: Round,
    item: str,
    ok: bool,
    note: str = "",
    photo=None,
    owner: User | None = None,
    due: dt.date | None = None,
    now: dt.datetime | None = None,
) -> RoundCheck:
    """Record (or correct) one item of the checklist; a not-ok item needs a note."""
    actor.require(round.center, "inspection.do")
    now = now or timezone.now()
    r = _lock(round)
    if r.status not in OPEN:
        raise InvalidTransition(_("该巡查已结束或已取消"), code="round_not_open")
    if r.planned_on > timezone.localdate(now):
        raise InvalidTransition(_("未到巡查日期"), code="round_not_yet")
    if item not in checklist.codes():
        raise ValidationFailed(_("检查项无效"), fields={"item": _("无效的检查项")})
    if not isinstance(ok, bool):
        raise ValidationFailed(_("请选择符合或不符合"), fields={"ok": _("必填")})
    note = _text(note, "note", 300, required=not ok)
    owner = None if ok else _staff(r.center, owner, "owner")
    if ok:
        due = None
    elif due is not None and _date(due, "due") < timezone.localdate(now):
        raise ValidationFailed(_("整改期限不能早于今天"), fields={"due": _("不能早于今天")})
    file = checked(photo, field="photo", documents=False) if photo and not ok else None
    check = RoundCheck.objects.filter(round=r, item=item).first() or RoundCheck(round=r, item=item)
    old = check.photo.name if check.photo else ""
    check.ok, check.note, check.owner, check.due = ok, note, owner, due
    check.checked_by, check.checked_at = actor.user, now
    if file is not None:
        check.photo.save("photo.jpg", ContentFile(file.data), save=False)
    elif ok and old:
        check.photo = ""
    check.save()
    if old and old != (check.photo.name if check.photo else ""):
        storage = check.photo.storage
        transaction.on_commit(lambda: storage.delete(old))
    if r.status == RoundStatus.PLANNED:
        r.status, r.started_at = RoundStatus.WALKING, now
        r.save(update_fields=["status", "started_at"])
        emit("round.started", center=r.center, aggregate=r, payload=_payload(r))
    return check


@transaction.atomic
def round_close(
    *, actor: Actor, round: Round, summary: str = "", now: dt.datetime | None = None
) -> Round:
    actor.require(round.center, "inspection.do")
    now = now or timezone.now()
    r = _lock(round)
    if r.status != RoundStatus.WALKING:
        raise InvalidTransition(_("巡查尚未开始或已结束"), code="round_not_walking")
    checks = {c.item: c for c in r.checks.select_related("owner")}
    missing = [code for code in checklist.codes() if code not in checks]
    if missing:
        raise ValidationFailed(
            _("还有 %(n)d 项未检查") % {"n": len(missing)},
            code="round_incomplete",
            fields={"items": ", ".join(missing)},
        )
    unassigned = [
        c.item for c in checks.values() if not c.ok and (c.owner is None or c.due is None)
    ]
    if unassigned:
        raise ValidationFailed(
            _("不符合项须指定整改责任人和期限"),
            code="finding_unassigned",
            fields={"items": ", ".join(unassigned)},
        )
    summary = _text(summary, "summary", 500, required=False)
    for code in checklist.codes():
        c = checks[code]
        if c.ok:
            continue
        entry = checklist.item(code)
        c.task = task_open(
            actor=actor,
            center=r.center,
            source=TaskSource.ROUND,
            ref=f"{entry['ref']} round/{r.pk}/{code}"[:80],
            title=gettext("巡查发现：%(text)s") % {"text": c.note},
            description=f"{entry['text']}（{entry['ref']}）",
            owner=c.owner,
            due=c.due,
            now=now,
        )
        c.save(update_fields=["task"])
    r.status, r.closed_at, r.closed_by, r.summary = RoundStatus.CLOSED, now, actor.user, summary
    r.save(update_fields=["status", "closed_at", "closed_by", "summary"])
    findings = sum(1 for c in checks.values() if not c.ok)
    emit(
        "round.closed", center=r.center, aggregate=r, payload={**_payload(r), "findings": findings}
    )
    audit("round.closed", actor=actor, center=r.center, obj=r, detail={"findings": findings})
    return r
