"""Scheduled jobs of the catalog: thin wrappers over services, safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="15", hour="*"))
def flag_overdue_publications():
    return services.catalog_flag_overdue()


@db_periodic_task(crontab(minute="40", hour="*"))
def count_taken_items():
    """Popularity for search ranking: tickets per item in the last 30 days."""
    return services.catalog_count_taken()
