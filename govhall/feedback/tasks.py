"""Scheduled jobs of feedback: thin wrappers over services, safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import complaints as complaint_services
from .services import evaluations as evaluation_services


@db_periodic_task(crontab(minute="15", hour="*"))
def sweep_rectifications():
    """Every hour: a warning before each deadline of a bad rating's
    rectification (contact, rectify and reply), red when late."""
    return evaluation_services.rectifications_sweep()


@db_periodic_task(crontab(minute="10", hour="*"))
def sweep_complaints():
    """Every hour: yellow and red warnings on complaints whose promised reply
    date is near or past."""
    return complaint_services.complaints_sweep()
