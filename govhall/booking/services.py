"""Every change of a slot, booking, suspension or home visit (001 4.7, 004 第六条3).

The last place of a slot is claimed with one conditional UPDATE
(`booked = booked + 1 WHERE booked < capacity`), on PostgreSQL and SQLite
alike: no lock is held while the rest of the booking is checked, and a full
slot is a 409 `slot_full`, never an oversold one."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.db.models import F
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
    PermissionDenied,
    ValidationFailed,
)
from govhall.core.events import audit, emit
from govhall.core.fields import id_lookup_hash
from govhall.core.identity import parse_id_number, parse_phone
from govhall.core.models import Center, Membership, Role, TokenKind, User
from govhall.core.names import name_problem
from govhall.core.notify import notifications_cancel, notify, official
from govhall.core.services import counter_next
from govhall.core.workdays import WorkingCalendar, with_mark
from govhall.queueing import services as queueing
from govhall.queueing.models import Channel, Queue, Ticket

from .models import (
    Blackout,
    Booking,
    BookingChannel,
    BookingStatus,
    HomeVisit,
    Slot,
    SlotTemplate,
    Suspension,
    VisitStatus,
)

ADMINS = (Role.CENTER_ADMIN,)
FRONT_DESK = (Role.RECEPTION, Role.CLERK, Role.CENTER_ADMIN)
VISIT_ROLES = (*FRONT_DESK, Role.ASSISTANT)  # the home-visit list and its steps
CHECK_IN = (*FRONT_DESK, TokenKind.KIOSK, TokenKind.WINDOW)
NAME_MAX = 40
TEXT_MAX = 300


def _local(value: dt.datetime) -> str:
    return date_format(timezone.localtime(value), "Y-m-d H:i")


def _sms(center: Center, key: str, phone: str, body, not_before: dt.datetime | None = None):
    """A text message to a citizen, queued once per key (see core.notify)."""
    return notify(
        center=center,
        key=key,
        channel="sms",
        recipient=phone,
        body=str(body),
        not_before=not_before,
    )


# --- slots ---------------------------------------------------------------------


def bookable_days(center: Center, today: dt.date) -> list[dt.date]:
    """Working days from today on, as many as the centre lets people book ahead;
    blackout days left out. In a year the holiday table lacks, Monday–Friday
    are bookable and shown 预计 (see provisional_days); when the year is added,
    bookings on what turns out to be a holiday are cancelled with a text."""
    calendar = WorkingCalendar()
    closed = set(
        Blackout.objects.filter(center=center, date__gte=today).values_list("date", flat=True)
    )
    days, day = [], today
    wanted = center_setting(center, "booking.days_ahead")
    while len(days) < wanted:
        if calendar.is_working_day(day):
            days.append(day)  # a blackout day still counts towards the horizon
        day += dt.timedelta(days=1)
    return [d for d in days if d not in closed]


def provisional_days(days) -> set[dt.date]:
    """Those of `days` in a year the holiday table lacks (shown 预计)."""
    calendar = WorkingCalendar()
    return {d for d in days if calendar.is_provisional(d)}


@transaction.atomic
def slots_recompute(*, actor: Actor | None = None, today: dt.date | None = None) -> int:
    """A year was added to the holiday table: future slots on a day that is no
    longer a working day close, their bookings are cancelled by the centre
    (with a text); make-up working days get their slots. Returns bookings cancelled."""
    today = today or timezone.localdate()
    calendar, cancelled = WorkingCalendar(), 0
    future = Slot.objects.filter(date__gt=today, is_closed=False).values_list("date", flat=True)
    off = sorted({d for d in future.distinct() if not calendar.is_working_day(d)})
    if off:
        Slot.objects.filter(date__in=off).update(is_closed=True)
        bookings = Booking.objects.select_for_update(of=("self",)).filter(
            slot__date__in=off, status=BookingStatus.BOOKED
        )
        for booking in bookings.select_related("slot", "item", "center"):
            _cancel(booking, by_centre=True, reason=str(_("法定节假日")), actor=actor)
            cancelled += 1
    for center in Center.objects.filter(is_active=True):
        slots_generate(center=center, today=today)
    return cancelled


def on_calendar_changed(sender, *, actor: Actor | None = None, **kwargs) -> dict[str, int]:
    """Receiver of core.workdays.calendar_changed (connected in apps.py)."""
    return {"bookings_cancelled": slots_recompute(actor=actor)}


@transaction.atomic
def slots_generate(*, center: Center, today: dt.date | None = None) -> int:
    """Make the slots of the bookable days from the active templates; safe to run
    again (one slot per template and day). A make-up working day (调休), a weekend
    day that is worked, follows Monday's templates."""
    today = today or timezone.localdate()
    templates = list(SlotTemplate.objects.filter(center=center, is_active=True))
    made = 0
    for day in bookable_days(center, today):
        weekday = day.weekday() if day.weekday() < 5 else 0
        for t in (t for t in templates if t.weekday == weekday):
            start = timezone.make_aware(dt.datetime.combine(day, t.start))
            end = timezone.make_aware(dt.datetime.combine(day, t.end))
            _slot, created = Slot.objects.get_or_create(
                template=t,
                date=day,
                defaults={
                    "center": center,
                    "queue": t.queue,
                    "item": t.item,
                    "start": start,
                    "end": end,
                    "capacity": t.capacity,
                },
            )
            made += created
    return made


@transaction.atomic
def template_create(
    *,
    actor: Actor,
    center: Center,
    queue: Queue,
    weekday: int,
    start: dt.time,
    end: dt.time,
    capacity: int,
    item: ServiceItem | None = None,
) -> SlotTemplate:
    actor.require_role(center, *ADMINS)
    errors = {}
    if queue.center_id != center.pk:
        errors["queue"] = _("队列不属于本中心")
    if item is not None and not item.queues.filter(pk=queue.pk).exists():
        errors["item"] = _("该事项不在此队列")
    if weekday not in range(7):
        errors["weekday"] = _("星期无效")
    if end <= start:
        errors["end"] = _("结束时间须晚于开始时间")
    if not 1 <= capacity <= 500:
        errors["capacity"] = _("可预约人数须在 1 到 500 之间")
    if errors:
        raise ValidationFailed(_("预约时段设置有误"), fields=errors)
    template = SlotTemplate.objects.create(
        center=center,
        queue=queue,
        item=item,
        weekday=weekday,
        start=start,
        end=end,
        capacity=capacity,
    )
    audit("booking.template_create", actor=actor, center=center, obj=template)
    slots_generate(center=center)
    return template


@transaction.atomic
def template_deactivate(*, actor: Actor, template: SlotTemplate) -> SlotTemplate:
    """No new slots from it; its future slots take no new bookings, and those
    already booked stay valid."""
    actor.require_role(template.center, *ADMINS)
    template.is_active = False
    template.save(update_fields=["is_active"])
    future = Slot.objects.filter(template=template, start__gt=timezone.now())
    future.filter(booked=0).update(is_closed=True)
    future.filter(booked__gt=0).update(capacity=F("booked"))
    audit("booking.template_deactivate", actor=actor, center=template.center, obj=template)
    return template


@transaction.atomic
def blackout_add(*, actor: Actor, center: Center, date: dt.date, reason: str) -> Blackout:
    """Stop bookings on a day. Bookings already made for it are cancelled by the
    centre and each person gets a message."""
    actor.require_role(center, *ADMINS)
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        raise ValidationFailed(_("请填写原因（200 字以内）"), fields={"reason": _("必填")})
    if date < timezone.localdate():
        raise ValidationFailed(_("不能设置过去的日期"), fields={"date": _("日期已过")})
    if Blackout.objects.filter(center=center, date=date).exists():
        raise Conflict(_("该日期已停止预约"), code="blackout_exists")
    blackout = Blackout.objects.create(center=center, date=date, reason=reason)
    Slot.objects.filter(center=center, date=date).update(is_closed=True)
    for booking in Booking.objects.filter(
        center=center, slot__date=date, status=BookingStatus.BOOKED
    ).select_related("slot", "item"):
        _cancel(booking, by_centre=True, reason=reason, actor=actor)
    audit("booking.blackout_add", actor=actor, center=center, obj=blackout)
    return blackout


# --- bookings ------------------------------------------------------------------


def _channel_for(actor: Actor, channel: str | None) -> str:
    if actor.kind == TokenKind.KIOSK:
        return BookingChannel.KIOSK
    if actor.is_staff_user:
        return (
            channel
            if channel in (BookingChannel.HOTLINE, BookingChannel.COUNTER)
            else (BookingChannel.HOTLINE)
        )
    return BookingChannel.WEB


def _person_lock(id_hash: str) -> None:
    """Serialise one person's bookings so two at once cannot both pass the
    per-person limits. SQLite's BEGIN IMMEDIATE already serialises writers."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"booking:{id_hash}"])


def active_suspension(center: Center, id_hash: str, now: dt.datetime) -> Suspension | None:
    return (
        Suspension.objects.filter(
            center=center,
            id_number_hash=id_hash,
            lifted_at__isnull=True,
            starts_at__lte=now,
            ends_at__gt=now,
        )
        .order_by("-ends_at")
        .first()
    )


def _validate_person(name: str, id_number: str, phone: str, today: dt.date):
    errors: dict = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("请填写姓名")
    elif len(name) > NAME_MAX:
        errors["name"] = _("姓名过长")
    elif name_problem(name):
        errors["name"] = name_problem(name)
    parsed_id = parsed_phone = None
    try:
        parsed_id = parse_id_number(id_number or "", today=today)
    except ValidationFailed as exc:
        errors["id_number"] = exc.message
    try:
        parsed_phone = parse_phone(phone or "")
    except ValidationFailed as exc:
        errors["phone"] = exc.message
    if errors:
        raise ValidationFailed(_("预约信息有误"), fields=errors)
    return name, parsed_id, parsed_phone


@transaction.atomic
def booking_create(
    *,
    actor: Actor,
    center: Center,
    item_code: str,
    slot_id: int,
    name: str,
    id_number: str,
    phone: str,
    channel: str | None = None,
    now: dt.datetime | None = None,
) -> Booking:
    """Book a place. Anyone may book on the web; a kiosk books for the person in
    front of it; staff book for a caller (hotline). Repeated no-shows suspend
    online booking, not booking by staff."""
    now = now or timezone.now()
    channel = _channel_for(actor, channel)
    if actor.is_authenticated and not actor.can_see(center):
        raise PermissionDenied(_("无权访问该中心的数据"), code="forbidden_center")
    name, parsed_id, parsed_phone = _validate_person(
        name, id_number, phone, timezone.localdate(now)
    )
    item = ServiceItem.objects.filter(code=item_code, published_version__isnull=False).first()
    if item is None:
        raise NotFound(_("事项不存在"), code="item_not_found", fields={"item": item_code})
    queue = queueing.queue_for_item(center, item)
    slot = Slot.objects.filter(pk=slot_id, center=center).select_related("queue").first()
    if slot is None:
        raise NotFound(_("预约时段不存在"), code="slot_not_found", fields={"slot": str(slot_id)})
    if slot.queue_id != queue.pk or (slot.item_id and slot.item_id != item.pk):
        raise ValidationFailed(
            _("该时段不能预约此事项"),
            code="slot_item_mismatch",
            fields={"slot": _("请重新选择时段")},
        )
    if slot.start <= now:
        raise ValidationFailed(
            _("该时段已过，请选择其他时段"), code="slot_past", fields={"slot": _("时段已过")}
        )
    lead = center_setting(center, "booking.min_lead_minutes")
    if slot.start - now < dt.timedelta(minutes=lead):
        raise ValidationFailed(
            _("请至少提前 %(n)s 分钟预约") % {"n": lead},
            code="slot_too_soon",
            fields={"slot": _("时段即将开始")},
        )
    if slot.date not in bookable_days(center, timezone.localdate(now)) or slot.is_closed:
        raise ValidationFailed(
            _("该时段不可预约"), code="slot_not_bookable", fields={"slot": _("请重新选择时段")}
        )

    id_hash = id_lookup_hash(parsed_id.value)
    _person_lock(id_hash)
    if channel in (BookingChannel.WEB, BookingChannel.KIOSK):
        suspension = active_suspension(center, id_hash, now)
        if suspension is not None:
            raise PermissionDenied(
                _(
                    "您近期多次预约未到，网上预约暂停至 %(until)s。"
                    "如需办理，请直接到中心取号或致电中心。"
                )
                % {"until": date_format(timezone.localtime(suspension.ends_at), "Y-m-d")},
                code="booking_suspended",
            )
    mine = Booking.objects.filter(
        center=center, id_number_hash=id_hash, status=BookingStatus.BOOKED
    )
    per_day = center_setting(center, "booking.per_person_per_day")
    if mine.filter(slot__date=slot.date).count() >= per_day:
        raise Conflict(_("同一人每天最多预约 %(n)s 次") % {"n": per_day}, code="booking_limit")
    per_item = center_setting(center, "booking.per_person_per_item")
    if mine.filter(item=item, slot__end__gt=now).count() >= per_item:
        raise Conflict(_("您已有该事项的有效预约，如需改期请先取消原预约"), code="booking_limit")

    claimed = Slot.objects.filter(pk=slot.pk, is_closed=False, booked__lt=F("capacity")).update(
        booked=F("booked") + 1
    )
    if not claimed:
        raise Conflict(_("该时段已约满，请选择其他时段"), code="slot_full")

    booking = Booking.objects.create(
        center=center,
        slot=slot,
        item=item,
        name=name,
        id_number=parsed_id,
        phone=parsed_phone,
        channel=channel,
        booked_by=actor.user,
        created_at=now,
    )
    emit(
        "booking.created",
        center=center,
        aggregate=booking,
        payload={"code": booking.code, "item": item.code, "slot": slot.pk, "channel": channel},
    )
    _queue_messages(booking, slot, item, now)
    return booking


def _queue_messages(booking: Booking, slot: Slot, item: ServiceItem, now: dt.datetime) -> None:
    """The confirmation now; reminders the day before (at 9:00) and an hour before,
    each only when it would still come before the slot."""
    # A day in a year the holiday table lacks: the confirmation says 预计.
    when = with_mark(_local(slot.start), WorkingCalendar().is_provisional(slot.date))
    key = f"booking:{booking.pk}"
    _sms(
        booking.center,
        f"{key}:confirm",
        booking.phone,
        str(
            _(
                "【%(center)s】您已预约%(when)s办理“%(item)s”，预约码%(code)s。请带好身份证件按时到场签到。"
            )
            % {
                "center": booking.center.name,
                "when": when,
                "item": item.published_version.name,
                "code": booking.code,
            }
        ),
        not_before=now,
    )
    day_before = timezone.make_aware(
        dt.datetime.combine(slot.date - dt.timedelta(days=1), dt.time(9, 0))
    )
    if day_before > now + dt.timedelta(hours=1):
        _sms(
            booking.center,
            f"{key}:day_before",
            booking.phone,
            str(
                _("【%(center)s】提醒：您预约了明天%(when)s办理“%(item)s”，预约码%(code)s。")
                % {
                    "center": booking.center.name,
                    "when": date_format(timezone.localtime(slot.start), "H:i"),
                    "item": item.published_version.name,
                    "code": booking.code,
                }
            ),
            not_before=day_before,
        )
    hour_before = slot.start - dt.timedelta(hours=1)
    if hour_before > now + dt.timedelta(minutes=10):
        _sms(
            booking.center,
            f"{key}:hour_before",
            booking.phone,
            str(
                _(
                    "【%(center)s】提醒：您的预约将于%(when)s开始，请提前到中心签到，预约码%(code)s。"
                )
                % {
                    "center": booking.center.name,
                    "when": date_format(timezone.localtime(slot.start), "H:i"),
                    "code": booking.code,
                }
            ),
            not_before=hour_before,
        )


def booking_by_code(code: str) -> Booking:
    code = (code or "").strip().upper()
    booking = (
        Booking.objects.select_related("slot", "item", "center").filter(code=code).first()
        if 0 < len(code) <= 8
        else None
    )
    if booking is None:
        raise NotFound(_("预约不存在"), code="booking_not_found")
    return booking


def booking_for_citizen(code: str, phone: str) -> Booking:
    """A booking by its code for whoever knows the phone number it was made with;
    a wrong number looks like a missing booking."""
    booking = booking_by_code(code)
    try:
        given = parse_phone(phone or "")
    except ValidationFailed:
        given = None
    if given is None or given != booking.phone:
        raise NotFound(_("预约不存在或手机号码不符"), code="booking_not_found")
    return booking


def cancel_deadline(booking: Booking) -> dt.datetime:
    """The last moment the citizen may cancel online (staff may cancel later)."""
    minutes = center_setting(booking.center, "booking.cancel_before_minutes")
    return booking.slot.start - dt.timedelta(minutes=minutes)


def check_in_window(booking: Booking) -> tuple[dt.datetime, dt.datetime]:
    """From when until when the booking can be checked in for a ticket."""
    center = booking.center
    early = dt.timedelta(minutes=center_setting(center, "booking.check_in_early_minutes"))
    late = dt.timedelta(minutes=center_setting(center, "booking.check_in_late_minutes"))
    return booking.slot.start - early, booking.slot.start + late


def _cancel(booking: Booking, *, by_centre: bool, reason: str, actor: Actor | None) -> None:
    now = timezone.now()
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = now
    booking.cancel_reason = reason[:200]
    booking.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    Slot.objects.filter(pk=booking.slot_id, booked__gt=0).update(booked=F("booked") - 1)
    notifications_cancel(prefix=f"booking:{booking.pk}:")
    if by_centre:
        _sms(
            booking.center,
            f"booking:{booking.pk}:cancelled",
            booking.phone,
            str(
                _("【%(center)s】很抱歉，您%(when)s的预约因“%(reason)s”已取消，请重新预约。")
                % {
                    "center": booking.center.name,
                    "when": _local(booking.slot.start),
                    "reason": reason,
                }
            ),
        )
    else:
        _sms(
            booking.center,
            f"booking:{booking.pk}:cancelled",
            booking.phone,
            official(
                _("【%(center)s】您%(when)s的预约（预约码%(code)s）已取消。如需办理，请重新预约。"),
                center=booking.center.name,
                when=_local(booking.slot.start),
                code=booking.code,
            ),
        )
    emit(
        "booking.cancelled",
        center=booking.center,
        aggregate=booking,
        payload={"code": booking.code, "slot": booking.slot_id, "by_centre": by_centre},
    )
    if actor is not None and actor.is_staff_user:
        audit("booking.cancel", actor=actor, center=booking.center, obj=booking)


@transaction.atomic
def booking_cancel(
    *,
    code: str,
    phone: str | None = None,
    actor: Actor | None = None,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Booking:
    """The citizen cancels with the phone number the booking was made with, up to
    the centre's deadline; staff of the centre cancel at any time, with a reason."""
    now = now or timezone.now()
    staff = actor is not None and actor.is_staff_user
    booking = booking_by_code(code) if staff else booking_for_citizen(code, phone or "")
    if staff:
        actor.require_role(booking.center, *FRONT_DESK)
        if not (reason or "").strip():
            raise ValidationFailed(_("请填写取消原因"), fields={"reason": _("必填")})
    booking = (
        Booking.objects.select_for_update().select_related("slot", "center").get(pk=booking.pk)
    )
    if booking.status != BookingStatus.BOOKED:
        raise InvalidTransition(
            _("该预约当前状态为“%(s)s”，不能取消") % {"s": booking.get_status_display()}
        )
    deadline = cancel_deadline(booking)
    if not staff and now > deadline:
        raise Conflict(
            _("已超过取消时限（%(when)s），如不能到场请致电中心") % {"when": _local(deadline)},
            code="cancel_too_late",
        )
    _cancel(
        booking, by_centre=staff, reason=(reason or "").strip() or str(_("本人取消")), actor=actor
    )
    return booking


def _booking_to_check_in(center: Center, code: str | None, id_number: str | None, now):
    if code:
        booking = booking_by_code(code)
        if booking.center_id != center.pk:
            raise NotFound(_("本中心没有该预约"), code="booking_not_found")
        return booking
    if not id_number:
        raise ValidationFailed(
            _("请输入预约码或身份证号码"), fields={"code": _("必填"), "id_number": _("必填")}
        )
    parsed = parse_id_number(id_number, today=timezone.localdate(now))
    candidates = list(
        Booking.objects.select_related("slot", "item")
        .filter(
            center=center,
            id_number_hash=id_lookup_hash(parsed.value),
            slot__date=timezone.localdate(now),
        )
        .order_by("slot__start")
    )
    if not candidates:
        raise NotFound(_("今天没有您在本中心的预约"), code="booking_not_found")
    booked = [b for b in candidates if b.status == BookingStatus.BOOKED]
    # The nearest slot that is still open to check in; else the first, for its error.
    return min(booked, key=lambda b: abs(b.slot.start - now)) if booked else candidates[0]


@transaction.atomic
def booking_check_in(
    *,
    actor: Actor,
    center: Center,
    code: str | None = None,
    id_number: str | None = None,
    now: dt.datetime | None = None,
) -> tuple[Booking, Ticket]:
    """At the kiosk, reception or a window: within the check-in window around the
    slot, make a ticket with appointment priority in the item's queue."""
    now = now or timezone.now()
    actor.require_role(center, *CHECK_IN)
    found = _booking_to_check_in(center, code, id_number, now)
    booking = (
        Booking.objects.select_for_update()
        .select_related("slot", "item", "center")
        .get(pk=found.pk)
    )
    if booking.status != BookingStatus.BOOKED:
        raise InvalidTransition(
            _("该预约当前状态为“%(s)s”，不能签到") % {"s": booking.get_status_display()}
        )
    opens, closes = check_in_window(booking)
    if now < opens:
        raise Conflict(
            _("签到时间未到，请于 %(when)s 之后签到") % {"when": _local(opens)},
            code="check_in_too_early",
        )
    if now > closes:
        raise Conflict(
            _("已超过签到时间（%(when)s），您可以取普通号办理") % {"when": _local(closes)},
            code="check_in_too_late",
        )
    ticket = queueing.ticket_issue(
        actor=actor,
        center=center,
        item_code=booking.item.code,
        id_number=booking.id_number.value,
        channel=Channel.APPOINTMENT,
        is_appointment=True,
        now=now,
    )
    booking.status = BookingStatus.CHECKED_IN
    booking.checked_in_at = now
    booking.ticket = ticket
    booking.save(update_fields=["status", "checked_in_at", "ticket"])
    notifications_cancel(prefix=f"booking:{booking.pk}:")
    emit(
        "booking.checked_in",
        center=center,
        aggregate=booking,
        payload={"code": booking.code, "ticket": ticket.number},
    )
    return booking, ticket


@transaction.atomic
def bookings_mark_no_shows(*, now: dt.datetime | None = None) -> int:
    """Bookings not checked in by the end of their slot are no-shows; a person with
    too many within the centre's window loses online booking for a while. Safe to
    run again: only bookings still `booked` are touched, and a person already
    suspended is not suspended twice."""
    now = now or timezone.now()
    late = list(
        Booking.objects.select_for_update(skip_locked=True)
        .select_related("center")
        .filter(status=BookingStatus.BOOKED, slot__end__lt=now)
    )
    for booking in late:
        booking.status = BookingStatus.NO_SHOW
        booking.no_show_at = now
        booking.save(update_fields=["status", "no_show_at"])
        notifications_cancel(prefix=f"booking:{booking.pk}:")
        emit(
            "booking.no_show",
            center=booking.center,
            aggregate=booking,
            payload={"code": booking.code, "slot": booking.slot_id},
        )
    # One check per person and centre, however many slots they missed.
    people: dict[tuple[int, str], Booking] = {}
    for booking in late:
        people.setdefault((booking.center_id, booking.id_number_hash), booking)
    for booking in people.values():
        _suspend_if_due(booking, now)
    return len(late)


def _suspend_if_due(booking: Booking, now: dt.datetime) -> None:
    center = booking.center
    window = dt.timedelta(days=center_setting(center, "booking.no_show_window_days"))
    limit = center_setting(center, "booking.no_show_limit")
    since = now - window
    lifted = (
        Suspension.objects.filter(
            center=center, id_number_hash=booking.id_number_hash, lifted_at__isnull=False
        )
        .order_by("-lifted_at")
        .values_list("lifted_at", flat=True)
        .first()
    )
    if lifted and lifted > since:
        since = lifted  # a lifted suspension starts the count afresh
    count = Booking.objects.filter(
        center=center,
        id_number_hash=booking.id_number_hash,
        status=BookingStatus.NO_SHOW,
        no_show_at__gt=since,
    ).count()
    if count < limit or active_suspension(center, booking.id_number_hash, now):
        return
    days = center_setting(center, "booking.suspend_days")
    suspension = Suspension.objects.create(
        center=center,
        id_number_hash=booking.id_number_hash,
        id_number_masked=booking.id_number.masked,
        starts_at=now,
        ends_at=now + dt.timedelta(days=days),
        reason=str(_("%(w)s 天内爽约 %(n)s 次") % {"w": window.days, "n": count}),
    )
    _sms(
        center,
        f"suspension:{suspension.pk}",
        booking.phone,
        str(
            _(
                "【%(center)s】您近期多次预约未到，网上预约暂停 %(days)s 天。到中心现场取号不受影响。"
            )
            % {"center": center.name, "days": days}
        ),
    )
    emit("booking.suspended", center=center, aggregate=suspension, payload={"days": days})


@transaction.atomic
def suspension_lift(
    *, actor: Actor, suspension: Suspension, reason: str, now: dt.datetime | None = None
) -> Suspension:
    now = now or timezone.now()
    actor.require_role(suspension.center, *FRONT_DESK)
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        raise ValidationFailed(_("请填写解除原因（200 字以内）"), fields={"reason": _("必填")})
    suspension = Suspension.objects.select_for_update().get(pk=suspension.pk)
    if suspension.lifted_at or suspension.ends_at <= now:
        raise InvalidTransition(_("该限制已解除或已到期"))
    suspension.lifted_at = now
    suspension.lifted_by = actor.user
    suspension.lift_reason = reason
    suspension.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    audit("booking.suspension_lift", actor=actor, center=suspension.center, obj=suspension)
    emit("booking.suspension_lifted", center=suspension.center, aggregate=suspension)
    return suspension


# --- home visits (上门服务) -------------------------------------------------------

MIN_VISIT_STAFF = 2  # 004 第六条3


def _visit(visit: HomeVisit) -> HomeVisit:
    return HomeVisit.objects.select_for_update().select_related("center").get(pk=visit.pk)


def _visit_step(visit: HomeVisit, allowed: tuple[str, ...]) -> None:
    if visit.status not in allowed:
        raise InvalidTransition(
            _("上门服务当前状态为“%(s)s”，不能执行此操作") % {"s": visit.get_status_display()}
        )


@transaction.atomic
def home_visit_request(
    *,
    actor: Actor,
    center: Center,
    name: str,
    phone: str,
    address: str,
    reason: str,
    id_number: str | None = None,
    item_code: str | None = None,
    now: dt.datetime | None = None,
) -> HomeVisit:
    """A request by the person on the web, or taken by staff on the phone."""
    now = now or timezone.now()
    if actor.is_authenticated:
        actor.require_role(center, *FRONT_DESK)
    errors: dict = {}
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX:
        errors["name"] = _("请填写姓名")
    elif name_problem(name):
        errors["name"] = name_problem(name)
    address, reason = (address or "").strip(), (reason or "").strip()
    if not address or len(address) > 200:
        errors["address"] = _("请填写上门地址（200 字以内）")
    if not reason or len(reason) > TEXT_MAX:
        errors["reason"] = _("请说明不能到场的原因（300 字以内）")
    parsed_id = parsed_phone = None
    try:
        parsed_phone = parse_phone(phone or "")
    except ValidationFailed as exc:
        errors["phone"] = exc.message
    if id_number:
        try:
            parsed_id = parse_id_number(id_number, today=timezone.localdate(now))
        except ValidationFailed as exc:
            errors["id_number"] = exc.message
    item = None
    if item_code:
        item = ServiceItem.objects.filter(
            code=item_code, published_version__isnull=False, stationings__center=center
        ).first()
        if item is None:
            errors["item"] = _("本中心没有该事项")
    if errors:
        raise ValidationFailed(_("上门服务申请信息有误"), fields=errors)
    seq = counter_next(f"visit:{center.pk}:{now.year}")
    visit = HomeVisit.objects.create(
        number=f"SM{now:%Y}{center.pk:03d}{seq:05d}",
        center=center,
        item=item,
        name=name,
        id_number=parsed_id,
        phone=parsed_phone,
        address=address,
        reason=reason,
        channel=BookingChannel.HOTLINE if actor.is_staff_user else BookingChannel.WEB,
        requested_at=now,
    )
    emit("visit.requested", center=center, aggregate=visit, payload={"number": visit.number})
    return visit


@transaction.atomic
def home_visit_decide(
    *, actor: Actor, visit: HomeVisit, approve: bool, note: str = ""
) -> HomeVisit:
    actor.require_role(visit.center, *ADMINS)
    visit = _visit(visit)
    _visit_step(visit, (VisitStatus.REQUESTED,))
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationFailed(_("不予上门须说明理由"), fields={"note": _("必填")})
    if len(note) > TEXT_MAX:
        raise ValidationFailed(_("意见过长"), fields={"note": _("300 字以内")})
    visit.status = VisitStatus.APPROVED if approve else VisitStatus.REJECTED
    visit.decided_at, visit.decided_by, visit.decision_note = timezone.now(), actor.user, note
    visit.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    if not approve:
        _sms(
            visit.center,
            f"visit:{visit.pk}:rejected",
            visit.phone,
            str(
                _("【%(center)s】您的上门服务申请%(number)s未获同意：%(note)s。")
                % {"center": visit.center.name, "number": visit.number, "note": note}
            ),
        )
    emit(
        "visit.approved" if approve else "visit.rejected",
        center=visit.center,
        aggregate=visit,
        payload={"number": visit.number},
    )
    return visit


@transaction.atomic
def home_visit_assign(*, actor: Actor, visit: HomeVisit, staff: list[User]) -> HomeVisit:
    actor.require_role(visit.center, *ADMINS)
    visit = _visit(visit)
    _visit_step(visit, (VisitStatus.APPROVED, VisitStatus.SCHEDULED))
    ids = {u.pk for u in staff}
    members = set(
        Membership.objects.filter(
            center=visit.center, user__in=ids, user__is_active=True
        ).values_list("user", flat=True)
    )
    if ids - members:
        raise ValidationFailed(_("上门人员须为本中心工作人员"), fields={"staff": _("人员无效")})
    if len(ids) < MIN_VISIT_STAFF:
        raise ValidationFailed(
            _("上门服务须至少 %(n)s 名工作人员") % {"n": MIN_VISIT_STAFF},
            code="visit_needs_two_staff",
            fields={"staff": _("人数不足")},
        )
    visit.staff.set(ids)
    audit("visit.assign", actor=actor, center=visit.center, obj=visit, detail={"staff": len(ids)})
    return visit


@transaction.atomic
def home_visit_schedule(*, actor: Actor, visit: HomeVisit, when: dt.datetime) -> HomeVisit:
    actor.require_role(visit.center, *ADMINS)
    visit = _visit(visit)
    _visit_step(visit, (VisitStatus.APPROVED, VisitStatus.SCHEDULED))
    if visit.staff.count() < MIN_VISIT_STAFF:
        raise Conflict(
            _("请先安排至少 %(n)s 名上门人员") % {"n": MIN_VISIT_STAFF},
            code="visit_needs_two_staff",
        )
    if when <= timezone.now():
        raise ValidationFailed(_("上门时间须在将来"), fields={"when": _("时间已过")})
    visit.status, visit.scheduled_for = VisitStatus.SCHEDULED, when
    visit.save(update_fields=["status", "scheduled_for"])
    _sms(
        visit.center,
        f"visit:{visit.pk}:scheduled:{when:%Y%m%d%H%M}",
        visit.phone,
        str(
            _(
                "【%(center)s】工作人员将于%(when)s上门为您服务（编号%(number)s），届时请备好身份证件。"
            )
            % {"center": visit.center.name, "when": _local(when), "number": visit.number}
        ),
    )
    emit("visit.scheduled", center=visit.center, aggregate=visit, payload={"number": visit.number})
    return visit


@transaction.atomic
def home_visit_complete(*, actor: Actor, visit: HomeVisit, outcome: str) -> HomeVisit:
    """Recorded by one of the staff who went, or the centre admin."""
    visit = _visit(visit)
    went = actor.user is not None and visit.staff.filter(pk=actor.user.pk).exists()
    if not went:
        actor.require_role(visit.center, *ADMINS)
    _visit_step(visit, (VisitStatus.SCHEDULED,))
    outcome = (outcome or "").strip()
    if not outcome or len(outcome) > 2000:
        raise ValidationFailed(_("请填写办理结果（2000 字以内）"), fields={"outcome": _("必填")})
    visit.status, visit.done_at, visit.outcome = VisitStatus.DONE, timezone.now(), outcome
    visit.save(update_fields=["status", "done_at", "outcome"])
    emit("visit.done", center=visit.center, aggregate=visit, payload={"number": visit.number})
    return visit


@transaction.atomic
def home_visit_cancel(*, actor: Actor, visit: HomeVisit, reason: str) -> HomeVisit:
    actor.require_role(visit.center, *FRONT_DESK)
    visit = _visit(visit)
    _visit_step(visit, (VisitStatus.REQUESTED, VisitStatus.APPROVED, VisitStatus.SCHEDULED))
    reason = (reason or "").strip()
    if not reason or len(reason) > TEXT_MAX:
        raise ValidationFailed(_("请填写取消原因"), fields={"reason": _("必填")})
    visit.status, visit.decision_note = VisitStatus.CANCELLED, reason
    visit.save(update_fields=["status", "decision_note"])
    emit("visit.cancelled", center=visit.center, aggregate=visit, payload={"number": visit.number})
    return visit
