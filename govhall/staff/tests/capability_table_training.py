"""The training pages for the capability walk (core/tests/test_capabilities.py)."""

MANAGE = ("training.manage",)
SELF = ("staff.self",)

PAGES = {
    "staff:training_plan": (MANAGE, True),
    "staff:training_plan_add": (MANAGE, False),
    "staff:training_sessions": (MANAGE, True),
    "staff:training_session_new": (MANAGE, True),
    "staff:training_session": (MANAGE, False),
    "staff:training_attendance": (MANAGE, False),
    "staff:training_session_cancel": (MANAGE, False),
    "staff:training_exams": (MANAGE, True),
    "staff:training_exam_new": (MANAGE, True),
    "staff:training_exam": (MANAGE, False),
    "staff:training_question_add": (MANAGE, False),
    "staff:training_question_remove": (MANAGE, False),
    "staff:training_exam_publish": (MANAGE, False),
    "staff:training_exam_close": (MANAGE, False),
    "staff:training_results": (MANAGE, False),
    "staff:training_mine": (SELF, True),
    "staff:training_take": (SELF, False),
    "staff:training_start": (SELF, False),
    "staff:training_submit": (SELF, False),
    "staff:training_attempt": (SELF, False),
    "staff:training_records": (("staff.read",), True),
    # One's own record (staff.self) or anyone's in reach (staff.read).
    "staff:training_record": (("staff.read", "staff.self"), False),
}

POSTS_ONLY = {
    "staff:training_plan_add",
    "staff:training_attendance",
    "staff:training_session_cancel",
    "staff:training_question_add",
    "staff:training_question_remove",
    "staff:training_exam_publish",
    "staff:training_exam_close",
    "staff:training_start",
    "staff:training_submit",
}
