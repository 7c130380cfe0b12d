"""Demo leave at SC-QZX, dated from today on working days and made through the
services (so events, audit and the A/B rule hold as in real use):
- qzx_clerk4 on sick leave today, filed with a cover (B takes over window 4);
- a request of an RSJ staff member waiting for lead_rsj;
- a personal leave of qzx_clerk6 last week, returned early;
- lead_rsj away three working days from the next working day, review_rsj deputy.
Idempotent: each is made only when its person has none of that kind yet."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from govhall.core.actors import actor_for_user
from govhall.core.models import Role, User
from govhall.core.workdays import WorkingCalendar

from ..profiles.models import StaffProfile
from . import services
from .days import MIDDAY, Part, local, span
from .models import LeadAbsence, LeaveKind, LeaveRequest


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _previous_working_day(calendar: WorkingCalendar, day: dt.date) -> dt.date:
    day -= dt.timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def _rsj_staff(center) -> User | None:
    """A dispatched RSJ staff member other than the lead (review_rsj without one)."""
    profiles = StaffProfile.objects.filter(
        center=center, department__code="RSJ", is_active=True
    ).exclude(user__memberships__role=Role.DEPT_LEAD)
    found = profiles.filter(kind="dispatched").first() or profiles.first()
    return found.user if found else _user("review_rsj")


@transaction.atomic
def load(centers: dict) -> None:
    center = centers.get("SC-QZX")
    admin, lead = _user("qzx_admin"), _user("lead_rsj")
    clerk1, clerk2, duty = _user("qzx_clerk4"), _user("qzx_clerk6"), _user("qzx_duty")
    if not (center and admin and lead and clerk1 and clerk2):
        return
    calendar = WorkingCalendar()
    today = calendar.next_working_day(timezone.localdate())
    now = timezone.now()
    admin_actor = actor_for_user(admin)

    # Filed with a cover, in effect today: window 4's B post (qzx_clerk5) serves.
    if not LeaveRequest.objects.filter(center=center, user=clerk1, kind=LeaveKind.SICK).exists():
        start, end = span(today, Part.AM, today, Part.PM)
        leave = services.leave_request(
            actor=actor_for_user(clerk1),
            center=center,
            kind=LeaveKind.SICK,
            start=start,
            end=end,
            reason="感冒发烧，医院就诊",
            now=now - dt.timedelta(hours=1),
        )
        services.leave_approve(actor=admin_actor, leave=leave, note="同意，注意休息")
        services.leave_file(actor=admin_actor, leave=leave, cover=duty)

    # Waiting for the department lead.
    rsj = _rsj_staff(center)
    if rsj and not LeaveRequest.objects.filter(center=center, user=rsj).exists():
        day = calendar.add_working_days(today, 3)
        start, end = span(day, Part.AM, day, Part.AM)
        services.leave_request(
            actor=actor_for_user(rsj),
            center=center,
            kind=LeaveKind.PERSONAL,
            start=start,
            end=end,
            reason="孩子学校家长会",
        )

    # Last week, returned early (14:30 instead of the end of the day).
    if not LeaveRequest.objects.filter(
        center=center, user=clerk2, kind=LeaveKind.PERSONAL
    ).exists():
        first = _previous_working_day(calendar, today - dt.timedelta(days=6))
        last = calendar.add_working_days(first, 1)
        start, end = span(first, Part.AM, last, Part.PM)
        leave = services.leave_request(
            actor=actor_for_user(clerk2),
            center=center,
            kind=LeaveKind.PERSONAL,
            start=start,
            end=end,
            reason="家中老人住院陪护",
            now=start - dt.timedelta(days=2),
        )
        services.leave_approve(actor=admin_actor, leave=leave, now=start - dt.timedelta(days=2))
        services.leave_file(
            actor=admin_actor, leave=leave, cover=duty, now=start - dt.timedelta(days=1)
        )
        back = local(last, MIDDAY) + dt.timedelta(hours=2, minutes=30)
        services.leave_return(actor=actor_for_user(clerk2), leave=leave, at=back, now=back)

    # The lead away three working days, with a deputy (C.2.7).
    if not LeadAbsence.objects.filter(center=center, lead=lead).exists():
        first = calendar.add_working_days(today, 1)
        services.lead_absence_report(
            actor=actor_for_user(lead),
            center=center,
            lead=lead,
            start_date=first,
            end_date=calendar.add_working_days(first, 2),
            reason="参加市人社局业务培训",
            deputy=_user("review_rsj"),
        )
