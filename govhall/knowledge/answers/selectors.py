"""answers: what the question answering reads: the centre's published guides
and articles as documents (engine.Doc), in a few queries."""

from __future__ import annotations

from govhall.catalog import search
from govhall.catalog.models import Stationing
from govhall.core.models import Center

from ..articles import selectors as articles
from . import engine

# Weights of a document's phrases: its own names and the ways people ask count
# fully, the department's name only helps.
OWN, DEPARTMENT, TITLE = 1.0, 0.35, 0.95


def documents(center: Center) -> list[engine.Doc]:
    rows = (
        Stationing.objects.filter(center=center, active=True, item__published_version__isnull=False)
        .order_by("item__code")
        .values_list(
            "item__code",
            "item__aliases",
            "item__published_version__name",
            "item__published_version__conditions",
            "item__department__short_name",
            "taken_recent",
        )
    )
    docs = []
    for code, aliases, name, conditions, dept, taken in rows:
        weighted = [(name, OWN), (code, OWN), (dept, DEPARTMENT)]
        weighted += [(a, OWN) for a in search.split_aliases(aliases)]
        docs.append(engine.doc("item", code, name, weighted, body=conditions, taken=taken))
    for article in articles.published(center):
        v = article.published_version
        weighted = [(v.title, TITLE)] + [(q, OWN) for q in v.question_list]
        codes = tuple(i.code for i in article.items.all())
        docs.append(
            engine.doc(
                "article",
                article.code,
                v.title,
                weighted,
                body=v.answer,
                items=codes,
                payload={"answer": v.answer},
            )
        )
    return docs
