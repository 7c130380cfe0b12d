"""Scheduled jobs of cases: thin wrappers over services, safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="5", hour="*"))
def sweep_deadlines():
    """Every hour: yellow and red warnings on running clocks; revocation of
    告知承诺 cases whose promised materials are overdue."""
    return services.cases_sweep()


@db_periodic_task(crontab(minute="*/5"))
def expire_payment_orders():
    """Every five minutes: online payment codes past their time expire (a
    notification for one is refused from its expiry on, sweep or not)."""
    return services.payment_orders_expire()
