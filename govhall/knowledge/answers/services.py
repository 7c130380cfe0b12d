"""answers: answering a question. A read: nothing is written."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govhall.catalog import search
from govhall.catalog.models import Stationing
from govhall.core.errors import NotFound, ValidationFailed
from govhall.core.models import Center

from . import compose, engine, selectors

MAX_QUESTION = 200
# The sources named beside an answer: the best and the near ones.
SOURCES = 3
NEAR = 0.8


@dataclass
class Answer:
    answer: str
    sources: list[dict] = field(default_factory=list)
    confidence: float = 0.0
    handoff: bool = True
    intents: list[str] = field(default_factory=list)
    handoff_url: str = ""
    # The ranked documents behind it, best first (for the benchmark, not the API).
    ranked: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "answer": self.answer,
            "sources": self.sources,
            "confidence": self.confidence,
            "handoff": self.handoff,
            "intents": self.intents,
            "handoff_url": self.handoff_url,
        }


def clean_question(q: str | None) -> str:
    text = unicodedata.normalize("NFKC", q or "").strip()
    if len(text) > MAX_QUESTION:
        raise ValidationFailed(
            gettext_lazy("问题太长，请控制在 200 字以内"),
            code="question_too_long",
            fields={"q": gettext_lazy("不能超过 200 个字符")},
        )
    if not search.normalise(text):
        raise ValidationFailed(
            gettext_lazy("请输入您要咨询的问题"),
            code="question_empty",
            fields={"q": gettext_lazy("必填")},
        )
    return text


def chat_url(center: Center, question: str) -> str:
    """The citizen chat with a person (knowledge:chat_start), the question carried over."""
    try:
        base = reverse("knowledge:chat_start", args=[center.code])
    except NoReverseMatch:  # the chat feature not installed: the centre's own page
        base = f"/knowledge/{center.code}/chat/"
    return f"{base}?{urlencode({'q': question})}"


def _source(center: Center, d: engine.Doc) -> dict:
    url = compose.item_url(d.code) if d.kind == "item" else compose.article_url(center, d.code)
    return {"kind": d.kind, "code": d.code, "title": d.title, "url": url}


def _context_item(center: Center, code: str) -> str:
    if not code:
        return ""
    if not Stationing.objects.filter(
        center=center, active=True, item__code=code, item__published_version__isnull=False
    ).exists():
        raise NotFound(
            gettext_lazy("事项不存在或未在本中心办理"), code="item_not_found", fields={"item": code}
        )
    return code


def ask(*, center: Center, q: str | None, item: str = "") -> Answer:
    """Answer a citizen's question at `center` from its published guides and
    articles; `item`: the guide the question was asked on (its box)."""
    question = clean_question(q)
    context = _context_item(center, (item or "").strip()[:40])
    intents = engine.intents(question)
    docs = selectors.documents(center)
    hits = engine.rank(question, docs)
    sure = engine.confidence(hits)
    handoff_url = chat_url(center, question)
    if context and (not hits or sure < engine.HANDOFF_BELOW or hits[0].doc.code == context):
        # On a guide page, "多久能办好" is about that guide.
        doc = next(d for d in docs if d.kind == "item" and d.code == context)
        hits = [engine.Hit(doc, 1.0), *[h for h in hits if h.doc.code != context]]
        sure = max(sure, 0.9 if intents or not engine.terms(question) else 0.75)
    if not hits and any(i in engine.CENTRE_INTENTS for i in intents):
        return Answer(compose.centre_facts(center, intents), [], 0.9, False, intents, handoff_url)
    if not hits or sure < engine.HANDOFF_BELOW:
        answer = _handoff_text(center, hits, intents)
        sources = [_source(center, h.doc) for h in hits[:SOURCES] if h.score >= 0.35]
        ranked = [_source(center, h.doc) for h in hits[:SOURCES]]
        return Answer(answer, sources, sure, True, intents, handoff_url, ranked)
    top = hits[0].doc
    # The sources are what the answer stands on: the best document and those
    # that say the same (an article about the item, the item of the article).
    sources = [_source(center, top)]
    for h in hits[1:]:
        if len(sources) >= SOURCES:
            break
        if engine.same_answer(top, h.doc) and h.score >= hits[0].score * NEAR:
            sources.append(_source(center, h.doc))
    if top.kind == "article":
        text = compose.article_answer(top.payload.get("answer", ""))
        item_intents = [i for i in intents if i not in engine.CENTRE_INTENTS]
        if item_intents and top.items:
            text = compose.item_answer(top.items[0], item_intents, center)
        else:
            text += compose.centre_facts(center, intents)
    else:
        text = compose.item_answer(top.code, intents, center)
    ranked = [_source(center, h.doc) for h in hits[:SOURCES]]
    return Answer(text, sources, sure, False, intents, handoff_url, ranked)


def _handoff_text(center: Center, hits, intents) -> str:
    if not hits and intents:
        return _("请告诉我您要办理哪项业务，例如：“社保卡补办要带什么”。也可以转人工咨询。")
    guess = "、".join(f"「{h.doc.title}」" for h in hits[:3] if h.score >= 0.35)
    text = _("这个问题我还不能确定地回答，您可以转人工咨询，或留下电话等工作人员回电。")
    if guess:
        text += _("您可能想了解：%(items)s。") % {"items": guess}
    return text
