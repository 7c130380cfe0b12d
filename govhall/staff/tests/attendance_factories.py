"""A centre with the district centre's hours and a few staff with profiles."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from govhall.core.models import Role
from govhall.core.services import token_create
from govhall.core.tests import factories as f
from govhall.staff.profiles.models import StaffKind, StaffProfile

HOURS = {str(d): [["09:00", "12:00"], ["13:00", "17:00"]] for d in range(5)}
HOURS["5"] = [["09:00", "12:00"]]
_numbers = itertools.count(1)
TZ = timezone.get_current_timezone()


def local(y, m, d, hh=0, mm=0, ss=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, ss, tzinfo=TZ)


def person(center, role=Role.CLERK, department=None, username=""):
    user = f.staff(role, center_=center, department_=department, username=username)
    user.staff_number = f"T{next(_numbers):05d}"
    user.last_name = f"员工{user.staff_number[-3:]}"
    user.save()
    StaffProfile.objects.create(
        user=user,
        center=center,
        kind=StaffKind.COMPREHENSIVE,
        department=department,
        started_on=dt.date(2024, 1, 1),
    )
    return user


def world():
    center = f.center(code=f"AT{next(_numbers)}")
    center.opening_hours = HOURS
    center.save()
    other = f.center(center.district, code=f"AT{next(_numbers)}")
    other.opening_hours = HOURS
    other.save()
    dept = f.department(center.district)
    w = {
        "center": center,
        "other": other,
        "dept": dept,
        "clerk": person(center),
        "clerk2": person(center),
        "reviewer": person(center, Role.REVIEWER, dept),
        "reception": person(center, Role.RECEPTION),
        "admin": person(center, Role.CENTER_ADMIN),
        "stranger": person(other),
    }
    w["lead"] = f.staff(Role.DEPT_LEAD, center_=center, department_=dept)
    w["device"], w["device_raw"] = token_create(kind="attendance", center=center)
    w["other_device"], w["other_device_raw"] = token_create(kind="attendance", center=other)
    return w
