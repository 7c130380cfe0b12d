"""audit: the centre's compliance computed at any moment, scored by section and
by level (mandatory rows weigh in the score; optional rows are reported apart)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils import timezone

from govhall.core.actors import Actor
from govhall.core.errors import NotFound
from govhall.core.models import Center

from . import checks
from .checks import MET, NOT_APPLICABLE, NOT_MET, UNCHECKED
from .models import Applies, AuditRun, CheckKind, Evidence, Requirement

STATUSES = (MET, NOT_MET, UNCHECKED, NOT_APPLICABLE)


@dataclass
class Item:
    requirement: Requirement
    applies: str  # √ ○ –
    status: str
    found: str  # what the check saw, in words
    evidence: Evidence | None = None

    @property
    def gap(self) -> bool:
        return self.applies == Applies.MANDATORY and self.status in (NOT_MET, UNCHECKED)


@dataclass
class Tally:
    met: int = 0
    not_met: int = 0
    unchecked: int = 0
    not_applicable: int = 0

    def add(self, status: str) -> None:
        setattr(self, status, getattr(self, status) + 1)

    @property
    def counted(self) -> int:
        return self.met + self.not_met + self.unchecked

    @property
    def score(self) -> Decimal | None:
        if not self.counted:
            return None
        return (Decimal(100) * self.met / self.counted).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def as_dict(self) -> dict:
        return {s: getattr(self, s) for s in STATUSES}


@dataclass
class Section:
    name: str
    mandatory: Tally = field(default_factory=Tally)
    optional: Tally = field(default_factory=Tally)
    items: list = field(default_factory=list)


@dataclass
class Compliance:
    center: Center
    level: str
    checked_at: dt.datetime
    items: list[Item]
    sections: list[Section]
    mandatory: Tally
    optional: Tally

    @property
    def score(self) -> Decimal:
        return self.mandatory.score if self.mandatory.score is not None else Decimal(100)

    @property
    def gaps(self) -> list[Item]:
        return [i for i in self.items if i.gap]


def requirements() -> QuerySet[Requirement]:
    return Requirement.objects.order_by("order")


def evaluate(facts: checks.Facts, req: Requirement) -> Item:
    applies = req.applies(facts.center.level)
    if applies == Applies.NONE:
        return Item(req, applies, NOT_APPLICABLE, "")
    if req.check_kind == CheckKind.EVIDENCE:
        status, found, evidence = checks.evidence_status(facts, req.pk)
        return Item(req, applies, status, found, evidence)
    status, found = checks.FUNCTIONS[req.function](facts, req.params or {})
    supporting = (facts.evidence.get(req.pk) or [None])[0]
    return Item(req, applies, status, found, supporting)


def compliance(center: Center, now: dt.datetime | None = None) -> Compliance:
    now = now or timezone.now()
    facts = checks.facts_for(center, now)
    items = [evaluate(facts, req) for req in requirements()]
    sections: dict[str, Section] = {}
    mandatory, optional = Tally(), Tally()
    for item in items:
        section = sections.setdefault(item.requirement.section, Section(item.requirement.section))
        section.items.append(item)
        if item.applies == Applies.MANDATORY:
            section.mandatory.add(item.status)
            mandatory.add(item.status)
        elif item.applies == Applies.OPTIONAL:
            section.optional.add(item.status)
            optional.add(item.status)
    return Compliance(
        center=center,
        level=center.level,
        checked_at=now,
        items=items,
        sections=list(sections.values()),
        mandatory=mandatory,
        optional=optional,
    )


def item_dict(item: Item) -> dict:
    """One row as API.md has it: ref, requirement, status, evidence?"""
    row = {
        "ref": item.requirement.ref,
        "requirement": item.requirement.text,
        "status": item.status,
        "applies": item.applies,
        "section": item.requirement.section,
        "found": item.found,
    }
    if item.evidence is not None:
        ev = item.evidence
        row["evidence"] = {
            "id": ev.pk,
            "content_type": ev.content_type,
            "uploaded_at": ev.uploaded_at.isoformat(),
            "confirmed": ev.confirmed_at is not None,
            "confirmed_at": ev.confirmed_at.isoformat() if ev.confirmed_at else None,
        }
    return row


def district_centers(actor: Actor, district) -> list[Center]:
    return [
        c
        for c in Center.objects.filter(district=district).order_by("code")
        if actor.can(c, "standards.review")
    ]


def last_run(center: Center) -> AuditRun | None:
    return AuditRun.objects.filter(center=center).first()


def runs(center: Center, limit: int = 10) -> list[AuditRun]:
    return list(AuditRun.objects.filter(center=center).select_related("run_by")[:limit])


def evidence_for(center: Center, pk: int) -> Evidence:
    found = Evidence.objects.filter(center=center, pk=pk).select_related("requirement").first()
    if found is None:
        raise NotFound("evidence")
    return found


def requirement(ref: str) -> Requirement | None:
    return Requirement.objects.filter(ref=ref[:40]).first()
