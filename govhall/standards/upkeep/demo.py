"""Demo upkeep: each centre's installations (one due within the reminder, one
overdue with its task, one failed check awaiting repair) and a week of cleaning
checks with one working day missed. Safe to run twice: a centre that has
installations is left as it is."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from govhall.core.actors import actor_for_user
from govhall.core.models import User
from govhall.core.workdays import WorkingCalendar
from govhall.hall.models import Zone

from . import cleaning, services
from .models import Installation

TZ = ZoneInfo("Asia/Shanghai")

# name, kind, zone code, location, cycle, every_days, days since the last check, result
QZX = [
    ("机房服务器（政务外网）", "server", "", "2号楼3楼信息机房", "monthly", None, 27, "ok"),
    ("核心交换机及网络设备", "network", "", "2号楼3楼信息机房", "quarterly", None, 41, "ok"),
    ("大厅视频监控系统", "monitoring", "B", "窗口服务区全覆盖", "monthly", None, 12, "fixed"),
    ("声光报警装置", "alarm", "C", "等候区东西两侧", "quarterly", None, 3, "failed"),
    ("应急照明灯及疏散指示", "emergency_light", "C", "大厅各出口", "monthly", None, 38, "ok"),
    ("灭火器（32具）及消火栓", "fire", "B", "各楼层消防箱", "monthly", None, 9, "ok"),
    ("自动体外除颤器（AED）", "aed", "A", "2号楼1楼大厅总服务台旁", "quarterly", None, 33, "ok"),
    ("设施设备告知性标识", "signage", "A", "导视牌、设备使用说明", "days", 14, 6, "ok"),
]
YX = [
    ("服务器及网络设备", "server", "", "一楼弱电间", "quarterly", None, 70, "ok"),
    ("监控装置", "monitoring", "B", "办事大厅", "monthly", None, 25, "ok"),
    ("应急照明灯", "emergency_light", "C", "大厅出口", "monthly", None, 45, "ok"),
    ("灭火器", "fire", "B", "大厅消防箱", "monthly", None, 14, "ok"),
]
NOTES = {
    "fixed": "3号摄像头画面模糊，已清洁镜头并重新对焦",
    "failed": "等候区西侧报警器测试无响应，已报维保单位",
}
WORKER = {
    "server": "区大数据中心运维组",
    "network": "区大数据中心运维组",
    "fire": "松江消防维保公司",
}


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ) + dt.timedelta(minutes=minute)


def _installations(center, admin, keeper, rows, today) -> None:
    actor = actor_for_user(admin)
    zones = {z.code: z for z in Zone.objects.filter(center=center)}
    for name, kind, zone, location, cycle, every, ago, result in rows:
        last = today - dt.timedelta(days=ago)
        inst = services.installation_add(
            actor=actor,
            center=center,
            name=name,
            kind=kind,
            cycle=cycle,
            every_days=every,
            since=today - dt.timedelta(days=400),
            zone=zones.get(zone),
            location=location,
            keeper=keeper,
        )
        if result == "failed":
            # the check before this one was fine; this one failed
            services.maintenance_record(
                actor=actor,
                installation=inst,
                done_on=last - dt.timedelta(days=80),
                result="ok",
                note="",
                worker="消防维保公司",
                now=_at(last - dt.timedelta(days=80), 15),
            )
        services.maintenance_record(
            actor=actor,
            installation=inst,
            done_on=last,
            result=result,
            note=NOTES.get(result, ""),
            worker=WORKER.get(kind, ""),
            now=_at(last, 16, 30),
        )
    services.upkeep_sweep(center=center, today=today)


def _cleaning(center, checker, days: int, today) -> None:
    actor = actor_for_user(checker)
    calendar = WorkingCalendar()
    zones = list(Zone.objects.filter(center=center).order_by("code"))
    working = [
        today - dt.timedelta(days=n)
        for n in range(1, days + 1)
        if calendar.is_working_day(today - dt.timedelta(days=n))
    ]
    missed = working[2] if len(working) > 2 else None  # nobody checked that day
    for day in working:
        if day == missed:
            continue
        for n, zone in enumerate(zones):
            services.cleaning_tick(
                actor=actor,
                center=center,
                zone=zone,
                items=list(cleaning.CODES),
                now=_at(day, 8, 35 + 3 * n),
            )
    now = timezone.localtime()
    if calendar.is_working_day(today) and now.hour >= 9:
        # this morning's check so far: the first two zones
        for n, zone in enumerate(zones[:2]):
            services.cleaning_tick(
                actor=actor,
                center=center,
                zone=zone,
                items=list(cleaning.CODES),
                now=_at(today, 8, 40 + 3 * n),
            )


def load(centers: dict) -> None:
    today = timezone.localdate()
    plan = [
        ("SC-QZX", "qzx_admin", "qzx_duty", QZX, 7),
        ("SC-YX", "yx_admin", "yx_admin", YX, 7),
    ]
    for code, admin, checker, rows, days in plan:
        center = centers.get(code)
        if center is None or Installation.objects.filter(center=center).exists():
            continue
        admin_user = User.objects.get(username=admin)
        checker_user = User.objects.get(username=checker)
        _installations(center, admin_user, checker_user, rows, today)
        _cleaning(center, checker_user, days, today)
