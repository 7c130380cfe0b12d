"""A day of the print room at SC-QZX (000 第十四-二十条): jobs through the day by
qzx_print, a few refusals as they happen (lunch break, quota, a private
document), the public computer used twice (once over time). The day is today
once the room has been open an hour, else the previous working day."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from govhall.catalog.selectors import items_at_center
from govhall.core.actors import actor_for_user
from govhall.core.errors import DomainError
from govhall.core.identity import check_digit
from govhall.core.models import User
from govhall.core.workdays import WorkingCalendar

from . import services
from .models import ComputerSession, PrintJob


def _ids() -> list[str]:
    bases = ["31011719850412" + "301", "31011719920830" + "122", "33010619780105" + "415"]
    bases += ["31011720010218" + "026", "31011719661123" + "331", "32058319890607" + "242"]
    return [b[:17] + check_digit(b[:17]) for b in bases]


def demo_day(now: dt.datetime) -> tuple[dt.date, dt.datetime]:
    """The day and the time up to which it has happened."""
    calendar = WorkingCalendar()
    local = timezone.localtime(now)
    if calendar.is_working_day(local.date()) and local.time() >= dt.time(9, 30):
        return local.date(), now - dt.timedelta(minutes=5)
    day = local.date() - dt.timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day, timezone.make_aware(dt.datetime.combine(day, dt.time(17, 0)))


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.fromisoformat(hhmm)))


# time, person (index into _ids), item (index into the centre's items), kind, sheets, purpose
PLAN = [
    ("08:42", 0, 0, "copy", 2, "身份证正反面复印"),
    ("08:55", 1, 1, "print", 3, "申请表打印"),
    ("09:10", 2, 2, "copy", 4, "营业执照复印件"),
    ("09:26", 3, 3, "print", 2, "委托书打印"),
    ("09:41", 2, 2, "copy", 7, "股东会决议复印"),
    ("10:05", 4, None, "print", 5, "个人简历打印"),
    ("10:20", 5, 4, "copy", 3, "户口簿复印"),
    ("10:48", 0, 0, "print", 8, "材料补充打印"),
    ("11:05", 1, 1, "copy", 1, "结婚证复印"),
    ("12:10", 3, 3, "copy", 2, "午休时来复印"),
    ("13:12", 4, 5, "copy", 2, "房产证复印"),
    ("13:40", 5, 4, "print", 4, "情况说明打印"),
    ("14:15", 0, 0, "copy", 1, "社保卡复印"),
    ("15:02", 3, 3, "print", 3, "授权书打印"),
    ("15:47", 1, 1, "copy", 2, "身份证复印"),
    ("16:30", 2, 5, "print", 1, "补正材料清单打印"),
]


def load(centers: dict) -> None:
    """`centers`: code -> Center of the demo district; safe to run twice."""
    center = centers.get("SC-QZX")
    if center is None or PrintJob.objects.filter(center=center).exists():
        return
    actor = actor_for_user(User.objects.get(username="qzx_print"))
    items = [i.code for i in items_at_center(center)[:6]]
    if not items:
        return
    ids = _ids()
    day, until = demo_day(timezone.now())
    for hhmm, who, item, kind, sheets, purpose in PLAN:
        at = _at(day, hhmm)
        if at > until:
            break
        try:
            services.print_job_record(
                actor=actor,
                center=center,
                sheets=sheets,
                purpose=purpose,
                kind=kind,
                id_number=ids[who],
                item=items[item % len(items)] if item is not None else None,
                now=at,
            )
        except DomainError:
            pass  # the refusals of the plan: logged with their reason
    if ComputerSession.objects.filter(center=center).exists():
        return
    for start, minutes, purpose in (("09:15", 4, "下载申请表"), ("14:20", 8, "查询办事指南")):
        begin = _at(day, start)
        if begin + dt.timedelta(minutes=minutes) > until:
            break
        session = services.computer_start(actor=actor, center=center, purpose=purpose, now=begin)
        services.computer_end(
            actor=actor, session=session, now=begin + dt.timedelta(minutes=minutes, seconds=20)
        )
