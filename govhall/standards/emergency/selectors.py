"""emergency: reads. The seven plans of 6.4.4.4 by kind (a missing one shown as
missing), their contacts masked, the drills."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from govhall.core.fields import mask_phone

from .models import Drill, EmergencyPlan, PlanKind


def plans(center) -> list[dict]:
    today = timezone.localdate()
    have = {p.kind: p for p in EmergencyPlan.objects.filter(center=center)}
    last = {}
    for drill in Drill.objects.filter(center=center).order_by("plan", "-held_on"):
        last.setdefault(drill.plan_id, drill)
    rows = []
    for kind, label in PlanKind.choices:
        plan = have.get(kind)
        state = "missing"
        if plan is not None:
            state = "review_due" if plan.next_review < today else "ok"
        rows.append(
            {
                "kind": kind,
                "label": label,
                "plan": plan,
                "state": state,
                "last_drill": last.get(plan.pk) if plan else None,
            }
        )
    return rows


def plan(center, kind: str) -> EmergencyPlan | None:
    return EmergencyPlan.objects.filter(center=center, kind=kind).first()


def masked_contacts(plan: EmergencyPlan) -> list[dict]:
    return [
        {"duty": c.duty, "name": c.name, "phone": mask_phone(c.phone)} for c in plan.contacts.all()
    ]


def drills(plan: EmergencyPlan):
    return plan.drills.prefetch_related("findings__task").select_related("recorded_by")


def waiting(center) -> int:
    """Plans missing or past their review date."""
    return sum(1 for row in plans(center) if row["state"] != "ok")


def drills_since(center, since: dt.date):
    return Drill.objects.filter(center=center, held_on__gte=since)
