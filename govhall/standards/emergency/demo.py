"""Demo emergency plans: all seven of 6.4.4.4 at the district centre, three at
the town centre (the other four missing, its fire plan past its review date),
and a fire drill at the district centre with two findings turned into tasks.
Safe to run twice: a centre with plans is left as it is."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from govhall.core.actors import actor_for_user
from govhall.core.models import User

from . import services
from .models import EmergencyPlan

TZ = ZoneInfo("Asia/Shanghai")

STEPS = {
    "fire": (
        "突发火灾应急处置预案",
        "发现人立即呼喊报警，就近使用灭火器扑救初起火灾\n"
        "值班长启动预案，拨打119并报告中心负责人\n"
        "窗口暂停叫号，引导员按疏散指示引导群众从最近出口撤离\n"
        "安保人员切断着火区域电源，开启应急照明，封锁现场\n"
        "在集合点清点人员，向消防部门报告情况",
    ),
    "power_cut": (
        "停电应急处置预案",
        "值班长确认停电范围，通知物业电工排查\n"
        "应急照明启用，窗口暂停办理并安抚等候群众\n"
        "机房UPS供电，运维人员保存数据并有序关机\n"
        "30分钟内不能恢复的，告知群众改约或网上办理，发放预约单",
    ),
    "theft": (
        "盗窃事件应急处置预案",
        "接报后安保人员保护现场，调取监控录像\n"
        "值班长安抚当事人，拨打110报警\n"
        "配合公安机关调查，登记事件经过",
    ),
    "disorder": (
        "秩序骚乱应急处置预案",
        "引导员、安保人员第一时间到场劝导，隔离当事人\n"
        "值班长到场处置，必要时转入洽谈室单独沟通\n"
        "事态升级时拨打110，疏导其他群众远离",
    ),
    "injury": (
        "人身伤害应急处置预案",
        "发现人呼救并报告值班长，不随意移动伤者\n"
        "经培训人员实施急救，心脏骤停时取用AED\n"
        "拨打120，安排专人引导救护车，通知家属",
    ),
    "epidemic": (
        "传染病疫情应急处置预案",
        "按卫生防疫要求加强入口体温检测和口罩提供\n"
        "发现疑似病例时引导至临时隔离区，报告属地卫生部门\n"
        "对相关区域进行终末消毒，登记密切接触人员",
    ),
    "network_attack": (
        "网络攻击应急处置预案",
        "运维人员发现异常立即断开受影响终端网络\n"
        "报告区大数据中心和网信部门，保留日志证据\n"
        "启用备用受理方式，窗口改为登记收件，告知群众延时",
    ),
}
CONTACTS = [
    ("总指挥", "王建华", "13800000001"),
    ("现场处置（值班长）", "何勇", "13800000002"),
    ("疏散引导", "李晓梅", "13800000003"),
    ("物业安保", "物业值班室", "021-57820000"),
]


def _plans(center, admin, kinds, reviewed_on) -> None:
    actor = actor_for_user(admin)
    for kind in kinds:
        title, steps = STEPS[kind]
        day = reviewed_on.get(kind, reviewed_on["*"])
        services.plan_save(
            actor=actor,
            center=center,
            kind=kind,
            title=title,
            steps=steps,
            version="V2.0" if center.code == "SC-QZX" else "V1.0",
            reviewed_on=day,
            contacts=[{"duty": d, "name": n, "phone": p} for d, n, p in CONTACTS],
            now=dt.datetime.combine(day, dt.time(10), tzinfo=TZ),
        )


def load(centers: dict) -> None:
    today = timezone.localdate()
    qzx, yx = centers.get("SC-QZX"), centers.get("SC-YX")
    if qzx is not None and not EmergencyPlan.objects.filter(center=qzx).exists():
        admin = User.objects.get(username="qzx_admin")
        _plans(qzx, admin, list(STEPS), {"*": today - dt.timedelta(days=70)})
        held = today - dt.timedelta(days=21)
        services.drill_record(
            actor=actor_for_user(admin),
            plan=EmergencyPlan.objects.get(center=qzx, kind="fire"),
            held_on=held,
            participants=46,
            duration_minutes=18,
            scenario="等候区电源插座起火，疏散大厅群众和工作人员",
            findings=["东侧安全出口堆放物料，疏散受阻", "部分新进窗口人员不会使用灭火器"],
            owner=User.objects.get(username="qzx_duty"),
            due=held + dt.timedelta(days=30),
            now=dt.datetime.combine(held, dt.time(16), tzinfo=TZ),
        )
    if yx is not None and not EmergencyPlan.objects.filter(center=yx).exists():
        admin = User.objects.get(username="yx_admin")
        reviewed = {"fire": today - dt.timedelta(days=430), "*": today - dt.timedelta(days=120)}
        _plans(yx, admin, ["fire", "power_cut", "injury"], reviewed)
