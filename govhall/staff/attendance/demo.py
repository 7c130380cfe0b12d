"""A month of punches at the district centre (SC-QZX) for everyone with a
profile there: November 2026 up to today, working days only, arrivals mostly
8:35-8:49 for a 9:00 opening (the rule: at the window by 8:50), a few late
(one reported beforehand at the service desk, one metro breakdown for two
people), one early leave, one arrival the broken clock missed and the centre
added, one Saturday's duty; today's punches up to now. Loaded once."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from govhall.core.events import audit
from govhall.core.models import User
from govhall.core.workdays import WorkingCalendar

from .. import presence
from . import selectors
from .models import DeviceFault, Excuse, ExcuseKind, ForceMajeure, Punch, PunchSource

CENTER = "SC-QZX"
FIRST = dt.date(2026, 11, 1)
# (date, username) -> (arrival "HH:MM", departure "HH:MM" or None)
SPECIAL = {
    (dt.date(2026, 11, 5), "qzx_clerk2"): ("08:56", None),  # late 6
    (dt.date(2026, 11, 12), "qzx_assistant"): ("09:03", None),  # late 13
    (dt.date(2026, 11, 20), "review_rsj"): ("08:54", None),  # late 4
    (dt.date(2026, 11, 17), "qzx_clerk1"): ("09:24", None),  # reported beforehand
    (dt.date(2026, 11, 24), "qzx_clerk2"): ("09:12", None),  # metro breakdown
    (dt.date(2026, 11, 24), "qzx_assistant"): ("09:18", None),  # metro breakdown
    (dt.date(2026, 11, 26), "review_rsj"): (None, "16:30"),  # early leave
}
FAULT_DAY = dt.date(2026, 11, 10)
FAULT_FROM, FAULT_TO = dt.time(8, 38), dt.time(8, 47)
FAULT_MISSED = ("qzx_clerk1", "08:42")
DUTY_DAY = dt.date(2026, 11, 14)  # a Saturday: the hall's Saturday morning service
DUTY_STAFF = {"qzx_clerk1": ("08:44", "12:06"), "qzx_reception": ("08:41", "12:03")}


def _at(day: dt.date, hhmm: str, seconds: int = 0) -> dt.datetime:
    t = dt.time.fromisoformat(hhmm)
    base = dt.datetime.combine(day, t, tzinfo=timezone.get_current_timezone())
    return base + dt.timedelta(seconds=seconds)


def _usual(rng: random.Random, day: dt.date) -> tuple[str, str]:
    arrive = dt.time(8, 35 + rng.randrange(15))  # 8:35-8:49
    if day == FAULT_DAY and FAULT_FROM <= arrive < FAULT_TO:
        arrive = dt.time(8, 47 + rng.randrange(3))  # the clock worked again
    leave = dt.time(17, 1 + rng.randrange(25))
    return arrive.strftime("%H:%M"), leave.strftime("%H:%M")


def load(centers: dict) -> None:
    center = centers.get(CENTER)
    if center is None or Punch.objects.filter(center=center).exists():
        return
    now = timezone.now()
    today = timezone.localdate(now)
    first = FIRST if (today - FIRST).days < 62 else (today.replace(day=1) - dt.timedelta(days=1))
    first = first.replace(day=1)
    profiles = list(selectors.active_profiles(center, first, today).order_by("user__staff_number"))
    users = {p.user.username: p.user for p in profiles}
    admin = User.objects.filter(username="qzx_admin").first()
    reception = User.objects.filter(username="qzx_reception").first()
    if not profiles or admin is None or reception is None:
        return
    cal = WorkingCalendar()
    rows: list[Punch] = []

    def punch(user, day, kind, hhmm, seconds, **extra):
        at = _at(day, hhmm, seconds)
        if at <= now:
            rows.append(
                Punch(
                    center=center,
                    user=user,
                    kind=kind,
                    at=at,
                    day=day,
                    source=extra.pop("source", PunchSource.DEVICE),
                    **extra,
                )
            )

    # Nobody punches on a day their filed leave covers (the leave demo runs first).
    leave = presence.absences(center, [p.user_id for p in profiles], _at(first, "00:00", 0), now)
    on_leave = {
        (a.user_id, d) for a in leave if a.status == presence.Status.LEAVE for d in _days(a, now)
    }
    day = first
    while day <= today:
        counted = selectors.day_rules(center, day, cal).counted
        for profile in profiles:
            user = profile.user
            if (user.pk, day) in on_leave:
                continue
            rng = random.Random(f"{user.staff_number}:{day}")
            if day == DUTY_DAY and user.username in DUTY_STAFF:
                arrive, leave = DUTY_STAFF[user.username]
            elif not counted:
                continue
            else:
                arrive, leave = _usual(rng, day)
                special_in, special_out = SPECIAL.get((day, user.username), (None, None))
                arrive, leave = special_in or arrive, special_out or leave
            if day == FAULT_DAY and user.username == FAULT_MISSED[0]:
                pass  # the clock missed it; added below
            else:
                punch(user, day, "in", arrive, rng.randrange(60))
            punch(user, day, "out", leave, rng.randrange(60))
        day += dt.timedelta(days=1)
    Punch.objects.bulk_create(rows)
    _records(center, users, admin, reception, now)


def _days(absence, now: dt.datetime):
    """The days an absence covers from mid-morning to mid-afternoon (part days are worked)."""
    end = absence.end or now
    day, last = timezone.localdate(absence.start), timezone.localdate(end)
    while day <= last:
        if absence.start <= _at(day, "10:00", 0) and end >= _at(day, "16:00", 0):
            yield day
        day += dt.timedelta(days=1)


def _records(center, users, admin, reception, now) -> None:
    tz = timezone.get_current_timezone()
    clerk1, clerk2, assistant = (
        users.get(u) for u in ("qzx_clerk1", "qzx_clerk2", "qzx_assistant")
    )
    excuse_day = dt.date(2026, 11, 17)
    if clerk1 and _at(excuse_day, "08:20") <= now:
        Excuse.objects.create(
            center=center,
            user=clerk1,
            day=excuse_day,
            kind=ExcuseKind.LATE,
            expected_at=_at(excuse_day, "09:30"),
            reason="到区人社局取回联办件材料（窗口负责人已同意）",
            recorded_by=reception,
            recorded_at=_at(excuse_day, "08:20"),
        )
    fm_day = dt.date(2026, 11, 24)
    if clerk2 and assistant and _at(fm_day, "10:05") <= now:
        fm = ForceMajeure.objects.create(
            center=center,
            day=fm_day,
            reason="地铁9号线早高峰信号故障停运约40分钟",
            recorded_by=admin,
            recorded_at=_at(fm_day, "10:05"),
        )
        fm.users.set([clerk2, assistant])
    if clerk1 and _at(FAULT_DAY, "09:20") <= now:
        fault = DeviceFault.objects.create(
            center=center,
            device="一楼大厅考勤机",
            started_at=dt.datetime.combine(FAULT_DAY, FAULT_FROM, tzinfo=tz),
            ended_at=dt.datetime.combine(FAULT_DAY, FAULT_TO, tzinfo=tz),
            description="考勤机黑屏，无法识别工号，重启后恢复",
            reported_by=admin,
            reported_at=_at(FAULT_DAY, "08:50"),
        )
        added = Punch.objects.create(
            center=center,
            user=clerk1,
            kind="in",
            at=_at(FAULT_DAY, FAULT_MISSED[1], 10),
            day=FAULT_DAY,
            source=PunchSource.MANUAL,
            added_by=admin,
            reason="考勤机故障未能打卡，经值班长核实 8:42 已到岗",
            fault=fault,
        )
        audit(
            "attendance.punch_added",
            actor=admin,
            center=center,
            obj=added,
            detail={"staff_number": clerk1.staff_number, "kind": "in", "reason": added.reason},
        )
