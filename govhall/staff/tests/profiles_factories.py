"""A centre with an administrator, windows and staff with profiles."""

from __future__ import annotations

import datetime as dt
import io

from govhall.core.actors import actor_for_user
from govhall.core.models import Role
from govhall.core.tests import factories as f
from govhall.queueing.tests.factories import window as make_window
from govhall.staff.profiles.models import StaffKind, StaffProfile


def person(center, role=Role.CLERK, *, kind=StaffKind.COMPREHENSIVE, department=None, **extra):
    user = f.staff(role, center_=center, department_=department if role == Role.DEPT_LEAD else None)
    user.last_name = extra.pop("name", f"职员{user.pk}")
    user.staff_number = extra.pop("staff_number", f"T{user.pk:05d}")
    user.save()
    profile = StaffProfile.objects.create(
        user=user,
        center=center,
        kind=kind,
        department=department,
        started_on=extra.pop("started_on", dt.date(2023, 3, 1)),
        **extra,
    )
    return profile


def world() -> dict:
    center = f.center()
    admin = f.staff(Role.CENTER_ADMIN, center_=center, username=f"adm{center.pk}")
    StaffProfile.objects.create(
        user=admin, center=center, kind=StaffKind.MANAGEMENT, started_on=dt.date(2020, 1, 1)
    )
    dept = f.department(center.district)
    return {
        "center": center,
        "admin": admin,
        "actor": actor_for_user(admin),
        "dept": dept,
        "w1": make_window(center, 1),
        "w2": make_window(center, 2),
        "a": person(center, name="甲"),
        "b": person(center, name="乙"),
        "c": person(center, name="丙"),
    }


def image_bytes(fmt: str = "PNG", size=(300, 400)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 80)).save(out, fmt)
    return out.getvalue()
