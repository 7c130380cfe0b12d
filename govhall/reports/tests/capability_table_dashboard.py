"""The dashboard's pages for the capability walk (core/tests/test_capabilities.py)."""

READ = ("report.read",)

PAGES = {
    "reports:index": (READ, True),
    "reports:report": (READ, False),  # the walk's report name is not one
    "reports:report_xlsx": (READ, False),
    "reports:live": (("report.live",), True),
    "reports:live_panel": (("report.live",), True),
    "reports:district": (("report.district",), True),
    "reports:monthly": (READ, True),
    "reports:monthly_make": (READ, False),
    "reports:monthly_pdf": (READ, False),
}
POSTS_ONLY = {"reports:monthly_make"}
# A district's registered report: the walk's name is not one (404 for all).
PAGES.update(
    {
        "reports:district_report": (("report.district",), False),
        "reports:district_report_xlsx": (("report.district",), False),
    }
)
