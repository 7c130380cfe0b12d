"""The facts' routes for the capability walk: two API reads, both behind
auth (report.read, report.district); no page, nothing public."""

PUBLIC_API: set[str] = set()
PAGES: dict = {}
POSTS_ONLY: set[str] = set()
