"""Scheduled jobs of the queue: thin wrappers over services, safe to run twice."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from govhall.core.models import Center

from . import services


@db_periodic_task(crontab(minute="45", hour="23"))
def close_the_day():
    """After hours: expire what was left unserved, then keep the day's figures."""
    day = timezone.localdate()
    closed = 0
    for center in Center.objects.filter(is_active=True):
        closed += services.tickets_expire(center=center, day=day)
        services.daily_figures_compute(center=center, day=day)
    return closed
