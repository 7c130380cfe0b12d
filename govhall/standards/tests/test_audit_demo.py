"""The demo's self-audit: SC-QZX nearly compliant, SC-YX with visible gaps; loaded
twice, nothing added."""

import pytest
from django.core.management import call_command

from govhall.core.models import Center
from govhall.hall.models import Facility
from govhall.standards import demo
from govhall.standards.audit import selectors
from govhall.standards.audit.models import AuditRun, Evidence
from govhall.standards.rules.models import RuleDocument
from govhall.standards.tasks.models import RectificationTask, TaskStatus

pytestmark = pytest.mark.django_db


def test_demo_audit_shows_both_centres(capsys, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("demo_data")
    counts = lambda: [  # noqa: E731
        m.objects.count() for m in (Facility, RuleDocument, Evidence, AuditRun, RectificationTask)
    ]
    before = counts()
    demo.load({c.code: c for c in Center.objects.all()})
    capsys.readouterr()
    assert counts() == before
    qzx, yx = (selectors.compliance(Center.objects.get(code=c)) for c in ("SC-QZX", "SC-YX"))
    assert 90 <= qzx.score < 100 and 0 < len(qzx.gaps) <= 6
    assert yx.score < 90 <= qzx.score and len(yx.gaps) >= 15
    status = {i.requirement.ref: i.status for i in yx.items}
    assert status["003/四(一)1(2)/1"] == "not_met"  # 130 m²
    assert status["001/表2/9"] == "not_met"  # no archive room
    assert status["001/C.3.2"] == "not_met"
    assert status["003/四(一)1(2)/2"] == "met"  # confirmed by the district
    assert status["003/四(一)1(3)/1"] == "unchecked"  # photo waiting
    assert status["001/表18/14"] == "not_met"  # 请销假管理制度 past review
    aed = RectificationTask.objects.get(center__code="SC-QZX", ref="001/表12/3")
    assert aed.status == TaskStatus.DONE and aed.evidence and aed.closed_by.username == "qzx_duty"
    assert {i.requirement.ref: i.status for i in qzx.items}["001/表12/3"] == "met"
    overdue = [t for t in RectificationTask.objects.filter(center__code="SC-YX") if t.overdue]
    assert len(overdue) >= 15
