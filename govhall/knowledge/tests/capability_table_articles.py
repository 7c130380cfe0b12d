"""The knowledge base pages for the capability walk (core/tests/test_capabilities.py)."""

PUBLIC = "public"
PAGES = {
    "knowledge:articles": (("knowledge.draft", "knowledge.manage"), True),
    "knowledge:article_new": (("knowledge.draft",), True),
    "knowledge:article_edit": (("knowledge.draft",), False),
    "knowledge:article_submit": (("knowledge.draft",), False),
    "knowledge:article_revise": (("knowledge.draft",), False),
    "knowledge:article_queue": (("knowledge.manage",), True),
    "knowledge:article_review": (("knowledge.manage",), False),
    "knowledge:article_public": (PUBLIC,),
}
POSTS_ONLY = {"knowledge:article_submit", "knowledge:article_revise"}
PUBLIC_API: set[str] = set()
