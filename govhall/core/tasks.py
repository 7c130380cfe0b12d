"""Scheduled jobs of the core app: thin wrappers, safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import calendar_watch, idempotency, notify, services


@db_periodic_task(crontab(minute="40", hour="3"))
def purge_idempotency_records():
    return idempotency.purge_expired()


@db_periodic_task(crontab(minute="*"))
def send_notifications():
    """Every minute: send the SMS and e-mail that are due."""
    return notify.notifications_send()


@db_periodic_task(crontab(minute="15", hour="7"))
def warn_calendar_missing():
    """Every morning: log a warning while next year's holidays are missing."""
    return calendar_watch.calendar_check_log()


@db_periodic_task(crontab(minute="50", hour="3"))
def recheck_provisional_deadlines():
    """Every night: recompute 预计 deadlines again, for one computed by a request
    that raced the year's addition; quiet (no event) while nothing changes."""
    return services.calendar_changed(years=[])


@db_periodic_task(crontab(minute="*"))
def send_outbox():
    """Every minute: send the messages for the other platforms that are due."""
    from .outbox_send import outbox_send_due

    return outbox_send_due()
