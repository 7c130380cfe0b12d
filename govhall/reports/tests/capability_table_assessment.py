"""The assessment pages for the capability walk (core/tests/test_capabilities.py)."""

MANAGE = ("assessment.manage",)

PAGES = {
    "reports:assessment_manage": (MANAGE, True),
    "reports:assessment_scheme": (MANAGE, True),
    "reports:assessment_run": (MANAGE, True),
    "reports:assessment_publish": (MANAGE, False),
    "reports:assessment_finalize": (MANAGE, False),
    "reports:assessment_answer": (MANAGE, False),
    "reports:assessment_public": (("staff.self", "assessment.manage"), True),
    "reports:assessment_object": (("staff.self",), False),
    "reports:assessment_department": (("assessment.department",), True),
}
POSTS_ONLY = {
    "reports:assessment_run",
    "reports:assessment_publish",
    "reports:assessment_finalize",
    "reports:assessment_answer",
    "reports:assessment_object",
}
