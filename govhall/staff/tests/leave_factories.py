"""A centre for the leave tests: a department with its lead, two clerks holding
A and B at window 1 (and B/A at window 2), a duty manager, an admin, a dispatched
department staff member; every one with a profile."""

from __future__ import annotations

import datetime as dt

from govhall.core.models import Role
from govhall.core.tests import factories as f
from govhall.hall.models import Post, Window, WindowPost
from govhall.staff.leave.days import local
from govhall.staff.profiles.models import StaffKind, StaffProfile

# A Monday well inside a year the calendar table does not have: weekdays only.
MONDAY = dt.date(2031, 3, 3)


def window(center, number: int) -> Window:
    return Window.objects.create(
        center=center, code=f"{center.code}-W{number:02d}", number=number, name=f"{number}号窗口"
    )


def profile(user, center, kind=StaffKind.COMPREHENSIVE, department=None):
    return StaffProfile.objects.create(
        user=user, center=center, kind=kind, department=department, started_on=dt.date(2024, 1, 1)
    )


def world() -> dict:
    center = f.center()
    dept = f.department(center.district, code=f"R{center.pk}")
    w = {"center": center, "dept": dept}
    w["admin"] = f.staff(Role.CENTER_ADMIN, center_=center)
    w["duty"] = f.staff(Role.DUTY_MANAGER, center_=center)
    w["lead"] = f.staff(Role.DEPT_LEAD, center_=center, department_=dept)
    w["a"] = f.staff(Role.CLERK, center_=center)
    w["b"] = f.staff(Role.CLERK, center_=center)
    w["c"] = f.staff(Role.CLERK, center_=center)  # no post: a possible cover
    w["sent"] = f.staff(Role.REVIEWER, center_=center, department_=dept)
    for i, key in enumerate(["admin", "duty", "lead", "a", "b", "c", "sent"], 1):
        w[key].staff_number = f"T{center.pk}-{i:02d}"
        w[key].last_name = key
        w[key].save()
    for key in ("admin", "duty", "a", "b", "c"):
        profile(w[key], center)
    profile(w["lead"], center, StaffKind.DISPATCHED, dept)
    profile(w["sent"], center, StaffKind.DISPATCHED, dept)
    w["w1"], w["w2"] = window(center, 1), window(center, 2)
    WindowPost.objects.create(window=w["w1"], post=Post.A, user=w["a"], on_duty=True)
    WindowPost.objects.create(window=w["w1"], post=Post.B, user=w["b"])
    WindowPost.objects.create(window=w["w2"], post=Post.A, user=w["b"], on_duty=True)
    WindowPost.objects.create(window=w["w2"], post=Post.B, user=w["a"])
    return w


def day(offset: int = 0) -> dt.datetime:
    return local(MONDAY + dt.timedelta(days=offset), dt.time(0))


BEFORE = day(-7)  # "now" for steps made a week ahead
