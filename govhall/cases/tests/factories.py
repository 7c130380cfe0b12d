"""Case factories: a district with two centres, a lead department and two
parallel departments, items of every approval mode published through the real
catalog workflow, and the staff who handle cases."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from govhall.catalog import services as catalog
from govhall.catalog.tests.factories import guide, superuser
from govhall.core.actors import actor_for_user
from govhall.core.identity import check_digit, credit_code_check_char
from govhall.core.models import CenterLevel, Role, TokenKind
from govhall.core.services import calendar_seed, token_create
from govhall.core.tests import factories as f

from .. import services

_seq = itertools.count(1)
SHANGHAI = ZoneInfo("Asia/Shanghai")

MATERIALS = [
    {"name": "申请人有效身份证件", "form": "original_and_copy", "count": 1},
    {"name": "申请表", "form": "original", "count": 1, "notes": "现场填写并签字"},
    {"name": "经营场所证明", "form": "copy", "count": 1, "notes": "产权证明或租赁合同"},
    {"name": "卫生许可证明", "form": "copy", "count": 1},
    {"name": "其他补充说明", "form": "copy", "count": 1, "required": False},
]
NAME = "张晓明"
PHONE = "13812345678"


def id_number(birth: str = "19850612", area: str = "310117", serial: str = "123") -> str:
    first17 = f"{area}{birth}{serial}"
    return first17 + check_digit(first17)


def credit_code(body: str = "91310117MA1J3QW8") -> str:
    first17 = (body + "0" * 17)[:17]
    return first17 + credit_code_check_char(first17)


def at(y: int, m: int, d: int, hour: int = 10) -> dt.datetime:
    """An aware local time in the centre's time zone."""
    return dt.datetime(y, m, d, hour, tzinfo=SHANGHAI)


def item(department, *centers, mode: str = "promise", days: int = 5, parallel=(), **extra):
    actor = actor_for_user(superuser())
    it = catalog.item_create(
        actor=actor,
        code=f"CS-{next(_seq):04d}",
        department=department,
        domain="market_regulation",
        guide=guide(
            name=extra.pop("name", f"测试事项（{mode}）"),
            approval_mode=mode,
            committed_days=days,
            statutory_days=max(days, 20),
            parallel_departments=[d.code for d in parallel],
            **extra,
        ),
        materials=MATERIALS,
    )
    version = it.versions.get()
    catalog.version_submit(actor=actor, version=version)
    catalog.version_review(actor=actor, version=version, approve=True)
    catalog.version_publish(actor=actor, version=version)
    for center in centers:
        catalog.stationing_set(actor=actor, item=it, center=center)
    it.refresh_from_db()
    return it


def world() -> dict:
    calendar_seed()
    d = f.district()
    center = f.center(d, code="SJ", level=CenterLevel.DISTRICT_COMPREHENSIVE)
    other = f.center(d, code="JJ", level=CenterLevel.TOWN)
    lead, p1, p2 = f.department(d), f.department(d), f.department(d)

    def reviewer(dept, c=center):
        return f.staff(Role.REVIEWER, center_=c, department_=dept)

    w = {
        "center": center,
        "other": other,
        "lead": lead,
        "p1": p1,
        "p2": p2,
        "instant": item(lead, center, other, mode="instant", days=0),
        "promise": item(lead, center, other, mode="promise", days=5),
        "commit": item(lead, center, mode="notify_commit", days=5),
        "parallel": item(lead, center, mode="parallel", days=10, parallel=[p1, p2]),
        "clerk": f.actor(f.staff(Role.CLERK, center_=center)),
        "reviewer_user": reviewer(lead),
        "reviewer2_user": reviewer(lead),
        "p1_user": reviewer(p1),
        "p2_user": reviewer(p2),
        "admin": f.actor(f.staff(Role.CENTER_ADMIN, center_=center)),
        "other_clerk": f.actor(f.staff(Role.CLERK, center_=other)),
        "other_reviewer": f.actor(reviewer(lead, other)),
    }
    w["reviewer"] = f.actor(w["reviewer_user"])
    w["reviewer2"] = f.actor(w["reviewer2_user"])
    w["p1_actor"] = f.actor(w["p1_user"])
    w["p2_actor"] = f.actor(w["p2_user"])
    return w


def tokens(w: dict) -> dict:
    """Staff tokens for the API tests."""
    out = {}
    for key, user in (
        ("clerk", w["clerk"].user),
        ("reviewer", w["reviewer_user"]),
        ("reviewer2", w["reviewer2_user"]),
        ("p1", w["p1_user"]),
        ("p2", w["p2_user"]),
        ("other_clerk", w["other_clerk"].user),
        ("other_reviewer", w["other_reviewer"].user),
        ("admin", w["admin"].user),
    ):
        out[key] = token_create(kind=TokenKind.STAFF, user=user)[1]
    return out


def person(**over) -> dict:
    return {"kind": "person", "name": NAME, "id_number": id_number(), "phone": PHONE, **over}


def company(**over) -> dict:
    return {
        "kind": "company",
        "name": "上海测试餐饮管理有限公司",
        "credit_code": credit_code(),
        "phone": PHONE,
        **over,
    }


def checklist(it, overrides: dict | None = None) -> list[dict]:
    """Every material of the item's published guide, provided unless overridden
    by name: {name: ("missing" | "wrong", note)}."""
    overrides = overrides or {}
    out = []
    for m in it.published_version.materials.all():
        status, note = overrides.get(m.name, ("provided", ""))
        out.append({"material": m.pk, "status": status, "note": note})
    return out


def intake(w: dict, it, *, now=None, overrides=None, actor=None, **kw):
    return services.case_intake(
        actor=actor or w["clerk"],
        center=kw.pop("center", w["center"]),
        item_code=it.code,
        applicant=kw.pop("applicant", person()),
        materials=kw.pop("materials") if "materials" in kw else checklist(it, overrides),
        now=now,
        **kw,
    )
