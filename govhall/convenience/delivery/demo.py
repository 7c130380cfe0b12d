"""A month of free deliveries at SC-QZX, made through the real services with
times in the past: cases taken in for post, decided, handed over at the output
window (so the cases event makes each a parcel), the day's manifest compiled
and sent before 16:30, picked up by qzx_courier, delivered the next day; one
returned and collected at the window, one returned and waiting there, one
outside the area collected at the window instead, yesterday's still in transit;
today's manifest compiled and waiting to be sent, one address to fix; last
month's statement from the postal partner reconciled, with one planted
difference (a parcel billed at the wrong amount). Safe to run twice: nothing
is added once SC-QZX has parcels."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from govhall.core.actors import actor_for_user
from govhall.core.identity import check_digit
from govhall.core.models import User
from govhall.core.workdays import WorkingCalendar

from . import reconcile, services
from .models import Parcel

NAMES = [
    "陈建国", "刘芳", "王秀英", "李强", "张丽娟", "杨帆", "赵敏", "黄志明", "周婷", "吴浩",
    "徐静", "孙磊", "马晓燕", "朱军", "胡春梅", "郭涛", "何佳", "高峰", "林小红", "罗文",
]  # fmt: skip
ADDRESSES = [
    "上海市松江区中山中路100弄5号301室",
    "上海市松江区方松街道文诚路358号2幢1101室",
    "上海市闵行区莘庄镇莘松路380号",
    "上海市徐汇区漕溪北路88号12楼",
    "上海市青浦区华新镇华志路123号",
    "浙江省嘉兴市南湖区中山东路1588号",
    "上海市浦东新区张江高科碧波路690号",
    "江苏省苏州市昆山市前进中路219号",
    "上海市松江区九亭镇九新公路58号",
    "浙江省杭州市西湖区文三路90号东部软件园",
    "上海市金山区石化街道卫零路485号",
    "安徽省合肥市蜀山区长江西路669号",
]
OUTSIDE = "北京市朝阳区建国路88号"
UNREADABLE = "新松江路1188弄12号"  # no city or district: the clerk must ask
TRACKING = itertools.count(1)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _working_days(today: dt.date, count: int) -> list[dt.date]:
    cal, days, day = WorkingCalendar(), [], today - dt.timedelta(days=1)
    while len(days) < count:
        if cal.is_working_day(day):
            days.append(day)
        day -= dt.timedelta(days=1)
    return sorted(days)


class _Maker:
    def __init__(self, center):
        from govhall.catalog.models import ServiceItem

        self.center = center
        self.clerk = actor_for_user(User.objects.get(username="qzx_clerk1"))
        self.window = actor_for_user(User.objects.get(username="qzx_clerk2"))  # 发证综合窗口
        self.courier = actor_for_user(User.objects.get(username="qzx_courier"))
        self.admin = actor_for_user(User.objects.get(username="qzx_admin"))
        items = ServiceItem.objects.filter(
            stationings__center=center,
            stationings__active=True,
            published_version__approval_mode="promise",
        ).select_related("published_version", "department")
        self.items = [
            (item, reviewer)
            for item in items
            for reviewer in User.objects.filter(
                memberships__center=center,
                memberships__role="reviewer",
                memberships__department=item.department,
            )[:1]
        ]
        self.n = 0

    def case(self, received: dt.datetime, address: str):
        """A case taken in for post at `received`, decided and posted 5 hours later."""
        from govhall.cases import services as cases

        item, reviewer = self.items[self.n % len(self.items)]
        name = NAMES[self.n % len(NAMES)]
        first17 = f"310117{1960 + self.n % 35}0{1 + self.n % 9}1{self.n % 10}{500 + self.n:03d}"
        self.n += 1
        case = cases.case_intake(
            actor=self.clerk,
            center=self.center,
            item_code=item.code,
            applicant={
                "kind": "person",
                "name": name,
                "id_number": first17 + check_digit(first17),
                "phone": f"1391234{self.n:04d}",
            },
            materials=[
                {"material": m.pk, "status": "provided", "note": ""}
                for m in item.published_version.materials.all()
            ],
            delivery={"method": "post", "address": address},
            now=received,
        )
        cases.case_decide(
            actor=actor_for_user(reviewer),
            case=case,
            decision="approve",
            opinion="材料齐全，符合条件，准予许可",
            now=received + dt.timedelta(hours=3),
        )
        cases.case_deliver(actor=self.window, case=case, now=received + dt.timedelta(hours=5))
        return Parcel.objects.get(case=case)

    def day(self, day: dt.date, *, leave: int = 0) -> None:
        """The day's manifest compiled and sent, its parcels picked up from 16:20
        (but the last `leave`, not found at the hand-over)."""
        manifest = services.manifest_compile(
            actor=self.window, center=self.center, now=_at(day, 15, 30)
        )
        services.manifest_send(actor=self.window, manifest=manifest, now=_at(day, 15, 40))
        parcels = list(manifest.parcels.order_by("number"))
        for i, parcel in enumerate(parcels[: len(parcels) - leave]):
            services.parcel_pick_up(
                actor=self.courier,
                number=parcel.number,
                tracking_number=f"1181{day:%m%d}{next(TRACKING):05d}",
                at=_at(day, 16, 20 + i),
                now=_at(day, 16, 30),
            )


def load(centers: dict) -> None:
    """`centers`: code -> Center of the demo district; safe to run twice."""
    center = centers.get("SC-QZX")
    if center is None or Parcel.objects.filter(center=center).exists():
        return
    make = _Maker(center)
    if not make.items:
        return
    now = timezone.now()
    today = timezone.localdate(now)
    days = _working_days(today, 22)
    cal = WorkingCalendar()
    for index, day in enumerate(days):
        morning = [
            make.case(_at(day, 9, 10 + 20 * k), ADDRESSES[(index * 2 + k) % len(ADDRESSES)])
            for k in range(1 + index % 2)
        ]
        if index == 5:  # outside the area: the window calls the citizen to collect there
            far = make.case(_at(day, 9, 40), OUTSIDE)
            services.parcel_to_window(
                actor=make.window,
                parcel=far,
                reason="寄达地不在免费寄送区域，已电话通知申请人到窗口领取",
                now=_at(day, 15, 0),
            )
        make.day(day, leave=1 if day == days[-1] and len(morning) > 1 else 0)
        if day == days[-1]:
            continue  # yesterday's round: still in transit
        nxt = cal.next_working_day(day + dt.timedelta(days=1))
        for k, parcel in enumerate(morning):
            if (index, k) in ((3, 0), (len(days) - 3, 0)):
                parcel = services.parcel_return(
                    actor=make.courier,
                    number=parcel.number,
                    note="查无此人，电话无人接听" if index == 3 else "收件人拒收",
                    at=_at(nxt, 14, 0),
                    now=_at(nxt, 14, 5),
                )
                if index == 3:
                    services.parcel_collect(
                        actor=make.window,
                        parcel=parcel,
                        note="申请人本人持身份证到窗口领取",
                        now=_at(cal.next_working_day(nxt + dt.timedelta(days=1)), 10, 0),
                    )
                continue
            services.parcel_deliver(
                actor=make.courier,
                number=parcel.number,
                at=_at(nxt, 10 + k, 15),
                note="本人签收" if k == 0 else "家人代签",
                now=_at(nxt, 12, 0),
            )
    # Posted yesterday after the pick-up: on today's manifest, which waits to be sent.
    last = days[-1]
    for k in range(3):
        make.case(_at(last, 11, 45 + 5 * k), ADDRESSES[(k + 3) % len(ADDRESSES)])
    make.case(_at(last, 11, 55), UNREADABLE)
    services.manifest_compile(actor=make.window, center=center, now=now)
    # The citizen phoned to correct the address: taken off the manifest until they do.
    late = make.case(_at(last, 11, 58), ADDRESSES[7])
    services.manifest_compile(actor=make.window, center=center, now=now)
    services.parcel_unlist(actor=make.window, parcel=late)
    _statement(make, today)


def _statement(make: _Maker, today: dt.date) -> None:
    """Last month's statement, as the partner would send it, with one line billed
    at 15.00 instead of the centre's fee: the reconciliation lists it."""
    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    from .selectors import taken_in_month

    taken = list(taken_in_month(make.center, month).order_by("picked_up_at", "number"))
    if not taken:
        return
    rows = ["邮件号,寄件编号,寄达城市,件数,金额（元）"]
    total = 0
    for i, p in enumerate(taken):
        amount = p.fee_fen + (500 if i == len(taken) // 2 else 0)
        total += amount
        rows.append(f"{p.tracking_number},{p.number},{p.city},1,{amount / 100:.2f}")
    rows.append(f"合计,,,{len(taken)},{total / 100:.2f}")
    reconcile.reconciliation_upload(
        actor=make.admin,
        center=make.center,
        month=month,
        filename=f"邮政松川区分公司{month:%Y年%m月}寄递对账单.csv",
        content=("\n".join(rows) + "\n").encode("utf-8"),
        now=_at(today, 8, 30) if timezone.now() > _at(today, 8, 30) else timezone.now(),
    )
