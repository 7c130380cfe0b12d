"""The special-groups report and the two ledgers have no pages of their own:
they are registered Reports (needs report.read) drawn and exported by the
generic report page of reports/dashboard, whose table declares that page."""

PAGES: dict = {}
POSTS_ONLY: set = set()
