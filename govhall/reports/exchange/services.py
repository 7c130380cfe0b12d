"""exchange: a booking the unified booking platform made for a citizen becomes
ours through booking's own service (the one POST /appointments uses), so the
slot's capacity, the lead time and the per-person limits hold for it too."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.booking import selectors as booking_selectors
from govhall.booking import services as booking_services
from govhall.core.errors import Conflict
from govhall.core.events import emit

from . import hooks
from .models import PlatformBooking


def _slot_id(center, item_code: str, day: dt.date, start: dt.time, now: dt.datetime) -> int:
    for slot in booking_selectors.slots_for_item(center, item_code, day, now=now):
        local = timezone.localtime(slot.start)
        if (local.hour, local.minute) == (start.hour, start.minute):
            return slot.pk
    raise Conflict(
        _("该时段不可预约"),
        code="slot_unavailable",
        fields={"time": _("该日期没有此开始时间的可预约时段")},
    )


def platform_booking_receive(
    *,
    actor,
    center,
    platform_id: str,
    item_code: str,
    day: dt.date,
    start: dt.time,
    name: str,
    id_number: str,
    phone: str,
    now: dt.datetime | None = None,
) -> PlatformBooking:
    """Book the platform's booking `platform_id` at the centre; a second delivery
    of the same id (under another Idempotency-Key) is refused as a duplicate."""
    actor.require(center, "booking.inbound")
    now = now or timezone.now()
    with transaction.atomic():
        if PlatformBooking.objects.filter(center=center, platform_id=platform_id).exists():
            raise Conflict(_("该平台预约已接收"), code="platform_booking_duplicate")
        slot_id = _slot_id(center, item_code, day, start, now)
        token = hooks.inbound_platform_id.set(platform_id)
        try:
            booking = booking_services.booking_create(
                actor=actor,
                center=center,
                item_code=item_code,
                slot_id=slot_id,
                name=name,
                id_number=id_number,
                phone=phone,
                now=now,
            )
        finally:
            hooks.inbound_platform_id.reset(token)
        try:
            with transaction.atomic():
                link = PlatformBooking.objects.create(
                    center=center, platform_id=platform_id, booking=booking, received_at=now
                )
        except IntegrityError:  # the same id delivered twice at once
            raise Conflict(_("该平台预约已接收"), code="platform_booking_duplicate") from None
        emit(
            "booking.platform_received",
            center=center,
            aggregate=link,
            payload={"booking": booking.pk, "platform_booking_id": platform_id},
        )
    return link
