"""Factories for core objects: plain functions with sensible defaults."""

from __future__ import annotations

import itertools

from govhall.core.actors import actor_for_user
from govhall.core.models import Center, CenterLevel, Department, District, Membership, User

_seq = itertools.count(1)


def district(code: str = "", name: str = "") -> District:
    n = next(_seq)
    return District.objects.create(code=code or f"D{n}", name=name or f"测试区{n}")


def center(district_: District | None = None, *, code: str = "", level=CenterLevel.TOWN) -> Center:
    n = next(_seq)
    return Center.objects.create(
        code=code or f"C{n}",
        name=f"测试中心{n}",
        district=district_ or district(),
        level=level,
        address=f"测试路{n}号",
        # A test's hall takes tickets at any hour (tests run at night too); the
        # opening-hours tests switch this off.
        settings={"queue.issue_any_time": True},
    )


def department(district_: District, *, code: str = "") -> Department:
    n = next(_seq)
    return Department.objects.create(
        code=code or f"DEP{n}", name=f"测试局{n}", short_name=f"测{n}局", district=district_
    )


def user(username: str = "", *, password: str = "pw-123456-x", **extra) -> User:
    n = next(_seq)
    return User.objects.create_user(username=username or f"u{n}", password=password, **extra)


def staff(
    role: str,
    *,
    center_: Center | None = None,
    district_: District | None = None,
    department_: Department | None = None,
    username: str = "",
) -> User:
    u = user(username)
    Membership.objects.create(
        user=u, role=role, center=center_, district=district_, department=department_
    )
    return u


def actor(user_: User):
    return actor_for_user(user_)
