"""The monthly reports job: on the 1st at 06:00, last month's report per centre
(safe to run twice: a centre's month already made is left as it is)."""

from datetime import timedelta

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from govhall.core.models import Center

from . import services
from .models import MonthlyReport


def make_last_month(today) -> int:
    month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    made = 0
    for center in Center.objects.filter(is_active=True):
        if not MonthlyReport.objects.filter(center=center, month=month).exists():
            services.monthly_report_make(actor=None, center=center, month=month)
            made += 1
    return made


@db_periodic_task(crontab(minute="0", hour="6", day="1"))
def monthly_reports() -> int:
    from django.utils import timezone

    return make_last_month(timezone.localdate())
