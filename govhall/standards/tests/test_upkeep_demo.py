"""The demo's upkeep, emergency plans and rounds: at each centre one installation
due soon and one overdue (with its task), a week of cleaning with a missed day,
seven plans at SC-QZX and three at SC-YX, a drill with findings, this week's
round walked with a photo and one planned; loaded twice, nothing added."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from govhall.core.models import Center
from govhall.standards.emergency import selectors as plans
from govhall.standards.emergency.models import Drill, EmergencyPlan
from govhall.standards.rounds.models import Round, RoundCheck, RoundStatus
from govhall.standards.tasks.models import RectificationTask
from govhall.standards.upkeep import selectors
from govhall.standards.upkeep.models import CleaningTick, Installation, MaintenanceLog
from govhall.standards.wiring import FEATURES, feature_module

pytestmark = pytest.mark.django_db


def counts():
    return [
        m.objects.count()
        for m in (Installation, MaintenanceLog, CleaningTick, EmergencyPlan, Drill, Round)
    ] + [RoundCheck.objects.count(), RectificationTask.objects.count()]


def test_demo_upkeep_emergency_and_rounds(capsys, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("demo_data")
    capsys.readouterr()
    centers = {c.code: c for c in Center.objects.all()}
    before = counts()
    for feature in ("upkeep", "emergency", "rounds"):
        assert feature in FEATURES
        feature_module(feature, "demo").load(centers)
    assert counts() == before

    for code in ("SC-QZX", "SC-YX"):
        states = [r["state"] for r in selectors.rows(centers[code])]
        assert "due_soon" in states and "overdue" in states, code
        week = [d["state"] for d in selectors.cleaning_days(centers[code], timezone.localdate())]
        assert week.count("missed") == 1 and "complete" in week, (code, week)
    assert RectificationTask.objects.filter(source="upkeep", center__code="SC-QZX").count() == 2

    qzx = {r["kind"]: r["state"] for r in plans.plans(centers["SC-QZX"])}
    yx = {r["kind"]: r["state"] for r in plans.plans(centers["SC-YX"])}
    assert set(qzx.values()) == {"ok"}
    assert list(yx.values()).count("missing") == 4 and yx["fire"] == "review_due"
    drill = Drill.objects.get()
    assert drill.findings.count() == 2 and all(f.task for f in drill.findings.all())

    rounds = Round.objects.filter(center__code="SC-QZX")
    walked = rounds.get(status=RoundStatus.CLOSED)
    assert rounds.filter(status=RoundStatus.PLANNED).count() == 1
    bad = walked.checks.filter(ok=False)
    assert bad.count() == 2 and all(c.photo and c.task for c in bad)
    assert walked.started_at < walked.closed_at
    assert Round.objects.filter(center__code="SC-YX", status=RoundStatus.PLANNED).count() == 1
