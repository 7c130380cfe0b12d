"""What a booking's visit leads to. When the ticket a booking was checked in
for is served, the booking was kept: `booking.kept` says so, and apps above
(feedback: the rating of the booking service, 001 4.7.3) subscribe to it. A
missed booking already says `booking.no_show`. Queueing does not know bookings;
this listens to its `ticket.finished` (core.events.subscribe, in apps.py)."""

from __future__ import annotations

from govhall.core.events import emit
from govhall.core.models import Event

from .models import Booking


def on_ticket_finished(*, event: Event, obj=None) -> None:
    """Runs in the transaction that finishes the ticket."""
    if event.aggregate_type != "queueing.ticket":
        return
    booking = Booking.objects.filter(ticket_id=event.aggregate_id).select_related("center").first()
    if booking is None:
        return
    emit(
        "booking.kept",
        center=booking.center,
        aggregate=booking,
        payload={"booking": booking.pk, "ticket": event.payload.get("number")},
    )
