"""Assist factories: the cases world (a centre, items, clerks, an admin), with an
assist team: an assistant with every skill but languages, a sign-language
volunteer and an English-speaking volunteer; and a signature PNG."""

from __future__ import annotations

import base64
import io

from PIL import Image, ImageDraw

from govhall.cases.tests import factories as cf
from govhall.core.actors import actor_for_user
from govhall.core.models import Role
from govhall.core.tests import factories as f

from .. import services
from ..models import MemberKind, Skill


def signature(blank: bool = False) -> str:
    """A data URL as the pad sends it: a dark scribble on a transparent ground."""
    image = Image.new("RGBA", (400, 150), (0, 0, 0, 0))
    if not blank:
        draw = ImageDraw.Draw(image)
        draw.line([(20, 100), (90, 30), (150, 110), (230, 40), (330, 100)], fill="#111", width=4)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def world() -> dict:
    w = cf.world()
    center = w["center"]
    assistant = f.staff(Role.ASSISTANT, center_=center)
    assistant.first_name, assistant.last_name = "洋", "刘"
    assistant.save()
    reception = f.staff(Role.RECEPTION, center_=center)
    w["assistant"] = actor_for_user(assistant)
    w["reception"] = actor_for_user(reception)
    w["dept_lead"] = actor_for_user(f.staff(Role.DEPT_LEAD, center_=center, department_=w["lead"]))
    w["other_assistant"] = actor_for_user(f.staff(Role.ASSISTANT, center_=w["other"]))
    admin = w["admin"]
    w["m_assistant"] = services.member_save(
        actor=admin,
        center=center,
        kind=MemberKind.ASSISTANT,
        user=assistant,
        skills=[Skill.BANGBAN, Skill.DAIBAN, Skill.PEIBAN, Skill.HOME_VISIT],
    )
    w["m_sign"] = services.member_save(
        actor=admin,
        center=center,
        kind=MemberKind.VOLUNTEER,
        name="王芳",
        skills=[Skill.SIGN_LANGUAGE, Skill.PEIBAN, Skill.DIALECT],
        dialects="松江话、上海话",
    )
    w["m_english"] = services.member_save(
        actor=admin,
        center=center,
        kind=MemberKind.VOLUNTEER,
        name="陈志远",
        skills=[Skill.FOREIGN_LANGUAGE, Skill.BANGBAN],
        languages="英语",
    )
    return w


def elderly_id() -> str:
    return cf.id_number(birth="19500301", serial="321")


def daiban(w, **kw):
    return services.request_create(
        actor=w["reception"],
        center=w["center"],
        kind="daiban",
        id_number=kw.pop("id_number", elderly_id()),
        phone=kw.pop("phone", cf.PHONE),
        item_code=kw.pop("item_code", w["promise"].code),
        name=kw.pop("name", "李秀英"),
        **kw,
    )
