"""How well the question answering does on a set of questions with their
expected sources (bench/ask_questions.yaml): shared by the benchmark
(bench/ask_quality.py) and the fast test of a subset."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from govhall.catalog.selectors import items_at_center
from govhall.core.models import Center

from . import services

QUESTIONS = Path(__file__).resolve().parents[3] / "bench" / "ask_questions.yaml"
HIGH = 0.75  # a confidence a citizen would take for sure


def questions(*, fast_only: bool = False) -> list[dict]:
    rows = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    return [r for r in rows if r.get("fast") or not fast_only]


def _label(source: dict) -> tuple[str, str]:
    return (f"{source['kind']}:{source['code']}", f"{source['kind']}:{source['title']}")


@dataclass
class Outcome:
    q: str
    expected: list[str]
    handoff_expected: bool
    got: list[str]  # "kind:code-or-title" labels of the sources, best first
    confidence: float
    handoff: bool
    centre: bool  # answered from the centre's own facts

    def _ok(self, labels: list[str]) -> bool:
        return any(e in labels for e in self.expected)

    @property
    def top1(self) -> bool:
        if self.handoff_expected:
            return self.handoff
        if self.expected == ["centre"]:
            return self.centre and not self.handoff
        return bool(self.got) and self._ok(self.got[:1][0].split("|"))

    @property
    def top3(self) -> bool:
        if self.handoff_expected or self.expected == ["centre"]:
            return self.top1
        return any(self._ok(g.split("|")) for g in self.got[:3])

    @property
    def answered_right(self) -> bool:
        return self.top1 and not self.handoff if not self.handoff_expected else self.handoff

    @property
    def wrong_and_sure(self) -> bool:
        """Answered (not handed over) at high confidence with a wrong source."""
        return not self.handoff and self.confidence >= HIGH and not self.top1


def ask_one(center: Center, row: dict) -> Outcome:
    a = services.ask(center=center, q=row["q"])
    got = [
        "|".join(_label(s))
        for s in (a.sources[:1] + [r for r in a.ranked if r not in a.sources[:1]])
    ]
    return Outcome(
        q=row["q"],
        expected=list(row.get("expect") or []),
        handoff_expected=bool(row.get("handoff")),
        got=got,
        confidence=a.confidence,
        handoff=a.handoff,
        centre=not a.sources and any(i in ("hours", "address") for i in a.intents),
    )


def baseline_one(center: Center, row: dict) -> tuple[bool, bool]:
    """The kiosk's item search given the whole question: top-1 and top-3."""
    codes = [f"item:{i.code}" for i in items_at_center(center, q=row["q"])[:3]]
    expected = row.get("expect") or []
    if row.get("handoff"):
        return (not codes, not codes)
    return (bool(codes) and codes[0] in expected, any(c in expected for c in codes))


def summary(outcomes: list[Outcome]) -> dict:
    n = len(outcomes) or 1
    answerable = [o for o in outcomes if not o.handoff_expected]
    return {
        "questions": len(outcomes),
        "answerable": len(answerable),
        "top1": sum(o.top1 for o in outcomes) / n,
        "top3": sum(o.top3 for o in outcomes) / n,
        "handoff_share": sum(o.handoff for o in outcomes) / n,
        "answered_right": sum(o.answered_right for o in outcomes) / n,
        "wrong_and_sure": sum(o.wrong_and_sure for o in outcomes),
        "unanswerable_handed_over": sum(o.handoff for o in outcomes if o.handoff_expected),
        "unanswerable": len(outcomes) - len(answerable),
    }
