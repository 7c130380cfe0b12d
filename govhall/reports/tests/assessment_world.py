"""A centre with an admin, three clerks (one dispatched by a department whose
lead reads their results), a month of served tickets, and a second centre."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from govhall.core.actors import actor_for_user
from govhall.core.models import Role
from govhall.core.months import Month
from govhall.core.tests import factories as f
from govhall.queueing.models import Channel, Ticket, TicketStatus
from govhall.queueing.tests.factories import queue as make_queue
from govhall.queueing.tests.factories import window as make_window
from govhall.staff.profiles.models import StaffKind, StaffProfile

MONTH = Month(dt.date(2026, 10, 1))
_seq = itertools.count(1)


def person(center, name, *, department=None, kind=StaffKind.COMPREHENSIVE, username=""):
    user = f.staff(Role.CLERK, center_=center, username=username)
    user.last_name, user.staff_number = name, f"T{user.pk:05d}"
    user.save()
    StaffProfile.objects.create(
        user=user, center=center, kind=kind, department=department, started_on=dt.date(2024, 1, 1)
    )
    return user


def serve(center, queue, window, user, day: dt.date, minutes: float, wait: float = 5):
    """A ticket issued at 9:00 on `day`, called after `wait` minutes, served in `minutes`."""
    issued = dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.UTC)
    called = issued + dt.timedelta(minutes=wait)
    n = next(_seq)
    return Ticket.objects.create(
        center=center,
        queue=queue,
        service_date=day,
        seq=n,
        number=f"A{n:03d}",
        status=TicketStatus.DONE,
        channel=Channel.KIOSK,
        sort_at=issued,
        issued_at=issued,
        window=window,
        served_by=user,
        called_at=called,
        first_called_at=called,
        started_at=called,
        finished_at=called + dt.timedelta(minutes=minutes),
    )


def world(username_prefix: str = "") -> dict:
    center = f.center()
    admin = f.staff(Role.CENTER_ADMIN, center_=center, username=f"{username_prefix}adm{center.pk}")
    StaffProfile.objects.create(
        user=admin, center=center, kind=StaffKind.MANAGEMENT, started_on=dt.date(2020, 1, 1)
    )
    dept = f.department(center.district)
    other_dept = f.department(center.district)
    lead = f.staff(Role.DEPT_LEAD, center_=center, department_=dept)
    q = make_queue(center, "A")
    w = make_window(center, 1, q)
    a = person(center, "甲", username=f"{username_prefix}clerk_a{center.pk}")
    b = person(center, "乙", department=dept, kind=StaffKind.DISPATCHED)
    c = person(center, "丙", department=other_dept, kind=StaffKind.DISPATCHED)
    day = dt.date(2026, 10, 12)
    for _ in range(4):
        serve(center, q, w, a, day, 5)
    for _ in range(2):
        serve(center, q, w, b, day, 10)
    return {
        "center": center,
        "admin": admin,
        "actor": actor_for_user(admin),
        "dept": dept,
        "lead": lead,
        "queue": q,
        "window": w,
        "a": a,
        "b": b,
        "c": c,
    }


@pytest.fixture
def aw(db):
    return world()
