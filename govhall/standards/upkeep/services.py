"""upkeep: every change of state, keyword-only, in a transaction, raising DomainError.

An installation is registered with its cycle; each maintenance is logged (who,
when, ok / fixed / failed, a note, a photo or a report). Ok or fixed moves the
next due date one cycle on; failed leaves it and opens a rectification task for
the keeper. An installation left past its date gets one task too (the sweep).
The daily cleaning checklist (6.4.2) is ticked per zone on the day itself."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.center_settings import center_setting
from govhall.core.errors import InvalidTransition, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.models import Center, Membership, User
from govhall.hall.models import Zone

from ..tasks.models import RectificationTask, TaskSource, TaskStatus
from ..tasks.services import task_close, task_ensure, task_open
from . import cleaning
from .models import (
    Cycle,
    Installation,
    InstallationKind,
    MaintenanceLog,
    MaintenanceResult,
)
from .photos import checked
from .schedule import next_due

NAME_MAX = 80
NOTE_MAX = 300
MAX_EVERY_DAYS = 730
# Who checks the cleaning on the day: the centre's admin and its duty managers
# (the district's inspector walks rounds, but does not sign the centre's checks).
TICKERS = ("standards.manage", "duty.answer")


def _text(value, field: str, limit: int, *, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(_("请填写必填项"), fields={field: _("必填")})
    if len(value) > limit:
        raise ValidationFailed(_("内容过长"), fields={field: _("不超过%(n)d字") % {"n": limit}})
    return value


def _date(value, field: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationFailed(_("日期无效"), fields={field: _("无效的日期")})
    return value


def _staff(center: Center, user: User | None, field: str) -> User | None:
    if user is None:
        return None
    if not (user.is_active and Membership.objects.filter(center=center, user=user).exists()):
        raise ValidationFailed(
            _("须是本中心在岗人员"), code="not_center_staff", fields={field: _("无效")}
        )
    return user


def _payload(inst: Installation) -> dict:
    return {"installation": inst.pk, "kind": inst.kind, "next_due": inst.next_due.isoformat()}


@transaction.atomic
def installation_add(
    *,
    actor: Actor,
    center: Center,
    name: str,
    kind: str,
    cycle: str,
    since: dt.date,
    every_days: int | None = None,
    zone: Zone | None = None,
    location: str = "",
    keeper: User | None = None,
) -> Installation:
    actor.require(center, "standards.manage")
    name = _text(name, "name", NAME_MAX, required=True)
    if kind not in InstallationKind.values:
        raise ValidationFailed(_("类别无效"), fields={"kind": _("无效的类别")})
    if cycle not in Cycle.values:
        raise ValidationFailed(_("维保周期无效"), fields={"cycle": _("无效的周期")})
    if cycle == Cycle.DAYS:
        if not isinstance(every_days, int) or not 1 <= every_days <= MAX_EVERY_DAYS:
            raise ValidationFailed(_("间隔天数须在1到730之间"), fields={"every_days": _("1-730")})
    else:
        every_days = None
    since = _date(since, "since")
    if zone is not None and zone.center_id != center.pk:
        raise ValidationFailed(_("区域不属于本中心"), fields={"zone": _("无效")})
    if Installation.objects.filter(center=center, name=name).exists():
        raise ValidationFailed(
            _("已有同名设施设备"), code="duplicate_name", fields={"name": _("名称重复")}
        )
    inst = Installation.objects.create(
        center=center,
        name=name,
        kind=kind,
        zone=zone,
        location=_text(location, "location", NAME_MAX, required=False),
        keeper=_staff(center, keeper, "keeper"),
        cycle=cycle,
        every_days=every_days,
        since=since,
        next_due=next_due(since, cycle, every_days),
    )
    emit("installation.added", center=center, aggregate=inst, payload=_payload(inst))
    audit("installation.added", actor=actor, center=center, obj=inst)
    return inst


@transaction.atomic
def installation_retire(*, actor: Actor, installation: Installation) -> Installation:
    actor.require(installation.center, "standards.manage")
    inst = Installation.objects.select_for_update().get(pk=installation.pk)
    if not inst.is_active:
        raise InvalidTransition(_("该设施设备已停用"), code="already_retired")
    inst.is_active = False
    inst.save(update_fields=["is_active"])
    emit("installation.retired", center=inst.center, aggregate=inst, payload=_payload(inst))
    audit("installation.retired", actor=actor, center=inst.center, obj=inst)
    return inst


@transaction.atomic
def maintenance_record(
    *,
    actor: Actor,
    installation: Installation,
    done_on: dt.date,
    result: str,
    note: str = "",
    worker: str = "",
    attachment=None,
    now: dt.datetime | None = None,
) -> MaintenanceLog:
    """Log one maintenance; ok/fixed moves the due date, failed opens a task."""
    center = installation.center
    actor.require(center, "standards.manage")
    now = now or timezone.now()
    inst = Installation.objects.select_for_update().get(pk=installation.pk)
    if not inst.is_active:
        raise InvalidTransition(_("该设施设备已停用"), code="installation_retired")
    done_on = _date(done_on, "done_on")
    if done_on > timezone.localdate(now):
        raise ValidationFailed(_("维保日期不能晚于今天"), fields={"done_on": _("不能是将来的日期")})
    if done_on < inst.since:
        raise ValidationFailed(_("维保日期早于启用日期"), fields={"done_on": _("早于启用日期")})
    if result not in MaintenanceResult.values:
        raise ValidationFailed(_("结果无效"), fields={"result": _("无效的结果")})
    note = _text(note, "note", NOTE_MAX, required=result != MaintenanceResult.OK)
    file = checked(attachment, field="attachment", documents=True) if attachment else None
    log = MaintenanceLog(
        center=center,
        installation=inst,
        done_on=done_on,
        done_by=actor.user,
        worker=_text(worker, "worker", NAME_MAX, required=False),
        result=result,
        note=note,
        recorded_at=now,
    )
    if file is not None:
        log.attachment.save(f"file.{file.extension}", ContentFile(file.data), save=False)
        log.attachment_type = file.content_type
    log.save()
    if result == MaintenanceResult.FAILED:
        days = center_setting(center, "standards.upkeep_fix_days")
        log.task = task_open(
            actor=actor,
            center=center,
            source=TaskSource.UPKEEP,
            ref=f"001 6.4.3.3 upkeep/{inst.pk}/log/{log.pk}",
            title=gettext("设施设备故障待修复：%(name)s") % {"name": inst.name},
            description=note,
            owner=inst.keeper,
            due=timezone.localdate(now) + dt.timedelta(days=days),
            now=now,
        )
        log.save(update_fields=["task"])
    else:
        if inst.last_done is None or done_on >= inst.last_done:
            inst.last_done = done_on
            inst.next_due = next_due(done_on, inst.cycle, inst.every_days)
            inst.save(update_fields=["last_done", "next_due"])
        _close_tasks(actor, inst, log)
    emit(
        "maintenance.recorded",
        center=center,
        aggregate=inst,
        payload={**_payload(inst), "log": log.pk, "result": result},
    )
    audit("maintenance.recorded", actor=actor, center=center, obj=log)
    return log


def _close_tasks(actor: Actor, inst: Installation, log: MaintenanceLog) -> None:
    """A working installation again: its open repair and overdue tasks are reported
    done with this log (the admin or the district still verifies them)."""
    note = gettext("%(day)s 维保：%(result)s。%(note)s") % {
        "day": log.done_on.isoformat(),
        "result": log.get_result_display(),
        "note": log.note,
    }
    open_tasks = RectificationTask.objects.filter(
        center=inst.center,
        source=TaskSource.UPKEEP,
        status=TaskStatus.OPEN,
        ref__contains=f" upkeep/{inst.pk}/",
    )
    for task in open_tasks:
        task_close(actor=actor, task=task, note=note.strip(), now=log.recorded_at)


@transaction.atomic
def upkeep_sweep(*, center: Center, today: dt.date | None = None) -> int:
    """One rectification task per installation past its due date (the system's;
    run daily, safe to run twice: task_ensure finds the open one)."""
    today = today or timezone.localdate()
    opened = 0
    overdue = Installation.objects.filter(center=center, is_active=True, next_due__lt=today)
    for inst in overdue.select_related("keeper"):
        _task, created = task_ensure(
            actor=None,
            center=center,
            source=TaskSource.UPKEEP,
            ref=f"001 6.4.3.3 upkeep/{inst.pk}/due/{inst.next_due.isoformat()}",
            title=gettext("逾期未维保：%(name)s（应于%(day)s前）")
            % {"name": inst.name, "day": inst.next_due.isoformat()},
            owner=inst.keeper if inst.keeper and inst.keeper.is_active else None,
            due=today + dt.timedelta(days=center_setting(center, "standards.upkeep_fix_days")),
        )
        opened += created
    return opened


@transaction.atomic
def cleaning_tick(
    *,
    actor: Actor,
    center: Center,
    zone: Zone,
    items: list[str],
    now: dt.datetime | None = None,
) -> list[str]:
    """Today's checklist of one zone: exactly `items` ticked (a correction unticks);
    an item ticked before keeps who ticked it and when. Only the day itself."""
    from .models import CleaningTick

    actor.require(center, *TICKERS)
    if zone.center_id != center.pk:
        raise ValidationFailed(_("区域不属于本中心"), fields={"zone": _("无效")})
    unknown = set(items) - set(cleaning.CODES)
    if unknown:
        raise ValidationFailed(_("检查项无效"), fields={"items": _("无效的检查项")})
    now = now or timezone.now()
    day = timezone.localdate(now)
    existing = CleaningTick.objects.select_for_update().filter(center=center, zone=zone, day=day)
    have = {t.item for t in existing}
    existing.exclude(item__in=items).delete()
    CleaningTick.objects.bulk_create(
        CleaningTick(
            center=center, zone=zone, day=day, item=code, ticked_by=actor.user, ticked_at=now
        )
        for code in cleaning.CODES
        if code in items and code not in have
    )
    emit(
        "cleaning.ticked",
        center=center,
        aggregate=zone,
        payload={"zone": zone.pk, "day": day.isoformat(), "items": sorted(items)},
    )
    return sorted(items)
