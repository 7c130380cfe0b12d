"""What leaves for the other platforms, learnt from the events of the floors
below (core.events.subscribe; reports imports no app that imports it):

- to the unified booking platform (001 4.7.4: 预约服务数据、现场排队叫号数据统一归集):
  tickets issued, called, finished and missed; bookings made, cancelled, kept and
  missed;
- to the provincial 好差评 system: each rating with its case number, and the
  reply to a bad rating after its rectification.

Payloads are minimal: the centre's code, numbers, times, codes of the item, the
queue and the window, states. Never a name, an ID number, a phone, a booking
code or a rating's free text (it may carry any of them). Each message's key is
"<destination>:<event id>", so an event is sent once however often it is seen."""

from __future__ import annotations

import contextvars

from django.utils import timezone

from govhall.core.events import subscribe
from govhall.core.models import Destination
from govhall.core.notify import mask_message
from govhall.core.outbox import enqueue

# The platform's id of the booking being created from its delivery (services),
# so that our "booking made" names it and the platform can match it.
inbound_platform_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "inbound_platform_id", default=None
)

TICKET_EVENTS = ("ticket.issued", "ticket.called", "ticket.finished", "ticket.no_show")
BOOKING_EVENTS = ("booking.created", "booking.cancelled", "booking.kept", "booking.no_show")
INDICATORS = ("efficiency", "skill", "attitude", "ease", "on_time")


def _t(value):
    return timezone.localtime(value).isoformat() if value else None


def _send(event, destination: str, payload: dict) -> None:
    enqueue(
        center=event.center,
        destination=destination,
        kind=event.kind,
        key=f"{destination}:{event.pk}",
        payload={"event": event.kind, "center": event.center.code, "at": _t(event.at), **payload},
    )


def on_ticket(*, event, obj=None) -> None:
    if obj is None or event.center is None:
        return
    window = obj.window or obj.target_window
    _send(
        event,
        Destination.BOOKING_PLATFORM,
        {
            "ticket": obj.pk,
            "date": obj.service_date.isoformat(),
            "number": obj.number,
            "queue": obj.queue.code,
            "item": obj.item.code if obj.item_id else None,
            "window": window.code if window else None,
            "channel": obj.channel,
            "appointment": obj.is_appointment,
            "priority": obj.priority,
            "status": obj.status,
            "issued_at": _t(obj.issued_at),
            "called_at": _t(obj.called_at),
            "finished_at": _t(obj.finished_at),
        },
    )


def _platform_id(booking) -> str | None:
    from .models import PlatformBooking

    pending = inbound_platform_id.get()
    if pending:
        return pending
    link = PlatformBooking.objects.filter(booking_id=booking.pk).first()
    return link.platform_id if link else None


def on_booking(*, event, obj=None) -> None:
    if obj is None or event.center is None:
        return
    _send(
        event,
        Destination.BOOKING_PLATFORM,
        {
            "booking": obj.pk,
            "platform_booking_id": _platform_id(obj),
            "item": obj.item.code,
            "slot_start": _t(obj.slot.start),
            "slot_end": _t(obj.slot.end),
            "channel": obj.channel,
            "status": obj.status,
            "ticket": event.payload.get("ticket") if event.kind == "booking.kept" else None,
        },
    )


def _rating(evaluation) -> dict:
    return {
        "evaluation": evaluation.pk,
        "subject": evaluation.subject,
        "reference": evaluation.reference,
        "case_number": evaluation.case.number if evaluation.case_id else None,
        "item": evaluation.item.code if evaluation.item_id else None,
        "department": evaluation.department.code if evaluation.department_id else None,
        "window": evaluation.window.code if evaluation.window_id else None,
        "staff_number": evaluation.staff_number or None,
        "served_at": _t(evaluation.served_at),
    }


def on_rated(*, event, obj=None) -> None:
    if obj is None or event.center is None:
        return
    indicators = {k: getattr(obj, k) for k in INDICATORS if getattr(obj, k) is not None}
    _send(
        event,
        Destination.PROVINCIAL_RATING,
        {
            **_rating(obj),
            "level": obj.level,
            "indicators": indicators,
            "reasons": list(obj.reasons or []),
            "channel": obj.channel,
            "real_name": obj.real_name,
            "rated_at": _t(obj.rated_at),
        },
    )


def on_rectification_replied(*, event, obj=None) -> None:
    if obj is None or event.center is None:
        return
    _send(
        event,
        Destination.PROVINCIAL_RATING,
        {
            **_rating(obj.evaluation),
            "level": obj.evaluation.level,
            "status": obj.status,
            "finding": obj.finding or None,
            # Written to the rater: masked like a log line, in case it quotes a number.
            "reply": mask_message(obj.reply),
            "replied_at": _t(obj.replied_at),
        },
    )


def connect() -> None:
    for kind in TICKET_EVENTS:
        subscribe(kind, on_ticket)
    for kind in BOOKING_EVENTS:
        subscribe(kind, on_booking)
    subscribe("evaluation.rated", on_rated)
    subscribe("rectification.replied", on_rectification_replied)
