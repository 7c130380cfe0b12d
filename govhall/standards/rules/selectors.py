"""rules: which of 表18's rules the centre has, in force and up to date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from govhall.core.center_settings import center_setting
from govhall.core.models import Center

from ..audit.models import Requirement
from .models import RuleDocument

CURRENT, DUE, MISSING = "current", "due", "missing"


@dataclass
class RuleState:
    key: str
    title: str
    ref: str
    category: str
    applies: str  # √ ○ – at the centre's level
    status: str  # current, due (older than the review period), missing
    document: RuleDocument | None
    history: list
    review_by: dt.date | None


def required_rules() -> list[Requirement]:
    return list(Requirement.objects.filter(function="rule").order_by("order"))


def review_days(center: Center) -> int:
    return center_setting(center, "standards.rules_review_days")


def rule_states(center: Center, today: dt.date | None = None) -> list[RuleState]:
    """Every rule of 表18 with the centre's newest document of it."""
    today = today or timezone.localdate()
    days = review_days(center)
    docs: dict[str, list[RuleDocument]] = {}
    for doc in RuleDocument.objects.filter(center=center).select_related("uploaded_by"):
        docs.setdefault(doc.key, []).append(doc)  # newest first (Meta.ordering)
    states = []
    for req in required_rules():
        key = req.params.get("key", "")
        history = docs.get(key, [])
        current = history[0] if history else None
        review_by = current.issued_on + dt.timedelta(days=days) if current else None
        if current is None:
            status = MISSING
        elif review_by < today:
            status = DUE
        else:
            status = CURRENT
        states.append(
            RuleState(
                key=key,
                title=req.text,
                ref=req.ref,
                category=req.params.get("category", ""),
                applies=req.applies(center.level),
                status=status,
                document=current,
                history=history,
                review_by=review_by,
            )
        )
    return states


def rule_keys() -> set[str]:
    return {r.params.get("key", "") for r in required_rules()}


def document_for(center: Center, pk: int) -> RuleDocument | None:
    return RuleDocument.objects.filter(center=center, pk=pk).first()
