"""Scheduled upkeep job: a thin wrapper over the service, safe to run twice.
Registered from hooks.connect() (the standards app's `tasks` is the package of
rectification tasks, so huey's autodiscovery does not find this module itself)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from govhall.core.models import Center

from . import services


@db_periodic_task(crontab(minute="20", hour="7"))
def sweep_overdue_upkeep() -> int:
    """Each morning before the hall opens: one task per installation past its date."""
    return sum(
        services.upkeep_sweep(center=center) for center in Center.objects.filter(is_active=True)
    )
