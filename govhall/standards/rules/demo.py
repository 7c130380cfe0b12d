"""Demo rules documents (表18): SC-QZX has them all but one, and one is past its
review; SC-YX misses several of the town's mandatory rules. Idempotent: a
version already uploaded is not uploaded again."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from govhall.core.actors import actor_for_user
from govhall.core.models import User

from ..demo_files import pdf
from . import selectors, services
from .models import RuleDocument

# centre -> (admin, rule keys left out, {key: days since issued} for older ones)
PLAN = {
    "SC-QZX": ("qzx_admin", {"publicity_work"}, {"it_management": 520}),
    "SC-YX": (
        "yx_admin",
        {
            "window_staff_performance",
            "elderly_service",
            "self_service_area",
            "archive_emergency_plan",
            "publicity_work",
            "dept_admission",
            "item_admission",
            "assist_service",
            "convenience_service",
            "publicity",
            "complaints_evaluation",
            "it_management",
            "knowledge_base",
        },
        {"leave": 400},
    ),
}


def load(centers: dict) -> None:
    today = timezone.localdate()
    for code, (admin_name, left_out, older) in PLAN.items():
        center, admin = centers.get(code), User.objects.filter(username=admin_name).first()
        if center is None or admin is None:
            continue
        actor = actor_for_user(admin)
        for n, state in enumerate(selectors.rule_states(center)):
            if state.key in left_out or state.applies == "–":
                continue
            issued = today - dt.timedelta(days=older.get(state.key, 60 + 7 * n))
            version = f"{issued.year}版"
            if RuleDocument.objects.filter(center=center, key=state.key).exists():
                continue
            body = [
                f"{center.name}",
                f"第一条 为规范中心{state.category}工作，依据《松江区政务服务中心建设和运行规范》6.3及表18，制定本制度。",
                "第二条 本制度适用于中心全体工作人员及进驻部门派驻人员。",
                f"第三条 本制度自{issued.year}年{issued.month}月{issued.day}日起施行。",
            ]
            services.rule_upload(
                actor=actor,
                center=center,
                key=state.key,
                version=version,
                issued_on=issued,
                file=pdf(f"{state.key}.pdf", state.title, body),
                note="",
            )
