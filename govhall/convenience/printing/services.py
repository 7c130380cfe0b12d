"""printing: every change of state, keyword-only, in a transaction, raising DomainError.

A print job is refused, and the refusal logged with its reason, when the room is
closed (a non-working day of the centre's calendar, or outside the hours:
print_closed), when it is not for business at this centre (print_out_of_scope),
or when it would take the person past the day's free sheets (print_quota_exceeded).

"Business at the centre" (000 第十八条): the job names an item stationed at the
centre, or a ticket taken here today (its item, when it has one, must be
stationed here too); a purpose alone is not enough. The quota is checked and
spent on the person's tally row of the day under a row lock, so two jobs at the
same moment queue and the second sees the first's sheets."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import ServiceItem, Stationing
from govhall.core import crypto
from govhall.core.actors import Actor
from govhall.core.errors import Conflict, DomainError, InvalidTransition, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.identity import normalise_typed_code
from govhall.core.models import Center
from govhall.core.workdays import WorkingCalendar
from govhall.queueing.models import Ticket

from ..text import optional_id, short_text
from . import rules
from .models import ComputerSession, JobKind, JobStatus, PrintJob, PrintTally

MAX_SHEETS = 500  # one job; the quota refuses far fewer
PURPOSE_MAX = 100


def _sheets(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationFailed(_("张数应为整数"), fields={"sheets": _("应为整数")})
    if not 1 <= value <= MAX_SHEETS:
        message = _("张数应在 1 至 %(n)s 之间") % {"n": MAX_SHEETS}
        raise ValidationFailed(message, fields={"sheets": message})
    return value


def _item(code) -> ServiceItem | None:
    if code is None or (isinstance(code, str) and not code.strip()):
        return None
    if not isinstance(code, str) or len(code) > 40:
        raise ValidationFailed(_("事项编码有误"), fields={"item": _("事项编码有误")})
    item = ServiceItem.objects.filter(code=code.strip()).first()
    if item is None:
        raise ValidationFailed(_("没有该事项"), fields={"item": _("没有该事项编码")})
    return item


def _ticket_number(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > 12:
        raise ValidationFailed(_("取号单号有误"), fields={"ticket": _("取号单号有误")})
    return normalise_typed_code(value)


def ticket_of_today(center: Center, number: str, day: dt.date) -> Ticket | None:
    if not number:
        return None
    return (
        Ticket.objects.filter(center=center, service_date=day, number=number)
        .select_related("item")
        .first()
    )


def _item_name(item: ServiceItem) -> str:
    return item.published_version.name if item.published_version_id else item.code


def _stationed(center: Center, item: ServiceItem) -> bool:
    return Stationing.objects.filter(center=center, item=item, active=True).exists()


def _closed_refusal(center: Center, local: dt.datetime) -> Conflict:
    hours = rules.hours_text(center)
    if not WorkingCalendar().is_working_day(local.date()):
        message = _("今天不是工作日：免费文印仅在工作日 %(hours)s 提供，节假日、双休日不提供") % {
            "hours": hours
        }
    else:
        message = _("现在不在免费文印服务时间（工作日 %(hours)s）") % {"hours": hours}
    return Conflict(message, code="print_closed")


def _out_of_scope(message) -> ValidationFailed:
    return ValidationFailed(message, code="print_out_of_scope", fields={"purpose": message})


def _scope_refusal(center, item, ticket, ticket_number) -> DomainError | None:
    if ticket_number and ticket is None:
        return _out_of_scope(
            _("本中心今日没有号码为 %(n)s 的取号单：免费文印仅限今日来中心办事的材料")
            % {"n": ticket_number}
        )
    if item is None and ticket is None:
        return _out_of_scope(
            _("免费文印仅限在本中心办理业务所需的材料：请选择所办事项，或登记今日的取号单")
        )
    if item is not None and not _stationed(center, item):
        return _out_of_scope(
            _("“%(item)s”未进驻本中心，其材料不在免费文印范围内") % {"item": _item_name(item)}
        )
    return None


@transaction.atomic
def _spend(center: Center, day: dt.date, key: str, sheets: int) -> DomainError | None:
    """Add `sheets` to the person's tally of the day, or the refusal when that
    would pass the quota. The tally row is locked until the caller commits."""
    PrintTally.objects.get_or_create(center=center, day=day, person_key=key)
    tally = PrintTally.objects.select_for_update().get(center=center, day=day, person_key=key)
    quota = rules.daily_sheets(center)
    if tally.sheets + sheets > quota:
        left = max(0, quota - tally.sheets)
        return Conflict(
            _(
                "超出免费额度：每人每天免费 %(quota)s 张，今日已用 %(used)s 张，"
                "还可 %(left)s 张，本次 %(sheets)s 张"
            )
            % {"quota": quota, "used": tally.sheets, "left": left, "sheets": sheets},
            code="print_quota_exceeded",
            fields={"sheets": _("还可 %(left)s 张") % {"left": left}},
        )
    tally.sheets += sheets
    tally.save(update_fields=["sheets"])
    return None


def print_job_record(
    *,
    actor: Actor,
    center: Center,
    sheets,
    purpose,
    kind: str = JobKind.PRINT,
    id_number=None,
    ticket=None,
    item=None,
    now: dt.datetime | None = None,
) -> PrintJob:
    """Log a free print or copy job (000 第十四-十九条). Malformed input is refused
    with nothing written; a closed room, an out-of-scope job or a spent quota is
    logged as a refusal and then raised."""
    actor.require(center, "print.log")
    now = now or timezone.now()
    local = timezone.localtime(now)
    day = local.date()
    sheets = _sheets(sheets)
    purpose = short_text(purpose, "purpose", limit=PURPOSE_MAX)
    if kind not in JobKind.values:
        raise ValidationFailed(_("类别有误"), fields={"kind": _("应为打印或复印")})
    number = optional_id(id_number, today=day)
    ticket_number = _ticket_number(ticket)
    item_obj = _item(item)
    if number is None and not ticket_number:
        message = _("请登记身份证号码或今日取号单号（每人每天限免费张数）")
        raise ValidationFailed(message, code="print_person_missing", fields={"id_number": message})
    with transaction.atomic():
        found = ticket_of_today(center, ticket_number, day)
        if item_obj is None and found is not None and found.item_id:
            item_obj = found.item
        if number is not None:
            key = f"id:{crypto.lookup_hash(number.value)}"
        elif found is not None and found.id_number_hash:
            key = f"id:{found.id_number_hash}"
        elif found is not None:
            key = f"ticket:{found.pk}"
        else:
            key = ""
        refusal = None
        if not rules.is_open(center, now):
            refusal = _closed_refusal(center, local)
        if refusal is None:
            refusal = _scope_refusal(center, item_obj, found, ticket_number)
        if refusal is None:
            refusal = _spend(center, day, key, sheets)
        job = PrintJob.objects.create(
            center=center,
            day=day,
            at=now,
            kind=kind,
            person_key=key,
            id_number=number,
            ticket=found,
            item=item_obj,
            sheets=sheets,
            purpose=purpose,
            status=JobStatus.REFUSED if refusal else JobStatus.DONE,
            refusal_code=refusal.code if refusal else "",
            refusal_reason=str(refusal.message)[:200] if refusal else "",
            recorded_by=actor.user,
        )
        emit(
            "print.job_refused" if refusal else "print.job_done",
            center=center,
            aggregate=job,
            payload={
                "job": job.pk,
                "sheets": sheets,
                "kind": str(kind),
                "refusal": job.refusal_code,
            },
        )
    if refusal is not None:
        raise refusal
    return job


def used_today(center: Center, key: str, day: dt.date) -> int:
    if not key:
        return 0
    tally = PrintTally.objects.filter(center=center, day=day, person_key=key).first()
    return tally.sheets if tally else 0


@transaction.atomic
def print_left_behind(*, actor: Actor, center: Center, description, now: dt.datetime | None = None):
    """Documents left in the print room go to the service desk as lost property
    (000 第十七条)."""
    from ..lost import services as lost_services

    actor.require(center, "print.log")
    now = now or timezone.now()
    return lost_services.lost_register(
        actor=actor,
        center=center,
        category="document",
        description=description,
        found_place=str(_("文印室（遗留文件）")),
        found_at=now,
        found_by=actor.user.display_name if actor.user else str(_("文印室")),
        storage_place=str(_("总服务台")),
        now=now,
    )


# --- the public computer (000 第二十条) ------------------------------------------------


def computer_start(
    *,
    actor: Actor,
    center: Center,
    purpose,
    ticket=None,
    computer: str = "1",
    now: dt.datetime | None = None,
) -> ComputerSession:
    actor.require(center, "print.log")
    now = now or timezone.now()
    purpose = short_text(purpose, "purpose", limit=PURPOSE_MAX)
    computer = short_text(computer, "computer", limit=20)
    number = _ticket_number(ticket)
    if not rules.is_open(center, now):
        raise _closed_refusal(center, timezone.localtime(now))
    found = ticket_of_today(center, number, timezone.localdate(now))
    if number and found is None:
        raise _out_of_scope(_("本中心今日没有号码为 %(n)s 的取号单") % {"n": number})
    try:
        with transaction.atomic():
            session = ComputerSession.objects.create(
                center=center,
                computer=computer,
                ticket=found,
                purpose=purpose,
                started_at=now,
                limit_minutes=rules.computer_minutes(center),
                started_by=actor.user,
            )
            emit(
                "print.computer_started",
                center=center,
                aggregate=session,
                payload={"session": session.pk, "limit_minutes": session.limit_minutes},
            )
    except IntegrityError as exc:
        raise Conflict(
            _("公用电脑正在使用中，请等上一位结束后再登记"), code="computer_busy"
        ) from exc
    return session


@transaction.atomic
def computer_end(
    *, actor: Actor, session: ComputerSession, now: dt.datetime | None = None
) -> ComputerSession:
    """End a session; the time past the limit is kept (劝离 or the self-service area)."""
    actor.require(session.center, "print.log")
    now = now or timezone.now()
    session = ComputerSession.objects.select_for_update().get(pk=session.pk)
    if session.ended_at is not None:
        raise InvalidTransition(_("该次使用已结束"), code="computer_already_ended")
    used = max(dt.timedelta(0), now - session.started_at)
    over = used - dt.timedelta(minutes=session.limit_minutes)
    session.ended_at = max(now, session.started_at)
    session.overrun_seconds = max(0, int(over.total_seconds()))
    session.save(update_fields=["ended_at", "overrun_seconds"])
    emit(
        "print.computer_ended",
        center=session.center,
        aggregate=session,
        payload={"session": session.pk, "overrun_seconds": session.overrun_seconds},
    )
    if session.overrun_seconds:
        audit(
            "print.computer_overrun",
            actor=actor,
            center=session.center,
            obj=session,
            detail={"overrun_seconds": session.overrun_seconds},
        )
    return session
