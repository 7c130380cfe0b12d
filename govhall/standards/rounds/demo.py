"""Demo rounds: this week's schedule at the district centre, one round walked
(by the duty manager, findings with a photo, closed: its findings are tasks) and
one planned for this afternoon (the duty manager's, to walk on the tablet); a
planned round at the town centre. Safe to run twice: a centre
with rounds this week is left as it is."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from govhall.core.actors import actor_for_user
from govhall.core.models import User

from . import checklist, services
from .models import Round
from .selectors import monday_of

TZ = ZoneInfo("Asia/Shanghai")
FINDINGS = {
    "D14": ("综合窗口3桌面放有饮料瓶，椅背挂外套", "qzx_clerk3"),
    "E3": ("总服务台老花镜仅剩1副，创可贴已用完", "qzx_reception"),
}


def photo_png(label: str = "") -> bytes:
    """A small PNG standing in for the tablet's photo (a desk with a bottle)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 240), (222, 226, 232))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 150, 300, 200), fill=(150, 110, 70))  # the desk
    draw.rectangle((60, 90, 90, 150), fill=(60, 150, 200))  # a bottle
    draw.rectangle((200, 110, 270, 150), fill=(40, 40, 40))  # a screen
    draw.ellipse((140, 40, 180, 80), outline=(180, 30, 30), width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


def _walked(center, admin, walker, today) -> None:
    now = timezone.localtime()
    if today.weekday() == 0:  # Monday: this morning, just now
        day, start = today, now - dt.timedelta(minutes=50)
    else:
        day = today - dt.timedelta(days=1)
        start = _at(day, 9, 30)
    r = services.round_plan(
        actor=actor_for_user(admin),
        center=center,
        planned_on=day,
        slot="morning" if start.hour < 12 else "afternoon",
        walker=walker,
        area="一楼大厅、窗口服务区、等候区",
        now=start - dt.timedelta(minutes=30),
    )
    actor = actor_for_user(walker)
    for n, code in enumerate(checklist.codes()):
        at = start + dt.timedelta(minutes=n)
        finding = FINDINGS.get(code)
        if finding is None:
            services.round_check(actor=actor, round=r, item=code, ok=True, now=at)
            continue
        note, owner = finding
        photo = SimpleUploadedFile("photo.png", photo_png(), content_type="image/png")
        services.round_check(
            actor=actor,
            round=r,
            item=code,
            ok=False,
            note=note,
            photo=photo,
            owner=User.objects.get(username=owner),
            due=day + dt.timedelta(days=3),
            now=at,
        )
    services.round_close(
        actor=actor,
        round=r,
        summary="整体秩序良好，发现2处问题已现场告知并限期整改",
        now=start + dt.timedelta(minutes=len(checklist.codes()) + 5),
    )


def _planned(center, admin, walker, today, slot="afternoon") -> None:
    """This afternoon's round, still to walk: the demo's visitor walks it (the
    next day's when this afternoon is the walked one's, a Monday afternoon load)."""
    day = today
    if Round.objects.filter(center=center, planned_on=day, slot=slot, walker=walker).exists():
        day = today + dt.timedelta(days=1)
    services.round_plan(
        actor=actor_for_user(admin),
        center=center,
        planned_on=day,
        slot=slot,
        walker=walker,
        area="二楼窗口、帮办代办区",
        now=timezone.now(),
    )


def load(centers: dict) -> None:
    today = timezone.localdate()
    monday = monday_of(today)
    qzx, yx = centers.get("SC-QZX"), centers.get("SC-YX")
    week = (monday, monday + dt.timedelta(days=6))
    if qzx is not None and not Round.objects.filter(center=qzx, planned_on__range=week).exists():
        admin = User.objects.get(username="qzx_admin")
        duty = User.objects.get(username="qzx_duty")
        _walked(qzx, admin, duty, today)
        _planned(qzx, admin, duty, today)
    if yx is not None and not Round.objects.filter(center=yx, planned_on__range=week).exists():
        admin = User.objects.get(username="yx_admin")
        _planned(yx, admin, admin, today)
