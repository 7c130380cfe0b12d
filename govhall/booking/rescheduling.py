"""改约: moving a booking to another free slot of the same item (a service
module beside services.py, which is past its size).

One transaction: the new place is claimed with the same conditional UPDATE as a
booking (`claim_place`), the old one released, the reminders of the old time
withdrawn and those of the new time queued, a text and an event. The citizen
moves with the code and the phone number up to the cancelling deadline; the
centre's front desk at any time, with a reason."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.errors import Conflict, InvalidTransition, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.notify import notifications_cancel

from .models import Booking, BookingStatus
from .services import (
    _local,
    _person_lock,
    _refuse_if_suspended,
    _refuse_over_day_limit,
    bookable_slot,
    booking_by_code,
    booking_for_citizen,
    cancel_deadline,
    claim_place,
    queue_messages,
    release_place,
)

REASON_MAX = 200

MOVED_TEXT = _(
    "【%(center)s】您的预约已改为%(when)s办理“%(item)s”，预约码%(code)s不变。请带好身份证件按时到场签到。"
)
STAFF_MOVED_TEXT = _(
    "【%(center)s】因“%(reason)s”，中心已将您%(old)s的预约改为%(when)s办理“%(item)s”，预约码%(code)s不变。如有疑问请致电中心。"
)


def reschedule_deadline(booking: Booking) -> dt.datetime:
    """The citizen moves a booking up to the moment they could still cancel it."""
    return cancel_deadline(booking)


@transaction.atomic
def booking_reschedule(
    *,
    code: str,
    slot_id,
    phone: str | None = None,
    actor: Actor | None = None,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Booking:
    """Move the booking `code` to the slot `slot_id` of the same centre and item.
    A citizen gives the phone number the booking was made with; staff of the
    centre's front desk give a reason instead (told to the person by text)."""
    now = now or timezone.now()
    staff = actor is not None and actor.is_staff_user
    reason = (reason or "").strip()
    if staff:
        found = booking_by_code(code)
        actor.require(found.center, "booking.front_desk")
        if not reason:
            raise ValidationFailed(_("请填写改约原因"), fields={"reason": _("必填")})
        if len(reason) > REASON_MAX:
            raise ValidationFailed(_("原因过长"), fields={"reason": _("200 字以内")})
    else:
        found = booking_for_citizen(code, phone or "")
    if isinstance(slot_id, bool) or not isinstance(slot_id, int) or not 0 < slot_id < 2**62:
        raise ValidationFailed(_("请选择新的预约时段"), fields={"slot": _("请选择时段")})
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("slot", "item", "center")
        .get(pk=found.pk)
    )
    if booking.status != BookingStatus.BOOKED:
        raise InvalidTransition(
            _("该预约当前状态为“%(s)s”，不能改约") % {"s": booking.get_status_display()}
        )
    deadline = reschedule_deadline(booking)
    if not staff and now > deadline:
        raise Conflict(
            _("已超过网上改约时限（%(when)s），如需改约请致电中心") % {"when": _local(deadline)},
            code="reschedule_too_late",
        )
    if slot_id == booking.slot_id:
        raise ValidationFailed(
            _("新时段与原预约相同，请选择其他时段"),
            code="same_slot",
            fields={"slot": _("请选择其他时段")},
        )
    center, item, old = booking.center, booking.item, booking.slot
    slot = bookable_slot(center, item, slot_id, now)

    _person_lock(booking.id_number_hash)
    if not staff:
        _refuse_if_suspended(center, booking.id_number_hash, now)
    others = Booking.objects.filter(
        center=center, id_number_hash=booking.id_number_hash, status=BookingStatus.BOOKED
    ).exclude(pk=booking.pk)
    _refuse_over_day_limit(center, others, slot)
    claim_place(slot)
    release_place(old.pk)

    booking.slot = slot
    booking.save(update_fields=["slot"])
    notifications_cancel(prefix=f"booking:{booking.pk}:")
    event = emit(
        "booking.rescheduled",
        center=center,
        aggregate=booking,
        payload={"booking": booking.pk, "from_slot": old.pk, "slot": slot.pk, "by_centre": staff},
    )
    # Keys of their own (the old time's are kept, withdrawn), still under
    # booking:<pk>: so a later cancel or check-in withdraws these too.
    key = f"booking:{booking.pk}:moved{event.pk}"
    confirmation, params = MOVED_TEXT, {}
    if staff:
        confirmation, params = STAFF_MOVED_TEXT, {"reason": reason, "old": _local(old.start)}
    queue_messages(booking, slot, item, now, key=key, confirmation=confirmation, params=params)
    if staff:
        audit(
            "booking.reschedule",
            actor=actor,
            center=center,
            obj=booking,
            detail={"from_slot": old.pk, "slot": slot.pk, "reason": reason},
        )
    return booking
