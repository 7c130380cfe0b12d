"""A small centre with a generated history of a known pattern: two queues, three
windows whose A/B posts are held crosswise (as in the demo), and a fake absence
source for the trainings and leave a test puts in."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from govhall.core.models import Role
from govhall.core.tests import factories as f
from govhall.hall.models import Post, WindowPost
from govhall.planning import selectors, traffic
from govhall.queueing.tests.factories import hall
from govhall.staff import presence

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
HOURS = {str(d): [["09:00", "12:00"], ["13:00", "17:00"]] for d in range(5)}
TODAY = dt.date(2026, 11, 25)  # a Wednesday
NEXT_MONDAY = dt.date(2026, 11, 30)
PATTERN = traffic.Pattern(daily=60.0, growth_per_week=0.0)


class FakeAbsences:
    def __init__(self):
        self.absent: list[presence.Absence] = []

    def __call__(self, center, user_ids, start, end):
        return [
            a
            for a in self.absent
            if a.user_id in user_ids and a.start < end and (a.end is None or a.end > start)
        ]

    def training(self, user, start, end, label="业务培训"):
        self.absent.append(presence.Absence(user.pk, presence.Status.TRAINING, start, end, label))


@pytest.fixture
def absences():
    fake = FakeAbsences()
    presence.register_absence_source(fake)
    yield fake
    presence._absence_sources.remove(fake)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SH)


@pytest.fixture
def world(db, absences):
    selectors.clear_cache()
    w = hall("PL")
    center = w["center"]
    center.opening_hours = HOURS
    center.save()
    clerks = [f.staff(Role.CLERK, center_=center) for _ in range(3)]
    for n, (window, a, b) in enumerate([(w["w1"], 0, 1), (w["w2"], 1, 0), (w["assist"], 2, None)]):
        WindowPost.objects.create(window=window, post=Post.A, user=clerks[a], on_duty=True)
        if b is not None:
            WindowPost.objects.create(window=window, post=Post.B, user=clerks[b])
        assert n < 3
    specs = [
        traffic.QueueSpec(w["qa"].pk, 0.6, 8.0, (w["licence"].pk,)),
        traffic.QueueSpec(w["qb"].pk, 0.4, 12.0, (w["pension"].pk,)),
    ]
    windows = [(x.pk, clerks[i].pk) for i, x in enumerate([w["w1"], w["w2"], w["assist"]])]
    prefixes = {w["qa"].pk: "A", w["qb"].pk: "B"}
    made = traffic.generate(
        center,
        TODAY - dt.timedelta(weeks=6),
        TODAY - dt.timedelta(days=1),
        specs,
        prefixes,
        windows,
        pattern=PATTERN,
        seed=7,
    )
    admin = f.staff(Role.CENTER_ADMIN, center_=center)
    other = f.center(code="PL-OTHER")
    return {
        **w,
        "clerks": clerks,
        "made": made,
        "admin": admin,
        "admin_actor": f.actor(admin),
        "duty": f.staff(Role.DUTY_MANAGER, center_=center),
        "other_admin": f.staff(Role.CENTER_ADMIN, center_=other),
        "other": other,
        "plain_clerk": clerks[0],
    }


def ctx(world):
    return selectors.context(world["center"], today=TODAY)
