"""The assist app's demo data (called by govhall.demo.loader; safe to run twice).

SC-QZX's 帮办代办服务队 (qzx_assistant and three volunteers), the departments' coordinators (A.1.5), and the morning's requests
in every state, made through the services so events, audit, the cases' intake
and the papers hold as in real use: a 代办 under way with its hand-over, the
signed entrustment and the case; one waiting for materials with the case's
one-time notice; an escort with the passport fee paid at the bank window."""

from __future__ import annotations

import base64
import datetime as dt
import io
import random

from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from govhall.catalog.models import ServiceItem
from govhall.core.actors import actor_for_user
from govhall.core.identity import check_digit
from govhall.core.models import Department, User

from . import services
from .models import AssistRequest, Coordinator, MemberKind, Skill, TeamMember


def signature(seed: int) -> str:
    """A hand-drawn-looking scribble as the pad would send it."""
    rnd = random.Random(seed)
    image = Image.new("RGBA", (420, 160), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    x = 30
    for _stroke in range(3):
        points = []
        for _i in range(7):
            points.append((x, rnd.randint(40, 120)))
            x += rnd.randint(10, 18)
        draw.line(points, fill="#1a1a1a", width=4, joint="curve")
        x += 25
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def _id(birth: str, serial: str) -> str:
    first17 = f"310117{birth}{serial}"
    return first17 + check_digit(first17)


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _team(center, admin) -> None:
    if TeamMember.objects.filter(center=center).exists():
        return
    for username, kind, skills, dialects in [
        (
            "qzx_assistant",
            MemberKind.ASSISTANT,
            [Skill.BANGBAN, Skill.DAIBAN, Skill.PEIBAN, Skill.SIGN_LANGUAGE, Skill.HOME_VISIT],
            "",
        ),
    ]:
        user = _user(username)
        if user:
            services.member_save(
                actor=admin, center=center, kind=kind, user=user, skills=skills, dialects=dialects
            )
    volunteers = [
        (
            "王芳",
            [Skill.PEIBAN, Skill.SIGN_LANGUAGE, Skill.DIALECT],
            "",
            "上海话、松江话",
            "周二、周四上午",
        ),
        ("陈志远", [Skill.BANGBAN, Skill.FOREIGN_LANGUAGE], "英语、日语", "", "大学生志愿者"),
        ("周建国", [Skill.PEIBAN, Skill.BANGBAN], "", "", "退休教师，每周一、三、五"),
    ]
    for name, skills, languages, dialects, note in volunteers:
        services.member_save(
            actor=admin,
            center=center,
            kind=MemberKind.VOLUNTEER,
            name=name,
            skills=skills,
            languages=languages,
            dialects=dialects,
            note=note,
        )


def _coordinators(center, admin) -> None:
    for dept_code, username in [("RSJ", "lead_rsj"), ("SCJ", "review_scj"), ("CRJ", "review_crj")]:
        department = Department.objects.filter(code=dept_code).first()
        user = _user(username)
        if (
            department
            and user
            and not Coordinator.objects.filter(center=center, department=department).exists()
        ):
            services.coordinator_name(actor=admin, center=center, department=department, user=user)


def _items(center):
    return list(
        ServiceItem.objects.filter(
            stationings__center=center, stationings__active=True, published_version__isnull=False
        )
        .select_related("published_version", "department")
        .distinct()
        .order_by("code")
    )


def _pick(items, *, domain=None, mode=None):
    for item in items:
        if (domain is None or item.domain == domain) and (
            mode is None or item.published_version.approval_mode == mode
        ):
            return item
    return items[0] if items else None


def _all_provided(item, missing=()):
    return [
        {
            "material": m.pk,
            "status": "missing" if m.name in missing else "provided",
            "note": "",
        }
        for m in item.published_version.materials.all()
    ]


@transaction.atomic
def load(centers: dict) -> None:
    """`centers`: code -> Center of the demo district."""
    center = centers.get("SC-QZX")
    admin_user, desk_user = _user("qzx_admin"), _user("qzx_reception")
    assistant_user, clerk_user = _user("qzx_assistant"), _user("qzx_clerk2")
    if not (center and admin_user and desk_user and assistant_user and clerk_user):
        return
    admin, desk = actor_for_user(admin_user), actor_for_user(desk_user)
    assistant, clerk = actor_for_user(assistant_user), actor_for_user(clerk_user)
    _team(center, admin)
    _coordinators(center, admin)
    if AssistRequest.objects.filter(center=center).exclude(kind="home_visit").exists():
        return
    items = _items(center)
    if not items:
        return
    promise = [i for i in items if i.published_version.approval_mode == "promise"]
    now = timezone.now()

    def at(minutes: int) -> dt.datetime:
        return now - dt.timedelta(minutes=minutes)

    def make(minutes, actor=desk, **kw):
        return services.request_create(actor=actor, center=center, now=at(minutes), **kw)

    # Done: an elderly man walked through at the 一网通办 self-service zone (000 第五条).
    r = make(
        170, kind="bangban", id_number=_id("19480512", "031"), note="不会用手机办理，需一对一帮办"
    )
    services.request_start(actor=assistant, request=r, now=at(165))
    services.request_finish(
        actor=assistant,
        request=r,
        outcome="在自助服务区帮助完成社保卡挂失补办线上申请",
        now=at(140),
    )
    # Done: English help for a foreign resident, by the student volunteer.
    r = make(
        150,
        kind="foreign_language",
        language="英语",
        item_code=_pick(items, domain="exit_entry").code,
    )
    services.request_start(actor=assistant, request=r, now=at(148))
    services.request_finish(
        actor=assistant, request=r, outcome="翻译协助填写申请表并陪同至出入境窗口", now=at(120)
    )
    # Cancelled: the person left before being served.
    r = make(130, kind="written", note="听力障碍，需书面沟通")
    services.request_cancel(
        actor=desk, request=r, reason="服务对象家属到场陪同，无需书面沟通", now=at(125)
    )
    # In service: escort of an elderly woman, the passport fee paid at the bank window.
    exit_item = _pick(items, domain="exit_entry")
    r = make(
        60,
        kind="peiban",
        id_number=_id("19520918", "042"),
        item_code=exit_item.code,
        phone="13900021001",
    )
    services.request_start(actor=assistant, request=r, now=at(58))
    services.payment_record(
        actor=assistant,
        request=r,
        amount="120.00",
        purpose="普通护照工本费",
        receipt_number="NSYH-0032761",
        signature=signature(1),
        now=at(40),
    )
    # In service: the local dialect, by the volunteer 王芳 (recorded by the assistant).
    r = make(35, kind="dialect", language="松江话", id_number=_id("19460221", "053"))
    services.request_start(actor=assistant, request=r, now=at(33))
    # Assigned, waiting: sign language, from the window.
    make(12, actor=clerk, kind="sign_language", note="聋哑人士，办理残疾人证换领")
    # Requested, nobody on the team speaks it: the admin must find someone.
    make(8, kind="foreign_language", language="俄语", note="俄罗斯籍，咨询居留许可")

    # 代办 under way: materials complete, handed over, the entrustment signed, the case in.
    item = promise[0] if promise else items[0]
    r = make(
        110,
        kind="daiban",
        id_number=_id("19450706", "064"),
        phone="13900021002",
        name="沈桂英",
        item_code=item.code,
        note="行动不便，委托代办",
    )
    services.daiban_check(actor=assistant, request=r, materials=_all_provided(item), now=at(100))
    services.daiban_entrust(actor=assistant, request=r, signature=signature(2), now=at(95))
    services.daiban_submit(actor=assistant, request=r, now=at(80))
    # 代办 waiting for materials: the case's one-time notice was issued.
    item2 = promise[1] if len(promise) > 1 else item
    required = [m.name for m in item2.published_version.materials.all() if m.required]
    r = make(
        75,
        kind="daiban",
        id_number=_id("19500314", "075"),
        phone="13900021003",
        name="顾德明",
        item_code=item2.code,
    )
    services.daiban_check(
        actor=assistant,
        request=r,
        materials=_all_provided(item2, missing=required[-1:]),
        now=at(70),
    )
    # 代办 checked, the hand-over next; and one entrusted, about to be taken in.
    item3 = promise[2] if len(promise) > 2 else item
    r = make(
        25,
        kind="daiban",
        id_number=_id("19570830", "086"),
        phone="13900021004",
        name="陆美华",
        item_code=item3.code,
    )
    services.daiban_check(actor=assistant, request=r, materials=_all_provided(item3), now=at(20))
    r = make(
        50,
        kind="daiban",
        id_number=_id("19490102", "097"),
        phone="13900021005",
        name="钱永康",
        item_code=item3.code,
    )
    services.daiban_check(actor=assistant, request=r, materials=_all_provided(item3), now=at(45))
    services.daiban_entrust(actor=assistant, request=r, signature=signature(3), now=at(42))
