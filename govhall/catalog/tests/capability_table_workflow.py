"""The guide workflow's pages for core/tests/test_capabilities.py: the
department's side is gated by catalog.draft (the departments' back office and leads; the
services then keep each department to its own items), the centre's by
catalog.manage. Pages with a version in the URL find none in the walk (404)."""

PAGES = {
    "catalog:wf_drafts": (("catalog.draft",), True),
    "catalog:wf_draft_new": (("catalog.draft",), False),
    "catalog:wf_edit": (("catalog.draft",), False),
    "catalog:wf_materials": (("catalog.draft",), False),
    "catalog:wf_submit": (("catalog.draft",), False),
    "catalog:wf_queue": (("catalog.manage",), True),
    "catalog:wf_review": (("catalog.manage",), False),
    "catalog:wf_publish": (("catalog.manage",), False),
}
POSTS_ONLY = {"catalog:wf_draft_new", "catalog:wf_submit", "catalog:wf_publish"}
