"""Demo enquiries at SC-QZX, made through the services on past working days so
the clocks read as in real use: one of each channel answered on the spot, a
hand-over to a department, two call-backs due (one overdue since yesterday,
one due today), and an online question left by the Q&A waiting to be claimed.
Idempotent: nothing is made when the centre already has enquiries."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from govhall.catalog.models import ServiceItem
from govhall.core.actors import ANONYMOUS, actor_for_user
from govhall.core.models import Department, User
from govhall.core.workdays import WorkingCalendar

from . import services
from .models import Enquiry


def user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def item(center, words: str) -> ServiceItem | None:
    return (
        ServiceItem.objects.filter(
            stationings__center=center,
            stationings__active=True,
            published_version__name__contains=words,
        )
        .order_by("code")
        .first()
    )


def working_days_back(cal: WorkingCalendar, day: dt.date, n: int) -> dt.date:
    while n:
        day -= dt.timedelta(days=1)
        if cal.is_working_day(day):
            n -= 1
    return day


def at(day: dt.date, hhmm: str) -> dt.datetime:
    return dt.datetime.combine(
        day, dt.time.fromisoformat(hhmm), tzinfo=timezone.get_current_timezone()
    )


@transaction.atomic
def load(centers: dict) -> None:
    center = centers.get("SC-QZX")
    reception, clerk, hotline = user("qzx_reception"), user("qzx_clerk2"), user("qzx_hotline")
    if not (center and reception and clerk and hotline):
        return
    if Enquiry.objects.filter(center=center).exists():
        return
    cal = WorkingCalendar()
    now = timezone.now()
    today = timezone.localdate(now)
    last = working_days_back(cal, today, 1)
    before = working_days_back(cal, today, 2)
    desk, window, phone_desk = (actor_for_user(u) for u in (reception, clerk, hotline))
    card, pension = item(center, "社会保障卡"), item(center, "养老保险待遇")

    def make(actor, when, channel, question, **kw):
        return services.enquiry_create(
            actor=actor, center=center, channel=channel, question=question, now=when, **kw
        )

    # Answered on the spot, one per channel.
    make(
        desk,
        at(last, "09:12"),
        "desk",
        "社保卡丢了在哪个窗口补办？要带什么？",
        item=card,
        answer="在社保综合窗口补办，带本人身份证即可，当场制卡约20分钟。",
    )
    make(
        window,
        at(last, "10:40"),
        "window",
        "营业执照经营范围变更能不能网上办？",
        answer="可以在“一网通办”提交变更登记，也可以在市场监管窗口现场办理。",
    )
    make(
        phone_desk,
        at(last, "14:05"),
        "phone",
        "中心周六上午开不开门？",
        phone="13805716688",
        answer="周六上午9:00-12:00开放，部分综合窗口办理。",
    )
    make(
        phone_desk,
        at(last, "15:30"),
        "hotline",
        "12345 转来：公积金提取到账要几天？",
        answer="审核通过后3个工作日内到账。",
    )
    # Overdue: promised yesterday's call-back is past.
    make(
        desk,
        at(before, "15:20"),
        "desk",
        "父亲退休后城乡居民养老金怎么领取，能否代办？",
        phone="13957123456",
        item=pension,
    )
    # Due today, handed to the department that knows (the first responder stays responsible).
    pending = make(
        window,
        now - dt.timedelta(hours=1),
        "window",
        "外地的不动产能不能在这里办抵押注销？",
        phone="13706544321",
    )
    land = Department.objects.filter(district=center.district_id, name__contains="不动产").first()
    if land is not None:
        services.enquiry_hand_over(
            actor=window,
            enquiry=pending,
            to_department=land,
            note="请不动产窗口核实异地业务范围",
            now=now - dt.timedelta(minutes=45),
        )
    # The Q&A could not answer and handed over; it waits for someone to claim it.
    make(
        ANONYMOUS,
        now - dt.timedelta(minutes=40),
        "online",
        "残疾人两项补贴申请后多久能发放？",
        phone="13588889999",
        origin="ask",
    )
