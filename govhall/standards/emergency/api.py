"""emergency: the seven plans of 6.4.4.4 over the API, contacts masked (thin)."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from govhall.core.auth import Needs

from ..upkeep.api import READ, center_for
from . import selectors

router = Router(tags=["standards"])


class ContactOut(Schema):
    duty: str
    name: str
    phone: str  # masked


class PlanOut(Schema):
    kind: str
    label: str
    state: str  # ok, review_due, missing
    title: str | None
    version: str | None
    reviewed_on: dt.date | None
    next_review: dt.date | None
    steps: list[str]
    contacts: list[ContactOut]
    last_drill: dt.date | None


@router.get(
    "/centers/{center}/emergency-plans",
    response=list[PlanOut],
    auth=Needs(*READ),
    summary="应急预案（七类，联系电话脱敏）",
)
def plans(request, center: str):
    found = center_for(request, center, *READ)
    out = []
    for row in selectors.plans(found):
        plan = row["plan"]
        out.append(
            {
                "kind": row["kind"],
                "label": str(row["label"]),
                "state": row["state"],
                "title": plan.title if plan else None,
                "version": plan.version if plan else None,
                "reviewed_on": plan.reviewed_on if plan else None,
                "next_review": plan.next_review if plan else None,
                "steps": plan.step_lines if plan else [],
                "contacts": selectors.masked_contacts(plan) if plan else [],
                "last_drill": row["last_drill"].held_on if row["last_drill"] else None,
            }
        )
    return out
