"""delivery: every change of state, keyword-only, in a transaction, raising DomainError.

The output window (delivery.manage) checks addresses, compiles and sends the
day's manifest and deals with what comes back; the courier (delivery.courier)
picks up, adds the tracking number, reports delivered or returned. Sending the
manifest writes `delivery.manifest_sent` to the event table, core's
transactional outbox, with the parcel numbers the partner collects."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
from govhall.core.models import Center
from govhall.core.services import counter_next
from govhall.core.workdays import WorkingCalendar

from . import areas, selectors
from .models import ADDRESS_EDITABLE, Manifest, ManifestStatus, Parcel, ParcelStatus

NOTE_MAX = 200
NAME_MAX = 50
TRACKING = re.compile(r"^[A-Za-z0-9]{8,30}$")
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
# A courier's scanner may be a few minutes ahead of the server; no further.
CLOCK_SLACK = dt.timedelta(minutes=5)


def _payload(parcel: Parcel, **extra) -> dict:
    return {"parcel": parcel.number, "case": parcel.case_number, "status": parcel.status, **extra}


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _note(text, field: str = "note", *, required: bool = False) -> str:
    if text is not None and not isinstance(text, str):
        raise ValidationFailed(_("备注格式无效"), fields={field: _("须为文字")})
    text = (text or "").strip()
    if required and not text:
        raise ValidationFailed(_("请填写原因"), fields={field: _("必填")})
    if len(text) > NOTE_MAX:
        raise ValidationFailed(_("内容过长"), fields={field: _("不超过200字")})
    return text


def _tracking(text, *, required: bool = False) -> str:
    text = (text or "").strip().upper() if isinstance(text, str) or text is None else None
    if text is None or (text and not TRACKING.match(text)):
        raise ValidationFailed(
            _("邮件号格式无效"), fields={"tracking_number": _("8-30位字母或数字")}
        )
    if required and not text:
        raise ValidationFailed(
            _("请先录入邮件号"),
            code="tracking_required",
            fields={"tracking_number": _("必填")},
        )
    return text


def area_of(center: Center) -> list[str]:
    value = center_setting(center, "delivery.area")
    if not isinstance(value, list | tuple) or not all(isinstance(c, str) for c in value):
        return list(areas.DEFAULT_AREA)
    return [c for c in value if c in areas.CITIES] or list(areas.DEFAULT_AREA)


def pickup_time(center: Center) -> dt.time:
    value = center_setting(center, "delivery.pickup_time")
    try:
        hour, minute = (int(x) for x in str(value).split(":"))
        return dt.time(hour, minute)
    except (TypeError, ValueError):
        return dt.time(16, 30)


def fee_fen(center: Center) -> int:
    return center_setting(center, "delivery.fee_fen")


def pickup_at(center: Center, day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, pickup_time(center)))


def dispatch_day(center: Center, now: dt.datetime | None = None) -> dt.date:
    """The day whose pick-up a parcel compiled now can still make: today before
    the pick-up time (a working day whose manifest is not yet sent), else the
    next working day (第二十四条)."""
    now = _now(now)
    cal = WorkingCalendar()
    day = cal.next_working_day(timezone.localdate(now))
    while (
        now >= pickup_at(center, day)
        or Manifest.objects.filter(center=center, day=day, status=ManifestStatus.SENT).exists()
    ):
        day = cal.next_working_day(day + dt.timedelta(days=1))
    return day


def _destination(center: Center, address: str) -> areas.Destination:
    try:
        return areas.parse(address, area_of(center))
    except areas.OutsideArea as exc:
        raise ValidationFailed(exc.reason, code=exc.code, fields={"address": exc.reason}) from exc


# --- a parcel from a case posted at the output window ----------------------------------------


def parcel_for_case(*, case, now: dt.datetime | None = None) -> Parcel | None:
    """The case's parcel, created once when its result is handed over for post
    (called from the cases events, inside their transaction)."""
    if case.delivery_method != "post":
        return None
    existing = Parcel.objects.filter(case=case).first()
    if existing is not None:
        return existing
    now = _now(now)
    day = timezone.localdate(now)
    seq = counter_next(f"parcel:{case.center_id}:{day.isoformat()}")
    parcel = Parcel(
        center=case.center,
        number=f"{case.center.code}-YJ{day:%Y%m%d}-{seq:03d}",
        case=case,
        case_number=case.number,
        item_name=case.item_name[:120],
        recipient_name=case.applicant_name,
        recipient_phone=case.phone,
        address=case.delivery_address,
        created_at=now,
        status=ParcelStatus.PENDING,
    )
    try:
        dest = areas.parse(case.delivery_address, area_of(case.center))
    except areas.OutsideArea as exc:
        parcel.status, parcel.hold_reason = ParcelStatus.HOLD, exc.reason[:200]
    else:
        parcel.province, parcel.city, parcel.district = dest.province, dest.city, dest.district
    parcel.save()
    emit(
        "delivery.parcel_registered",
        center=parcel.center,
        aggregate=parcel,
        payload=_payload(parcel),
    )
    return parcel


def _locked(parcel: Parcel) -> Parcel:
    return (
        Parcel.objects.select_for_update(of=("self",))
        .select_related("center", "manifest")
        .get(pk=parcel.pk)
    )


def _require_status(parcel: Parcel, *allowed: str, message=None) -> None:
    if parcel.status not in allowed:
        raise InvalidTransition(
            message
            or _("寄件当前状态为“%(status)s”，不能执行此操作")
            % {"status": parcel.get_status_display()},
        )


@transaction.atomic
def parcel_address_set(
    *,
    actor: Actor,
    parcel: Parcel,
    address: str,
    recipient_name: str | None = None,
    phone: str | None = None,
    now: dt.datetime | None = None,
) -> Parcel:
    """The output window adds or corrects the address (and the recipient) of a
    parcel not yet sent; checked against the area first, nothing changes when refused."""
    actor.require(parcel.center, "delivery.manage")
    if not isinstance(address, str):
        raise ValidationFailed(_("请填写邮寄地址"), fields={"address": _("必填")})
    dest = _destination(parcel.center, address)
    name = None
    if recipient_name is not None:
        name = str(recipient_name).strip()
        if not name or len(name) > NAME_MAX:
            raise ValidationFailed(
                _("请填写收件人姓名"), fields={"recipient_name": _("必填，不超过50字")}
            )
    if phone is not None:
        phone = str(phone).strip().replace(" ", "")
        if not PHONE.match(phone):
            raise ValidationFailed(_("联系电话格式无效"), fields={"phone": _("手机号或固定电话")})
    parcel = _locked(parcel)
    _require_status(parcel, *ADDRESS_EDITABLE, message=_("已交邮政的寄件不能再改地址"))
    parcel.address = areas.normalise(address)
    parcel.province, parcel.city, parcel.district = dest.province, dest.city, dest.district
    if name:
        parcel.recipient_name = name
    if phone:
        parcel.recipient_phone = phone
    if parcel.status == ParcelStatus.HOLD:
        parcel.status, parcel.hold_reason = ParcelStatus.PENDING, ""
    parcel.save()
    emit("delivery.address_set", center=parcel.center, aggregate=parcel, payload=_payload(parcel))
    audit("delivery.address_set", actor=actor, center=parcel.center, obj=parcel)
    return parcel


def _detach(parcel: Parcel) -> None:
    manifest = parcel.manifest
    parcel.manifest = None
    if manifest is not None:
        Manifest.objects.filter(pk=manifest.pk).update(parcel_count=manifest.parcels.count() - 1)


@transaction.atomic
def parcel_to_window(
    *, actor: Actor, parcel: Parcel, reason: str, now: dt.datetime | None = None
) -> Parcel:
    """The citizen collects at the window instead (outside the area, or asked so)."""
    actor.require(parcel.center, "delivery.manage")
    reason = _note(reason, "reason", required=True)
    parcel = _locked(parcel)
    _require_status(parcel, *ADDRESS_EDITABLE)
    if parcel.manifest_id and parcel.manifest.status == ManifestStatus.SENT:
        raise InvalidTransition(_("清单已发送，不能改为窗口领取"))
    _detach(parcel)
    parcel.status, parcel.note = ParcelStatus.WINDOW, reason
    parcel.closed_at, parcel.closed_by = _now(now), actor.user
    parcel.save()
    emit("delivery.to_window", center=parcel.center, aggregate=parcel, payload=_payload(parcel))
    audit("delivery.to_window", actor=actor, center=parcel.center, obj=parcel)
    return parcel


# --- the day's manifest ------------------------------------------------------------------------


@transaction.atomic
def manifest_compile(*, actor: Actor, center: Center, now: dt.datetime | None = None) -> Manifest:
    """Gather the parcels waiting (and those left on an unsent earlier list) onto
    the manifest of the next pick-up (第二十三条)."""
    actor.require(center, "delivery.manage")
    now = _now(now)
    list(Center.objects.select_for_update().filter(pk=center.pk).values_list("pk"))
    day = dispatch_day(center, now)
    manifest = Manifest.objects.filter(center=center, day=day).first()
    if manifest is None:
        manifest = Manifest.objects.create(
            center=center,
            day=day,
            number=f"{center.code}-QD{day:%Y%m%d}",
            compiled_at=now,
            compiled_by=actor.user,
        )
    stale = Manifest.objects.filter(center=center, status=ManifestStatus.OPEN).exclude(
        pk=manifest.pk
    )
    waiting = Parcel.objects.filter(
        Q(status=ParcelStatus.PENDING) | Q(status=ParcelStatus.LISTED, manifest__in=stale),
        center=center,
    )
    moved = waiting.update(status=ParcelStatus.LISTED, manifest=manifest)
    stale.filter(parcels__isnull=True).delete()
    manifest.parcel_count = manifest.parcels.count()
    manifest.compiled_at, manifest.compiled_by = now, actor.user
    manifest.save(update_fields=["parcel_count", "compiled_at", "compiled_by"])
    emit(
        "delivery.manifest_compiled",
        center=center,
        aggregate=manifest,
        payload={"manifest": manifest.number, "day": day.isoformat(), "added": moved},
    )
    audit("delivery.manifest_compiled", actor=actor, center=center, obj=manifest)
    return manifest


@transaction.atomic
def parcel_unlist(*, actor: Actor, parcel: Parcel) -> Parcel:
    """Take a parcel off the manifest before it is sent (back to waiting)."""
    actor.require(parcel.center, "delivery.manage")
    parcel = _locked(parcel)
    _require_status(parcel, ParcelStatus.LISTED)
    _detach(parcel)
    parcel.status = ParcelStatus.PENDING
    parcel.save(update_fields=["status", "manifest"])
    emit("delivery.unlisted", center=parcel.center, aggregate=parcel, payload=_payload(parcel))
    return parcel


@transaction.atomic
def manifest_send(*, actor: Actor, manifest: Manifest, now: dt.datetime | None = None) -> Manifest:
    """Lock the manifest and send it to the postal partner before the pick-up
    time: the event table (core's outbox) carries it to the partner."""
    actor.require(manifest.center, "delivery.manage")
    now = _now(now)
    manifest = (
        Manifest.objects.select_for_update(of=("self",))
        .select_related("center")
        .get(pk=manifest.pk)
    )
    center = manifest.center
    if manifest.status != ManifestStatus.OPEN:
        raise InvalidTransition(_("该清单已发送"), code="manifest_sent")
    if now >= pickup_at(center, manifest.day):
        raise Conflict(
            _("已过%(day)s的揽收时间（%(time)s），请重新编制清单，寄件将编入下一工作日的清单")
            % {"day": manifest.day.isoformat(), "time": pickup_time(center).strftime("%H:%M")},
            code="pickup_passed",
        )
    parcels = list(
        Parcel.objects.select_for_update().filter(manifest=manifest, status=ParcelStatus.LISTED)
    )
    if not parcels:
        raise ValidationFailed(_("清单中没有寄件"), code="manifest_empty")
    fee = fee_fen(center)
    Parcel.objects.filter(pk__in=[p.pk for p in parcels]).update(
        status=ParcelStatus.SENT, fee_fen=fee
    )
    for parcel in parcels:
        Parcel.objects.filter(pk=parcel.pk).update(sends=parcel.sends + 1)
    manifest.status, manifest.sent_at, manifest.sent_by = ManifestStatus.SENT, now, actor.user
    manifest.parcel_count = len(parcels)
    manifest.save(update_fields=["status", "sent_at", "sent_by", "parcel_count"])
    emit(
        "delivery.manifest_sent",
        center=center,
        aggregate=manifest,
        payload={
            "manifest": manifest.number,
            "day": manifest.day.isoformat(),
            "pickup": pickup_time(center).strftime("%H:%M"),
            "parcels": sorted(p.number for p in parcels),
            "cities": sorted({p.city for p in parcels}),
            "count": len(parcels),
        },
    )
    audit("delivery.manifest_sent", actor=actor, center=center, obj=manifest)
    return manifest


# --- the courier -------------------------------------------------------------------------------


def _courier_parcel(actor: Actor, number) -> Parcel:
    if not isinstance(number, str) or not number.strip() or len(number) > 40:
        raise NotFound(_("寄件不存在"), code="parcel_not_found")
    if actor.centers_with("delivery.courier") == set():
        raise PermissionDenied(_("当前角色无权执行此操作"), code="forbidden_role")
    parcel = (
        selectors.parcels_for(actor, "delivery.courier")
        .filter(number=number.strip().upper())
        .first()
    )
    if parcel is None:
        raise NotFound(_("寄件不存在"), code="parcel_not_found")
    actor.require(parcel.center, "delivery.courier")
    return _locked(parcel)


def _at(at, now: dt.datetime, after: dt.datetime | None) -> dt.datetime:
    at = at or now
    if timezone.is_naive(at):
        raise ValidationFailed(_("时间须带时区"), fields={"at": _("须带时区，如 +08:00")})
    if at > now + CLOCK_SLACK:
        raise ValidationFailed(_("时间不能晚于现在"), fields={"at": _("不能晚于现在")})
    if after is not None and at < after:
        raise ValidationFailed(_("时间早于上一步"), fields={"at": _("不能早于上一步的时间")})
    return at


def _unique_tracking(parcel: Parcel, tracking: str) -> None:
    if (
        tracking
        and Parcel.objects.filter(center=parcel.center, tracking_number=tracking)
        .exclude(pk=parcel.pk)
        .exists()
    ):
        raise Conflict(
            _("该邮件号已用于另一寄件"),
            code="tracking_taken",
            fields={"tracking_number": _("已被使用")},
        )


@transaction.atomic
def parcel_pick_up(
    *,
    actor: Actor,
    number: str,
    tracking_number: str | None = "",
    at: dt.datetime | None = None,
    note: str | None = "",
    now: dt.datetime | None = None,
) -> Parcel:
    now = _now(now)
    tracking = _tracking(tracking_number)
    note = _note(note)
    parcel = _courier_parcel(actor, number)
    _require_status(parcel, ParcelStatus.SENT)
    at = _at(at, now, parcel.manifest.sent_at if parcel.manifest else None)
    _unique_tracking(parcel, tracking)
    parcel.status, parcel.picked_up_at, parcel.picked_up_by = ParcelStatus.PICKED_UP, at, actor.user
    if tracking:
        parcel.tracking_number = tracking
    if note:
        parcel.note = note
    parcel.save()
    emit("delivery.picked_up", center=parcel.center, aggregate=parcel, payload=_payload(parcel))
    audit("delivery.picked_up", actor=actor, center=parcel.center, obj=parcel)
    return parcel


@transaction.atomic
def parcel_track(*, actor: Actor, number: str, tracking_number: str) -> Parcel:
    """Add or correct the tracking number of a parcel picked up."""
    tracking = _tracking(tracking_number, required=True)
    parcel = _courier_parcel(actor, number)
    _require_status(parcel, ParcelStatus.PICKED_UP)
    _unique_tracking(parcel, tracking)
    parcel.tracking_number = tracking
    parcel.save(update_fields=["tracking_number"])
    emit("delivery.tracked", center=parcel.center, aggregate=parcel, payload=_payload(parcel))
    return parcel


@transaction.atomic
def parcel_deliver(
    *,
    actor: Actor,
    number: str,
    tracking_number: str | None = "",
    at: dt.datetime | None = None,
    note: str | None = "",
    now: dt.datetime | None = None,
) -> Parcel:
    now = _now(now)
    tracking = _tracking(tracking_number)
    note = _note(note)
    parcel = _courier_parcel(actor, number)
    _require_status(parcel, ParcelStatus.PICKED_UP)
    at = _at(at, now, parcel.picked_up_at)
    _unique_tracking(parcel, tracking)
    parcel.tracking_number = tracking or parcel.tracking_number
    if not parcel.tracking_number:
        _tracking("", required=True)
    parcel.status, parcel.delivered_at = ParcelStatus.DELIVERED, at
    if note:
        parcel.note = note
    parcel.save()
    emit("delivery.delivered", center=parcel.center, aggregate=parcel, payload=_payload(parcel))
    audit("delivery.delivered", actor=actor, center=parcel.center, obj=parcel)
    return parcel


@transaction.atomic
def parcel_return(
    *,
    actor: Actor,
    number: str,
    note: str | None,
    tracking_number: str | None = "",
    at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Parcel:
    """Undeliverable: back to the output window, with the reason (查无此人, 拒收…)."""
    now = _now(now)
    tracking = _tracking(tracking_number)
    reason = _note(note, required=True)
    parcel = _courier_parcel(actor, number)
    _require_status(parcel, ParcelStatus.PICKED_UP)
    at = _at(at, now, parcel.picked_up_at)
    _unique_tracking(parcel, tracking)
    parcel.tracking_number = tracking or parcel.tracking_number
    parcel.status, parcel.returned_at, parcel.return_reason = ParcelStatus.RETURNED, at, reason
    parcel.save()
    emit("delivery.returned", center=parcel.center, aggregate=parcel, payload=_payload(parcel))
    audit("delivery.returned", actor=actor, center=parcel.center, obj=parcel)
    return parcel


# --- back at the output window ---------------------------------------------------------------


@transaction.atomic
def parcel_collect(
    *, actor: Actor, parcel: Parcel, note: str = "", now: dt.datetime | None = None
) -> Parcel:
    """A returned parcel handed to the citizen at the window."""
    actor.require(parcel.center, "delivery.manage")
    note = _note(note)
    parcel = _locked(parcel)
    _require_status(parcel, ParcelStatus.RETURNED)
    parcel.status, parcel.closed_at, parcel.closed_by = (
        ParcelStatus.COLLECTED,
        _now(now),
        actor.user,
    )
    if note:
        parcel.note = note
    parcel.save()
    emit("delivery.collected", center=parcel.center, aggregate=parcel, payload=_payload(parcel))
    audit("delivery.collected", actor=actor, center=parcel.center, obj=parcel)
    return parcel
