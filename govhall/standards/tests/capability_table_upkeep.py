"""The upkeep, cleaning, emergency and rounds pages for the capability walk
(core/tests/test_capabilities.py)."""

READ = ("standards.read", "standards.manage", "inspection.do")
ROUNDS = ("inspection.do", "standards.read")

PAGES = {
    "standards:upkeep": (READ, True),
    "standards:upkeep_add": (("standards.manage",), False),
    "standards:upkeep_detail": (READ, False),
    "standards:upkeep_record": (("standards.manage",), False),
    "standards:upkeep_retire": (("standards.manage",), False),
    "standards:upkeep_log_file": (READ, False),
    "standards:cleaning": (READ, True),
    "standards:emergency": (READ, True),
    "standards:emergency_plan": (READ, False),
    "standards:emergency_reveal": (("standards.manage", "duty.answer"), False),
    "standards:emergency_drill": (("standards.manage",), False),
    "standards:rounds": (ROUNDS, True),
    "standards:round_plan": (("standards.manage",), False),
    "standards:round": (ROUNDS, False),
    "standards:round_walk": (("inspection.do",), False),
    "standards:round_check": (("inspection.do",), False),
    "standards:round_close": (("inspection.do",), False),
    "standards:round_cancel": (("standards.manage",), False),
    "standards:round_photo": (ROUNDS, False),
}
POSTS_ONLY = {
    "standards:upkeep_add",
    "standards:upkeep_record",
    "standards:upkeep_retire",
    "standards:emergency_reveal",
    "standards:emergency_drill",
    "standards:round_plan",
    "standards:round_check",
    "standards:round_close",
    "standards:round_cancel",
}
