"""The assessment pages on the workbench (core.navigation)."""

from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors

ENTRIES: list = [
    Entry(
        key="assessment.manage",
        label=_("工作人员考核"),
        needs=frozenset({"assessment.manage"}),
        url="reports:assessment_manage",
        waiting=lambda actor, center: selectors.pending_objections(center),
        section="assessment",
        order=10,
    ),
    Entry(
        key="assessment.scheme",
        label=_("考核方案"),
        needs=frozenset({"assessment.manage"}),
        url="reports:assessment_scheme",
        section="assessment",
        order=11,
    ),
    Entry(
        key="assessment.public",
        label=_("考核结果公示"),
        needs=frozenset({"staff.self", "assessment.manage"}),
        url="reports:assessment_public",
        section="assessment",
        order=12,
    ),
    Entry(
        key="assessment.department",
        label=_("本部门人员考核结果"),
        needs=frozenset({"assessment.department"}),
        url="reports:assessment_department",
        section="assessment",
        order=13,
    ),
]
