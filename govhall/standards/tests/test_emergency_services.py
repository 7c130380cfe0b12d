"""Emergency plans through their services: a plan saved and revised (a new
version), phones encrypted and revealed only with an audit row, drills whose
findings become tasks; refusals."""

import datetime as dt

import pytest
from django.db import connection

from govhall.core.errors import PermissionDenied, ValidationFailed
from govhall.core.models import AuditLog
from govhall.core.tests.factories import actor
from govhall.standards.emergency import selectors, services
from govhall.standards.emergency.models import Drill, EmergencyPlan, PlanContact

from .upkeep_world import hall_world

pytestmark = pytest.mark.django_db
CONTACTS = [{"duty": "总指挥", "name": "王建华", "phone": "13812345678"}]


@pytest.fixture
def w():
    return hall_world()


def save(w, **kw):
    args = dict(
        actor=actor(w["admin"]),
        center=w["center"],
        kind="fire",
        title="突发火灾应急处置预案",
        steps="报警并扑救初起火灾\n疏散群众",
        version="V1.0",
        reviewed_on=dt.date(2026, 3, 1),
        contacts=CONTACTS,
    )
    args.update(kw)
    return services.plan_save(**args)


def test_a_plan_is_saved_revised_with_a_new_version_and_its_phone_encrypted(w):
    plan = save(w)
    assert plan.next_review == dt.date(2027, 3, 1)
    with connection.cursor() as cur:
        cur.execute("SELECT phone FROM standards_plancontact")
        (stored,) = cur.fetchone()
    assert "13812345678" not in stored
    assert selectors.masked_contacts(plan)[0]["phone"] == "138****5678"
    with pytest.raises(ValidationFailed) as exc:
        save(w)  # same version
    assert exc.value.code == "same_version"
    kept = [{"duty": "总指挥", "name": "王建华", "phone": ""}]
    save(
        w, version="V1.1", contacts=[*kept, {"duty": "疏散", "name": "李", "phone": "021-57821234"}]
    )
    assert EmergencyPlan.objects.count() == 1 and PlanContact.objects.count() == 2
    assert PlanContact.objects.get(name="王建华").phone == "13812345678"  # blank: kept
    rows = {r["kind"]: r["state"] for r in selectors.plans(w["center"])}
    assert rows["fire"] == "ok" and list(rows.values()).count("missing") == 6
    assert selectors.waiting(w["center"]) == 6


def test_revealing_the_phones_is_for_those_who_act_and_is_audited(w):
    plan = save(w)
    contacts = services.plan_contacts_reveal(actor=actor(w["duty"]), plan=plan)
    assert contacts[0].phone == "13812345678"
    log = AuditLog.objects.get(action="emergency_plan.contacts_revealed")
    assert log.actor == w["duty"] and "1381" not in str(log.detail)
    for who in ("supervisor", "clerk", "other_admin"):
        with pytest.raises(PermissionDenied):
            services.plan_contacts_reveal(actor=actor(w[who]), plan=plan)


def test_plan_refusals(w):
    bad = [
        (dict(kind="flood"), "kind"),
        (dict(title=""), "title"),
        (dict(steps="只有一步"), "steps"),
        (dict(version=""), "version"),
        (dict(reviewed_on=dt.date.today() + dt.timedelta(days=3)), "reviewed_on"),
        (dict(contacts=[]), "contacts"),
        (dict(contacts=[{"duty": "总指挥", "name": "王", "phone": "1381234"}]), "contacts.0.phone"),
        (dict(contacts=[{"duty": "", "name": "王", "phone": "13812345678"}]), "contacts.0.duty"),
    ]
    for kwargs, field in bad:
        with pytest.raises(ValidationFailed) as exc:
            save(w, **kwargs)
        assert field in exc.value.fields, kwargs
    assert EmergencyPlan.objects.count() == 0
    with pytest.raises(PermissionDenied):
        save(w, actor=actor(w["duty"]))
    with pytest.raises(PermissionDenied):
        save(w, actor=actor(w["supervisor"]))


def test_a_drill_records_its_findings_as_tasks(w):
    plan = save(w)
    drill = services.drill_record(
        actor=actor(w["admin"]),
        plan=plan,
        held_on=dt.date(2026, 11, 10),
        participants=40,
        duration_minutes=15,
        scenario="等候区起火",
        findings=["东侧出口堆物", "", "新人不会用灭火器"],
        owner=w["duty"],
    )
    findings = list(drill.findings.all())
    assert [f.text for f in findings] == ["东侧出口堆物", "新人不会用灭火器"]
    assert all(
        f.task.source == "drill" and f.task.owner == w["duty"] and f.task.due for f in findings
    )
    assert selectors.plans(w["center"])[0]["last_drill"] == drill
    bad = [
        (dict(participants=0), "participants"),
        (dict(duration_minutes=0), "duration_minutes"),
        (dict(held_on=dt.date.today() + dt.timedelta(days=1)), "held_on"),
        (dict(scenario=""), "scenario"),
        (dict(findings=["x" * 201]), "findings"),
        (dict(owner=w["other_admin"]), "owner"),
        (dict(due=dt.date(2026, 11, 1)), "due"),
    ]
    for kwargs, field in bad:
        args = dict(
            actor=actor(w["admin"]),
            plan=plan,
            held_on=dt.date(2026, 11, 10),
            participants=40,
            duration_minutes=15,
            scenario="等候区起火",
            findings=["问题"],
        )
        args.update(kwargs)
        with pytest.raises(ValidationFailed) as exc:
            services.drill_record(**args)
        assert field in exc.value.fields, kwargs
    assert Drill.objects.count() == 1
