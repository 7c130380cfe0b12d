"""Lost property at SC-QZX in every state (001 6.4.4.2), registered by the
service desk (qzx_reception) and the print room, the write-offs approved by
qzx_admin; dated back from now, each step after the one before."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone

from govhall.core.actors import actor_for_user
from govhall.core.identity import check_digit
from govhall.core.models import User

from . import services
from .models import LostItem


def _png(width=400, height=120, ink=True) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    if ink:
        draw = ImageDraw.Draw(image)
        points = [(20 + i * 12, 60 + (25 if i % 2 else -20)) for i in range(30)]
        draw.line(points, fill=(17, 17, 17, 255), width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _photo() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 360), (226, 232, 240))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((120, 90, 360, 270), radius=24, fill=(30, 64, 120))
    draw.rectangle((210, 60, 270, 95), outline=(30, 64, 120), width=10)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _on(now, days_ago: int, hour: int) -> dt.datetime:
    """A time of the hall's day `days_ago` days before now."""
    day = timezone.localdate(now) - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 5)))


def load(centers: dict) -> None:
    center = centers.get("SC-QZX")
    if center is None or LostItem.objects.filter(center=center).exists():
        return
    desk = actor_for_user(User.objects.get(username="qzx_reception"))
    admin = actor_for_user(User.objects.get(username="qzx_admin"))
    now = timezone.now()
    owner = "31011719880921" + "214"
    owner = owner[:17] + check_digit(owner[:17])

    def reg(days, hours, **kw):
        # Earlier days: at a time of the hall's day (9 o'clock plus `hours`); today: hours ago.
        if days:
            day = timezone.localdate(now) - dt.timedelta(days=days)
            at = timezone.make_aware(dt.datetime.combine(day, dt.time(9 + hours, 15)))
        else:
            at = now - dt.timedelta(hours=hours)
        return services.lost_register(
            actor=desk, center=center, now=at + dt.timedelta(minutes=20), found_at=at, **kw
        )

    # Written off: unclaimed 120 days, approved (handed to the police station).
    old = reg(
        120,
        2,
        category="umbrella",
        description="黑色长柄雨伞",
        found_place="一楼等候区",
        found_by="保洁员",
        storage_place="总服务台B柜",
    )
    services.lost_writeoff_request(actor=desk, item=old, now=_on(now, 25, 10))
    services.lost_writeoff_decide(
        actor=admin,
        item=old,
        approve=True,
        note="捐赠给社区爱心驿站",
        now=_on(now, 24, 15),
    )
    # Waiting for the write-off approval: 100 days.
    wait = reg(
        100,
        3,
        category="clothing",
        description="深灰色男式羽绒背心",
        found_place="二楼3号窗口",
        found_by="窗口工作人员",
        storage_place="总服务台B柜",
    )
    services.lost_writeoff_request(actor=desk, item=wait, now=_on(now, 2, 10))
    # Claimed: an ID card naming its owner; the owner came with their number and signed.
    card = reg(
        3,
        4,
        category="document",
        description="居民身份证一张",
        found_place="一楼自助取号机旁",
        found_by="群众",
        storage_place="总服务台A柜保险格",
        owner_id_number=owner,
    )
    services.lost_claim(
        actor=desk,
        item=card,
        name="陈晓东",
        id_number=owner,
        phone="13912345678",
        signature=_png(),
        now=card.found_at + dt.timedelta(hours=21),
    )
    # Stored: a phone with a photo, keys, a bag.
    reg(
        6,
        1,
        category="phone",
        description="黑色手机一部，蓝色保护壳",
        found_place="二楼等候区座椅",
        found_by="导服人员",
        storage_place="总服务台A柜1层",
        photo=_photo(),
    )
    reg(
        1,
        5,
        category="keys",
        description="钥匙一串（3把，红色挂件）",
        found_place="一楼洗手间门口",
        found_by="保洁员",
        storage_place="总服务台A柜2层",
    )
    reg(
        0,
        3,
        category="bag",
        description="米色帆布手提袋，内有水杯",
        found_place="一楼母婴室",
        found_by="群众",
        storage_place="总服务台B柜",
    )
    # Just registered, not yet put away: left in the print room this morning.
    reg(
        0,
        1,
        category="document",
        description="营业执照复印件一份，透明文件袋",
        found_place="文印室（遗留文件）",
        found_by="黄丽",
    )
