"""Demo: the scheme at SC-QZX and last month's assessment computed from the
demo's activity, published (公示), with one objection of qzx_clerk1 waiting
for the admin's answer. Safe to run twice: a month already there is kept."""

from __future__ import annotations

from django.utils import timezone

from govhall.core.actors import actor_for_user
from govhall.core.models import User

from . import selectors, services
from .models import Objection, RunState
from .views import last_month

REASON = "本月有两天在外参加业务培训，系统记为缺卡，请核实后调整考勤得分。"


def load(centers: dict) -> None:
    center = centers.get("SC-QZX")
    admin = User.objects.filter(username="qzx_admin").first()
    if center is None or admin is None:
        return
    actor = actor_for_user(admin)
    if not selectors.runs(center).exists():
        services.scheme_save(
            actor=actor,
            center=center,
            weights={"quality": 40, "efficiency": 30, "attendance": 20, "training": 10},
            objection_days=5,
        )
    month = last_month()
    run = selectors.run_for(center, month)
    if run is None or run.state == RunState.DRAFT:
        run = services.assessment_run(actor=actor, center=center, month=month)
        if not run.results.exists():
            return
        run = services.assessment_publish(actor=actor, run=run, now=timezone.now())
    clerk = User.objects.filter(username="qzx_clerk1").first()
    result = selectors.own_result(run, clerk)
    if (
        result is not None
        and not Objection.objects.filter(result=result).exists()
        and services.window_open(run, timezone.localdate())
    ):
        services.objection_file(actor=actor_for_user(clerk), result=result, reason=REASON)
