"""Lending at SC-QZX (002 二(四), 000 第七条): the desk's wheelchairs, umbrellas,
reading glasses and chargers; today's loans, most back, one still out; and one
lent late on the previous working day and not yet returned (out at closing)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from govhall.core.actors import actor_for_user
from govhall.core.models import User
from govhall.core.workdays import WorkingCalendar

from . import services
from .models import LendingItem

ITEMS = [
    ("wheelchair", "爱心轮椅1号", "总服务台旁"),
    ("wheelchair", "爱心轮椅2号", "总服务台旁"),
    ("umbrella", "爱心雨伞1", "一楼入口伞架"),
    ("umbrella", "爱心雨伞2", "一楼入口伞架"),
    ("umbrella", "爱心雨伞3", "一楼入口伞架"),
    ("glasses", "老花镜+150", "总服务台"),
    ("glasses", "老花镜+250", "总服务台"),
    ("charger", "充电宝A（Type-C）", "总服务台"),
    ("charger", "充电线（苹果）", "总服务台"),
]


def load(centers: dict) -> None:
    center = centers.get("SC-QZX")
    if center is None or LendingItem.objects.filter(center=center).exists():
        return
    desk = actor_for_user(User.objects.get(username="qzx_reception"))
    items = {
        label: services.lending_item_add(actor=desk, center=center, kind=k, label=label, place=p)
        for k, label, p in ITEMS
    }
    now = timezone.now()
    calendar = WorkingCalendar()
    day = timezone.localdate(now) - dt.timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    late = timezone.make_aware(dt.datetime.combine(day, dt.time(16, 20)))
    services.lend(
        actor=desk,
        item=items["爱心雨伞3"],
        name="周建国",
        phone="13800138123",
        note="下雨，说明天送回",
        now=late,
    )
    # Earlier today (relative to now): back, back, and one still out.
    for label, name, phone, ago, back in (
        ("爱心轮椅1号", "王秀英", "13761234567", 110, 70),
        ("老花镜+250", "李德胜", "", 95, 80),
        ("充电宝A（Type-C）", "赵敏", "15821234567", 60, 25),
    ):
        loan = services.lend(
            actor=desk,
            item=items[label],
            name=name,
            phone=phone,
            now=now - dt.timedelta(minutes=ago),
        )
        services.lending_return(actor=desk, loan=loan, now=now - dt.timedelta(minutes=back))
    services.lend(
        actor=desk,
        item=items["爱心轮椅2号"],
        name="孙桂兰",
        phone="13611112222",
        note="家属陪同办理社保",
        now=now - dt.timedelta(minutes=40),
    )
