"""A centre with two windows whose A/B posts are held crosswise (as in the demo),
fake presence sources for leave, training and attendance (those features are
not in this worktree), and a fixed working morning."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo

import pytest
import time_machine

from govhall.core.models import Role
from govhall.core.tests import factories as f
from govhall.hall.models import Post, WindowPost
from govhall.queueing.tests.factories import window as make_window
from govhall.staff import presence

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
# A Tuesday morning, inside SC-style hours (Mon-Fri 9:00-12:00, 13:00-17:00).
MORNING = dt.datetime(2026, 12, 1, 10, 0, tzinfo=SH)
HOURS = {str(d): [["09:00", "12:00"], ["13:00", "17:00"]] for d in range(5)}

_numbers = itertools.count(1)


def person(center, role=Role.CLERK, name="张伟"):
    user = f.staff(role, center_=center)
    user.staff_number = f"T{next(_numbers):05d}"
    user.last_name = name
    user.save()
    return user


class FakePresence:
    """Stands in for attendance (who punched in), leave and training."""

    def __init__(self):
        self.absent: list[presence.Absence] = []
        self.here: set[int] = set()

    def absences(self, center, user_ids, start, end):
        return [
            a
            for a in self.absent
            if a.user_id in user_ids and a.start < end and (a.end is None or a.end > start)
        ]

    def present(self, center, user_ids, at):
        return {u for u in user_ids if u in self.here}

    def leave(self, user, start, end, label="事假"):
        self.absent.append(presence.Absence(user.pk, presence.Status.LEAVE, start, end, label))

    def training(self, user, start, end, label="业务培训"):
        self.absent.append(presence.Absence(user.pk, presence.Status.TRAINING, start, end, label))


@pytest.fixture
def fake():
    fp = FakePresence()
    presence.register_absence_source(fp.absences)
    presence.register_present_source(fp.present)
    yield fp
    presence._absence_sources.remove(fp.absences)
    presence._present_sources.remove(fp.present)


@pytest.fixture
def morning():
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def hall(db):
    d = f.district()
    center = f.center(d, code="WB-C")
    center.opening_hours = HOURS
    center.save()
    w1, w2 = make_window(center, 1), make_window(center, 2)
    a = person(center, name="张伟")
    b = person(center, name="陈静")
    WindowPost.objects.create(window=w1, post=Post.A, user=a, on_duty=True)
    WindowPost.objects.create(window=w1, post=Post.B, user=b)
    WindowPost.objects.create(window=w2, post=Post.A, user=b, on_duty=True)
    WindowPost.objects.create(window=w2, post=Post.B, user=a)
    admin = person(center, Role.CENTER_ADMIN, name="王建华")
    duty = person(center, Role.DUTY_MANAGER, name="何勇")
    other = f.center(d, code="WB-O")
    return {
        "center": center,
        "w1": w1,
        "w2": w2,
        "a": a,
        "b": b,
        "admin": admin,
        "duty": duty,
        "other": other,
        "outsider": person(other, name="吴磊"),
    }
