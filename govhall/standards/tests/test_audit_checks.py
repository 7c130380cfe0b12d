"""The self-audit's automatic checks, watched as the centre's data changes."""

import datetime as dt

import pytest
from django.utils import timezone

from govhall.core.errors import PermissionDenied, ValidationFailed
from govhall.core.models import CenterLevel
from govhall.core.tests.factories import actor
from govhall.hall import inventory
from govhall.hall.models import Window, Zone
from govhall.staff.models import StaffKind, StaffProfile
from govhall.standards.audit import selectors, services
from govhall.standards.audit.models import Requirement
from govhall.standards.rules import services as rules
from govhall.standards.tasks.models import RectificationTask

from .factories import pdf, png, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return world(CenterLevel.TOWN)


def status(center, ref):
    item = next(i for i in selectors.compliance(center).items if i.requirement.ref == ref)
    return item.status, item.found


def test_areas_zones_windows_and_facilities_follow_the_data(w):
    c, a = w["center"], actor(w["admin"])
    assert status(c, "003/四(一)1(2)/1")[0] == "unchecked"  # no area recorded
    inventory.hall_profile_set(actor=a, center=c, building_area="900", hall_area="120")
    assert status(c, "003/四(一)1(2)/1")[0] == "not_met"
    assert status(c, "001/表1/3")[0] == "met"  # 900 ≥ 800
    inventory.hall_profile_set(actor=a, center=c, building_area="900", hall_area="150")
    assert status(c, "003/四(一)1(2)/1") == ("met", "服务大厅面积150平方米")
    # 表2: the archive room, then a facility of 表3 in the guidance zone
    assert status(c, "001/表2/9")[0] == "not_met"
    inventory.zone_create(actor=a, center=c, kind="archive", name="档案室")
    assert status(c, "001/表2/9")[0] == "met"
    assert status(c, "001/表3/1") == ("not_met", "未设置咨询导服区")
    guide = inventory.zone_create(actor=a, center=c, kind="guidance", name="咨询台")
    assert status(c, "001/表3/1") == ("not_met", "清单中没有问询台")
    inventory.facility_set(actor=a, center=c, zone=guide, kind="inquiry_desk", count=1)
    assert status(c, "001/表3/1")[0] == "met"
    inventory.facility_set(actor=a, center=c, zone=guide, kind="inquiry_desk", count=0)
    assert status(c, "001/表3/1")[0] == "not_met"
    # 003: at least two comprehensive windows; 表7 applies once a special window exists
    for n in (1, 2):
        assert status(c, "003/四(一)2(2)/1")[0] == "not_met"
        Window.objects.create(
            center=c, code=f"T{c.pk}-{n}", number=n, name="综合", type="comprehensive"
        )
    assert status(c, "003/四(一)2(2)/1")[0] == "met"
    assert status(c, "001/表7/2")[0] == "not_applicable"
    Window.objects.create(center=c, code=f"T{c.pk}-9", number=9, name="即办", type="instant")
    assert status(c, "001/表7/2")[0] == "not_met"


def test_staffing_against_c32_with_the_years_cases(w, monkeypatch):
    c = w["center"]
    assert status(c, "001/C.3.2")[0] == "not_met"
    for _n in range(25):
        u = __import__("govhall.core.tests.factories", fromlist=["user"]).user()
        StaffProfile.objects.create(
            user=u, center=c, kind=StaffKind.choices[0][0], started_on=dt.date(2024, 1, 1)
        )
    assert status(c, "001/C.3.2") == ("met", "在岗25人；近12个月受理0件，应不少于25人")
    from govhall.standards.audit import checks

    real = checks.facts_for

    def busy(center, now=None):
        facts = real(center, now)
        facts.yearly_cases = 31_000  # one full 10,000 above 20,000: 27 at least
        return facts

    monkeypatch.setattr(checks, "facts_for", busy)
    assert status(c, "001/C.3.2")[0] == "not_met"


def test_rules_missing_current_then_due_for_review(w):
    c, a = w["center"], actor(w["admin"])
    ref = "001/表18/14"  # 请销假管理制度
    assert status(c, ref) == ("not_met", "未上传制度文件")
    today = timezone.localdate()
    rules.rule_upload(actor=a, center=c, key="leave", version="2025版", issued_on=today, file=pdf())
    assert status(c, ref)[0] == "met"
    c.settings = {**c.settings, "standards.rules_review_days": 30}
    c.save()
    rules.rule_upload(
        actor=a,
        center=c,
        key="leave",
        version="2024版",
        issued_on=today - dt.timedelta(days=400),
        file=pdf(),
    )
    assert status(c, ref)[0] == "met"  # the newest one is in force
    c.settings = {**c.settings}
    from govhall.standards.rules.models import RuleDocument

    RuleDocument.objects.filter(center=c, version="2025版").update(
        issued_on=today - dt.timedelta(days=31)
    )
    assert status(c, ref)[0] == "not_met" and "复审期" in status(c, ref)[1]
    with pytest.raises(ValidationFailed) as e:  # rules are PDFs
        rules.rule_upload(actor=a, center=c, key="leave", version="v3", issued_on=today, file=png())
    assert e.value.code == "file_type"


def test_evidence_is_met_once_another_confirms_it(w):
    c, a = w["center"], actor(w["admin"])
    req = Requirement.objects.get(ref="003/四(一)1(3)/1")  # the plaque
    assert status(c, req.ref) == ("unchecked", "未上传佐证")
    ev = services.evidence_upload(actor=a, center=c, requirement=req, file=png(), note="正门")
    assert status(c, req.ref)[0] == "unchecked"
    with pytest.raises(PermissionDenied):
        services.evidence_confirm(actor=a, evidence=ev)
    services.evidence_confirm(actor=actor(w["supervisor"]), evidence=ev)
    assert status(c, req.ref)[0] == "met"


def test_audit_run_turns_gaps_into_tasks_once(w):
    c, a = w["center"], actor(w["admin"])
    run = services.audit_run(actor=a, center=c, owner=w["clerk"])
    gaps = len(selectors.compliance(c).gaps)
    assert run.tasks_opened == gaps > 0
    assert RectificationTask.objects.filter(center=c, source="audit").count() == gaps
    again = services.audit_run(actor=a, center=c)
    assert again.tasks_opened == 0
    assert RectificationTask.objects.filter(center=c, source="audit").count() == gaps
    task = RectificationTask.objects.filter(center=c).first()
    assert task.owner == w["clerk"] and task.due >= timezone.localdate()
    with pytest.raises(PermissionDenied):
        services.audit_run(actor=actor(w["clerk"]), center=c)
    with pytest.raises(PermissionDenied):
        services.audit_run(actor=actor(w["other_admin"]), center=c)


def test_not_applicable_by_level_and_the_score(w):
    c = w["center"]
    result = selectors.compliance(c)
    by_ref = {i.requirement.ref: i for i in result.items}
    assert by_ref["001/表1/1"].status == "not_applicable"  # a district's row
    assert by_ref["001/表3/5"].applies == "○"  # the robot is optional in a town
    assert result.score == 0 or result.mandatory.met < result.mandatory.counted
    Zone.objects.create(center=c, code="ARC", name="档案室", kind="archive")
    assert selectors.compliance(c).mandatory.met == result.mandatory.met + 1
