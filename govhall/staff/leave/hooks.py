"""Filed leave and the leads' reported absences are absences (staff.presence):
the A/B posts' serving rule, the whereabouts board and attendance read them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from .. import presence
from . import selectors
from .days import local


def leave_absences(center, user_ids, start, end):
    for leave in selectors.absent_between(center, user_ids, start, end):
        yield presence.Absence(
            user_id=leave.user_id,
            status=presence.Status.LEAVE,
            start=leave.start,
            end=leave.end,
            label=leave.get_kind_display(),
            cover_user_id=leave.cover_id,
        )


def lead_absences(center, user_ids, start, end):
    first = timezone.localtime(start).date()
    last = timezone.localtime(end - dt.timedelta(microseconds=1)).date()
    for absence in selectors.lead_absences_between(center, user_ids, first, last):
        yield presence.Absence(
            user_id=absence.lead_id,
            status=presence.Status.LEAVE,
            start=local(absence.start_date, dt.time(0)),
            end=local(absence.end_date + dt.timedelta(days=1), dt.time(0)),
            label=_("首席代表离岗"),
            cover_user_id=absence.deputy_id,
        )


def connect() -> None:
    presence.register_absence_source(leave_absences)
    presence.register_absence_source(lead_absences)
