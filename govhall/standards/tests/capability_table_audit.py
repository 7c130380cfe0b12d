"""The standards pages (self-audit, district view, tasks, rules) for the capability walk."""

READ = ("standards.read",)
MANAGE = ("standards.manage",)
CONFIRM = ("standards.manage", "standards.review")
OWNER = ("standards.read", "staff.self")

PAGES = {
    "standards:district": (("standards.review",), True),
    "standards:audit": (READ, True),
    "standards:audit_run": (MANAGE, True),
    "standards:audit_report": (READ, True),
    "standards:evidence_upload": (MANAGE, True),
    "standards:evidence_confirm": (CONFIRM, False),
    "standards:evidence_file": (READ, False),
    "standards:tasks": (READ, True),
    "standards:tasks_mine": (OWNER, True),
    "standards:task_assign": (MANAGE, False),
    "standards:task_close": (("standards.manage", "staff.self"), False),
    "standards:task_verify": (CONFIRM, False),
    "standards:task_evidence": (OWNER, False),
    "standards:rules": (READ, True),
    "standards:rule_upload": (MANAGE, True),
    "standards:rule_file": (READ, False),
}
POSTS_ONLY = {
    "standards:audit_run",
    "standards:evidence_upload",
    "standards:evidence_confirm",
    "standards:task_assign",
    "standards:task_close",
    "standards:task_verify",
    "standards:rule_upload",
}
