"""Demo receivers at SC-QZX. The demo has no platform to talk to, so the booking
platform and 12345 receivers point at a closed local port (127.0.0.1:9): the
day's messages try once now and wait for their retry with the refusal shown,
as they would while a platform is down. The 好差评 receiver is configured but
disabled (its messages wait with that note). SC-YX has none: its messages wait
for one. Safe to run twice: receivers by destination, one send round."""

from __future__ import annotations

from govhall.core.models import Destination, OutboxAttempt, OutboxReceiver
from govhall.core.outbox_send import outbox_send_due

UNREACHABLE = "http://127.0.0.1:9/demo-unreachable/"
RECEIVERS = (
    (Destination.BOOKING_PLATFORM, "booking", True),
    (Destination.PROVINCIAL_RATING, "rating", False),
    (Destination.HOTLINE_12345, "hotline", True),
)


def load(centers: dict) -> None:
    center = centers.get("SC-QZX")
    if center is None:
        return
    for destination, path, enabled in RECEIVERS:
        OutboxReceiver.objects.get_or_create(
            center=center,
            destination=destination,
            defaults={
                "url": UNREACHABLE + path,
                "secret": f"demo-{path}-shared-secret-0000",
                "enabled": enabled,
            },
        )
    if not OutboxAttempt.objects.filter(message__center=center).exists():
        outbox_send_due(limit=40)
