"""A training session keeps its invitees away from their windows while it runs
(unless their attendance says they did not come): the whereabouts board shows
培训 with the topic, and the window's other post serves."""

from __future__ import annotations

from govhall.staff import presence

from .models import Attendance, Invitation, SessionStatus


def training_absences(center, user_ids, start, end):
    rows = (
        Invitation.objects.filter(
            session__center=center,
            user_id__in=user_ids,
            session__starts_at__lt=end,
            session__ends_at__gt=start,
            attendance__in=[Attendance.PENDING, Attendance.PRESENT],
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .select_related("session")
    )
    return [
        presence.Absence(
            user_id=inv.user_id,
            status=presence.Status.TRAINING,
            start=inv.session.starts_at,
            end=inv.session.ends_at,
            label=inv.session.topic,
        )
        for inv in rows
    ]


def connect() -> None:
    """Register this feature's hooks, presence sources and event handlers."""
    presence.register_absence_source(training_absences)
