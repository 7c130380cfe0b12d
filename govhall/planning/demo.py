"""The planning app's demo data (called by govhall.demo.loader; safe to run twice).

SC-QZX gets ten weeks of past tickets (traffic.py: a morning peak, Monday the
busiest, the days after the National Day holiday busier still), so the forecast
has its eight weeks and two held out; and next week's rota leaves a gap: on its
first working day three clerks are in a training through the morning peak
(made through the training services; A/B keeps every window's rule, but one
person serves one window at a time), while the afternoons have windows to spare."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from govhall.core.actors import actor_for_user
from govhall.core.models import User
from govhall.core.workdays import WorkingCalendar
from govhall.queueing.models import Queue, Ticket
from govhall.staff.training import services as training
from govhall.staff.training.models import TrainingKind, TrainingSession

from .roster import desks
from .traffic import QueueSpec, generate

WEEKS = 10
# queue code -> (share of the day's tickets, mean service minutes)
QUEUES = {
    "SHBZ": (0.30, 8.0),
    "MZSW": (0.10, 10.0),
    "BDCDJ": (0.18, 16.0),
    "QYFW": (0.20, 13.0),
    "GJJ": (0.12, 9.0),
    "CRJ": (0.10, 7.0),
}
# Next week's first working day: a policy training in the morning peak.
TRAINING_TOPIC = "医保经办政策更新专题培训"
TRAINEES = ("qzx_clerk3", "qzx_clerk5", "qzx_clerk9")


def _history(center, today: dt.date) -> int:
    queues = {q.code: q for q in Queue.objects.filter(center=center, code__in=QUEUES)}
    if not queues:
        return 0
    specs = [
        QueueSpec(
            q.pk, QUEUES[code][0], QUEUES[code][1], tuple(q.items.values_list("pk", flat=True))
        )
        for code, q in queues.items()
    ]
    prefixes = {q.pk: q.prefix for q in queues.values()}
    windows = [(d.window_id, d.holders[0][1] if d.holders else None) for d in desks(center)]
    first, last = today - dt.timedelta(weeks=WEEKS), today - dt.timedelta(days=1)
    # Days that already have tickets (another run, or real ones) are left alone.
    taken = set(
        Ticket.objects.filter(center=center, service_date__gte=first, service_date__lte=last)
        .values_list("service_date", flat=True)
        .distinct()
    )
    return generate(center, first, last, specs, prefixes, windows, skip_days=taken)


def _training(center, today: dt.date) -> None:
    """Three clerks in a training 9:30-11:30 on next week's first working day,
    made through the training services (the centre confirms the windows it
    leaves short): the plan shows the gap and suggests moving it to the
    afternoon, when windows stand idle."""
    admin = User.objects.filter(username="qzx_admin").first()
    if (
        admin is None
        or TrainingSession.objects.filter(center=center, topic=TRAINING_TOPIC).exists()
    ):
        return
    people = list(User.objects.filter(username__in=TRAINEES))
    if len(people) != len(TRAINEES):
        return
    monday = today + dt.timedelta(days=7 - today.weekday())
    day = WorkingCalendar().next_working_day(monday)
    tz = timezone.get_current_timezone()
    training.session_create(
        actor=actor_for_user(admin),
        center=center,
        topic=TRAINING_TOPIC,
        kind=TrainingKind.POLICY,
        trainer="区医保局经办科",
        place="三楼培训室",
        starts_at=dt.datetime.combine(day, dt.time(9, 30), tzinfo=tz),
        ends_at=dt.datetime.combine(day, dt.time(11, 30), tzinfo=tz),
        invitees=people,
        audience="指定人员",
        confirm_uncovered=True,
    )


@transaction.atomic
def load(centers: dict) -> None:
    """`centers`: code -> Center of the demo district."""
    center = centers.get("SC-QZX")
    if center is None:
        return
    today = timezone.localdate()
    _history(center, today)
    _training(center, today)
