"""The special-groups month's printable page for the capability walk. The two
ledgers and the report itself are registered Reports (needs report.read), drawn
and exported by the generic report page of reports/dashboard, whose table
declares that page."""

PAGES = {"reports:groups_special": (("report.read",), True)}
POSTS_ONLY: set = set()
