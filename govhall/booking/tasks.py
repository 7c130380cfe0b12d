"""Scheduled jobs of the booking app: thin wrappers over services, safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from govhall.core.models import Center

from . import services


@db_periodic_task(crontab(minute="5", hour="0"))
def open_the_next_days():
    """Each night: slots for the day that just came within the booking horizon."""
    return sum(
        services.slots_generate(center=center) for center in Center.objects.filter(is_active=True)
    )


@db_periodic_task(crontab(minute="*/5"))
def record_no_shows():
    """Bookings whose slot has ended without a check-in become no-shows."""
    return services.bookings_mark_no_shows()
