"""The supervision run each working morning, after the hall has opened and the
windows' grace has passed (09:15; supervision_run_all skips non-working days).
Thin and safe to run twice: a standing problem keeps its one finding."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="15", hour="9"))
def supervision_morning_run():
    return services.supervision_run_all()
