"""Factories of the rota's tests: a centre with a Saturday service, staff with
profiles, and a fake leave source (the leave feature is another's; the rota
must work with or without one)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from govhall.core.models import Role
from govhall.core.tests import factories as f
from govhall.staff import presence
from govhall.staff.profiles.models import StaffKind, StaffProfile

TZ = ZoneInfo("Asia/Shanghai")
WEEK = {str(d): [["09:00", "12:00"], ["13:00", "17:00"]] for d in range(5)}
SATURDAY = {"5": [["09:00", "12:00"]]}


def hall_center(code: str = "", *, saturday: bool = True, **settings):
    center = f.center(code=code)
    center.opening_hours = {**WEEK, **(SATURDAY if saturday else {})}
    center.settings = {**center.settings, **settings}
    center.save()
    return center


def person(
    center,
    role: str = Role.CLERK,
    *,
    username: str = "",
    started_on: dt.date = dt.date(2024, 3, 1),
    kind: str = StaffKind.COMPREHENSIVE,
    mobile: str = "",
    department=None,
):
    user = f.staff(role, center_=center, username=username, department_=department)
    if mobile:
        user.mobile = mobile
        user.save(update_fields=["mobile"])
    StaffProfile.objects.create(
        user=user, center=center, kind=kind, started_on=started_on, department=department
    )
    return user


class FakeLeave:
    """An absence source: user id -> [(first day, last day)] of leave."""

    def __init__(self):
        self.spans: dict[int, list[tuple[dt.date, dt.date]]] = {}
        self.calls = 0

    def add(self, user, first: dt.date, last: dt.date | None = None) -> None:
        self.spans.setdefault(user.pk, []).append((first, last or first))

    def on_leave(self, user_id: int, day: dt.date) -> bool:
        return any(a <= day <= b for a, b in self.spans.get(user_id, []))

    def __call__(self, center, user_ids, start, end):
        self.calls += 1
        for uid in user_ids:
            for a, b in self.spans.get(uid, []):
                since = dt.datetime.combine(a, dt.time(0), TZ)
                until = dt.datetime.combine(b + dt.timedelta(days=1), dt.time(0), TZ)
                if since < end and until > start:
                    yield presence.Absence(uid, presence.Status.LEAVE, since, until, "事假")


def leave_source():
    """The body of a test module's `fake_leave` fixture: registered, then removed."""
    source = FakeLeave()
    presence.register_absence_source(source)
    yield source
    presence._absence_sources.remove(source)
