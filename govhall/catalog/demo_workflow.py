"""The guide workflow in the demo: changes the departments asked for, so the
pages have something on them (004 第二条). Through the services, as the demo
users: a change of the 区市场监管局 waits for the centre's review, and one of
the 区人社局 came back from the centre with a note. Idempotent: an item that
already has a second version is left alone."""

from __future__ import annotations

from govhall.core.actors import actor_for_user
from govhall.core.models import User

from . import services
from .models import ServiceItem

CHANGES = [
    {
        "item": "SCJ-0003",
        "by": "review_scj",
        "changes": {
            "process": [
                "申请",
                "受理",
                "审查（材料齐全、符合法定形式的当场核准）",
                "核准变更",
                "换发营业执照",
            ],
            "change_summary": "落实电子营业执照应用，已领取电子营业执照的免交纸质执照；"
            "增加委托办理所需材料；明确当场核准情形",
        },
        "materials": {
            "营业执照正、副本": {
                "required": False,
                "notes": "换发时交回；已领取电子营业执照的，可不提交纸质执照",
            },
        },
        "add": [
            {
                "name": "委托代理人身份证件及授权委托书",
                "form": "original",
                "count": 1,
                "required": False,
                "notes": "委托他人办理的提交",
            }
        ],
        "review": None,  # waits for the centre
    },
    {
        "item": "RSJ-0003",
        "by": "review_rsj",
        "changes": {
            "committed_days": 2,
            "change_summary": "承诺办结时限由 3 个工作日压缩为 2 个工作日",
        },
        "materials": {},
        "add": [],
        "review": (
            "qzx_admin",
            "承诺时限压缩为 2 个工作日后，请同步调整办理流程中“资格审核”“待遇核定”两步的说明，"
            "并补充委托他人办理时所需的材料。",
        ),
    },
]


def _lines(version, spec) -> list[dict]:
    lines = []
    for m in version.materials.order_by("position"):
        line = {k: getattr(m, k) for k in ("name", "form", "count", "required", "notes")}
        line.update(spec["materials"].get(m.name, {}))
        lines.append(line)
    return lines + spec["add"]


def load() -> int:
    """The demo's open guide changes; returns how many were made now."""
    made = 0
    for spec in CHANGES:
        item = ServiceItem.objects.filter(code=spec["item"]).first()
        author = User.objects.filter(username=spec["by"]).first()
        if item is None or author is None or item.versions.count() > 1:
            continue
        actor = actor_for_user(author)
        draft = services.version_new_draft(actor=actor, item=item)
        services.version_update(actor=actor, version=draft, changes=spec["changes"])
        services.version_set_materials(actor=actor, version=draft, materials=_lines(draft, spec))
        services.version_submit(actor=actor, version=draft)
        if spec["review"]:
            reviewer, note = spec["review"]
            admin = actor_for_user(User.objects.get(username=reviewer))
            services.version_review(actor=admin, version=draft, approve=False, note=note)
        made += 1
    return made
