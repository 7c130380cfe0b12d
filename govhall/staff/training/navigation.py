"""The training pages on the workbench: what waits for whom (001 B.6)."""

from django.utils.translation import gettext_lazy as _

from govhall.core.navigation import Entry

from . import selectors


def _my_exams(actor, center) -> int:
    return selectors.exams_waiting_count(center, actor.user)


def _sessions(actor, center) -> int:
    return selectors.sessions_needing_attendance(center).count()


def _probation(actor, center) -> int:
    """New staff who have not passed their probation exam yet (B.6.5)."""
    pending = selectors.probation_pending(center)
    scope = selectors.department_scope(actor, center)
    if scope is not None:
        pending = pending.filter(user__in=selectors.staff_in_scope(center, scope))
    return pending.values("user").distinct().count()


def _mine_url(actor, center):
    from django.urls import reverse

    return reverse("staff:training_mine", args=[center.code]) if actor.user else None


ENTRIES: list = [
    Entry(
        key="training.mine",
        label=_("我的培训与考试"),
        needs=frozenset({"staff.self"}),
        url=_mine_url,
        waiting=_my_exams,
        section="training",
        order=60,
    ),
    Entry(
        key="training.sessions",
        label=_("培训场次与签到"),
        needs=frozenset({"training.manage"}),
        url="staff:training_sessions",
        waiting=_sessions,
        section="training",
        order=61,
    ),
    Entry(
        key="training.plan",
        label=_("培训计划"),
        needs=frozenset({"training.manage"}),
        url="staff:training_plan",
        section="training",
        order=62,
    ),
    Entry(
        key="training.exams",
        label=_("培训考试"),
        needs=frozenset({"training.manage"}),
        url="staff:training_exams",
        section="training",
        order=63,
    ),
    Entry(
        key="training.records",
        label=_("培训档案"),
        needs=frozenset({"staff.read"}),
        url="staff:training_records",
        waiting=_probation,
        section="training",
        order=64,
    ),
]
