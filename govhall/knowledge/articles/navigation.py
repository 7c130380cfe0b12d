"""The knowledge base on the workbench: the department's articles, and the
centre's review with the articles past their review date."""

from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors

ENTRIES: list = [
    Entry(
        key="knowledge.articles",
        label=_("知识库"),
        needs=frozenset({"knowledge.draft", "knowledge.manage"}),
        url="knowledge:articles",
        section="knowledge",
        order=40,
    ),
    Entry(
        key="knowledge.article_queue",
        label=_("知识审核与到期复核"),
        needs=frozenset({"knowledge.manage"}),
        url="knowledge:article_queue",
        waiting=lambda actor, center: (
            selectors.review_queue(center).count() + selectors.review_overdue(center).count()
        ),
        section="knowledge",
        order=41,
    ),
]
