"""一件事: one form and one intake for several items, a case per item, one
combined notice, progress = the slowest case, one output for all."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.cases import services
from govhall.cases.models import (
    BundleApplication,
    Case,
    CaseStatus,
    DocumentKind,
)
from govhall.cases.tests.factories import at, id_number, item, person
from govhall.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from govhall.core.models import Event

from .pdftext import pdf_text


@pytest.fixture
def b(w):
    w["p1_item"] = item(w["p1"], w["center"], mode="promise", days=8, name="出生医学证明签发")
    w["p2_item"] = item(w["p2"], w["center"], mode="promise", days=3, name="医保参保登记")
    w["bundle"] = services.bundle_save(
        actor=w["admin"],
        center=w["center"],
        name="新生儿出生一件事",
        item_codes=[w["promise"].code, w["p1_item"].code, w["p2_item"].code],
    )
    return w


def union(b, missing=()):
    return [
        {"material": m["name"], "status": "missing" if m["name"] in missing else "provided"}
        for m in services.bundle_materials(b["bundle"])
    ]


def take(b, **kw):
    return services.bundle_intake(
        actor=kw.pop("actor", b["clerk"]),
        center=b["center"],
        bundle=b["bundle"],
        applicant=kw.pop("applicant", person()),
        materials=kw.pop("materials", None) or union(b, kw.pop("missing", ())),
        now=kw.pop("now", at(2025, 3, 3)),
        **kw,
    )


def test_one_intake_makes_a_case_per_item_with_shared_materials_once(b):
    materials = services.bundle_materials(b["bundle"])
    # Three items with the same five materials: the form asks each once.
    assert len(materials) == 5
    assert len(materials[0]["items"]) == 3
    app = take(b)
    cases = [m.case for m in app.members.all()]
    assert [c.department for c in cases] == [b["lead"], b["p1"], b["p2"]]
    assert len({c.number for c in cases}) == 3
    assert all(c.status == CaseStatus.ACCEPTED for c in cases)
    assert [c.due_date.isoformat() for c in cases] == ["2025-03-10", "2025-03-13", "2025-03-06"]
    assert all(c.materials.count() == 5 for c in cases)
    assert app.number == "SJ-2025-Y00001"
    text = pdf_text(bytes(app.notice))
    assert "一件事受理通知书" in text
    for c in cases:
        assert c.number in text and c.check_code in text
        assert [d.kind for d in c.documents.all()] == [DocumentKind.ACCEPTANCE]
    event = Event.objects.get(kind="case.bundle_received")
    assert event.payload["cases"] == [c.number for c in cases]
    assert "张晓明" not in str(event.payload)


def test_progress_is_the_slowest_case(b):
    app = take(b)
    progress = services.bundle_progress(app)
    assert progress["state"] == "in_progress"
    assert progress["slowest"].department == b["p1"]
    assert progress["due_date"].isoformat() == "2025-03-13"


def test_missing_material_puts_the_bundle_under_one_notice(b):
    app = take(b, missing=("经营场所证明",))
    cases = [m.case for m in app.members.all()]
    assert all(c.status == CaseStatus.SUPPLEMENT for c in cases)
    text = pdf_text(bytes(app.notice))
    assert "一件事一次性告知单" in text
    assert text.count("经营场所证明") == 1  # the shared material asked for once
    progress = services.bundle_progress(app)
    assert progress["state"] == "supplement" and progress["due_date"] is None


def test_output_together_once_all_are_ready(b):
    app = take(b)
    cases = [m.case for m in app.members.all()]
    deciders = [b["reviewer"], b["p1_actor"], b["p2_actor"]]
    services.case_decide(actor=deciders[0], case=cases[0], decision="approve", opinion="同意")
    collect = {"collector_name": "张晓明", "collector_id_number": id_number(), "signature": "签"}
    with pytest.raises(InvalidTransition) as exc:
        services.bundle_deliver(actor=b["clerk"], application=app, **collect)
    assert exc.value.code == "bundle_not_ready"
    assert not Case.objects.filter(status=CaseStatus.COMPLETED).exists()
    for actor, case in zip(deciders[1:], cases[1:], strict=True):
        services.case_decide(actor=actor, case=case, decision="approve", opinion="同意")
    assert services.bundle_progress(app)["state"] == "ready"
    services.bundle_deliver(actor=b["clerk"], application=app, **collect)
    assert Case.objects.filter(status=CaseStatus.COMPLETED).count() == 3
    app.refresh_from_db()
    assert app.delivered_at is not None
    assert services.bundle_progress(app)["state"] == "completed"
    with pytest.raises(InvalidTransition):
        services.bundle_deliver(actor=b["clerk"], application=app, **collect)


def test_bad_intake_writes_nothing(b):
    before = Case.objects.count()
    with pytest.raises(ValidationFailed):
        take(b, applicant=person(id_number="310117198506121234"))
    with pytest.raises(ValidationFailed) as exc:
        take(b, materials=[{"material": "不存在的材料", "status": "provided"}])
    assert exc.value.code == "invalid_checklist"
    with pytest.raises(ValidationFailed) as exc:
        take(b, materials=union(b)[:2])
    assert exc.value.code == "checklist_incomplete"
    with pytest.raises(PermissionDenied):
        take(b, actor=b["reviewer"])
    with pytest.raises(NotFound):
        services.bundle_intake(
            actor=b["other_clerk"],
            center=b["other"],
            bundle=b["bundle"],
            applicant=person(),
            materials=union(b),
        )
    assert Case.objects.count() == before and not BundleApplication.objects.exists()


def test_bundle_definition_bad_input(b):
    save = services.bundle_save
    with pytest.raises(ValidationFailed) as exc:
        save(actor=b["admin"], center=b["center"], name="x", item_codes=[b["promise"].code])
    assert exc.value.code == "bundle_too_small"
    with pytest.raises(ValidationFailed) as exc:
        save(
            actor=b["admin"],
            center=b["center"],
            name="新生儿出生一件事",
            item_codes=[b["promise"].code, b["p1_item"].code],
        )
    assert exc.value.code == "bundle_name_taken"
    with pytest.raises(ValidationFailed) as exc:
        save(
            actor=b["admin"],
            center=b["center"],
            name="y",
            item_codes=[b["promise"].code, "NOPE\x00"],
        )
    assert exc.value.code == "item_not_served"
    with pytest.raises(ValidationFailed):
        save(actor=b["admin"], center=b["center"], name="z" * 61, item_codes=["a", "b"])
    with pytest.raises(PermissionDenied):
        save(
            actor=b["clerk"],
            center=b["center"],
            name="y",
            item_codes=[b["promise"].code, b["p1_item"].code],
        )
    edited = save(
        actor=b["admin"],
        center=b["center"],
        bundle=b["bundle"],
        name="新生儿出生一件事",
        item_codes=[b["p2_item"].code, b["p1_item"].code],
        active=False,
    )
    assert [e.item for e in edited.entries.all()] == [b["p2_item"], b["p1_item"]]
    with pytest.raises(NotFound):
        take(b)  # inactive


class _C:
    def __init__(self, status, due):
        self.status, self.due_date, self.due_date_provisional = status, due, False


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                [
                    CaseStatus.ACCEPTED,
                    CaseStatus.SUSPENDED,
                    CaseStatus.DECIDED,
                    CaseStatus.COMPLETED,
                ]
            ),
            st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 12, 31)),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_slowest_is_the_latest_due_date_of_the_open_cases(rows):
    cases = [_C(s, d) for s, d in rows]
    open_ = [c for c in cases if c.status in (CaseStatus.ACCEPTED, CaseStatus.SUSPENDED)]
    slow = services.slowest(cases)
    if not open_:
        assert slow is None
    else:
        assert slow.due_date == max(c.due_date for c in open_)
        assert all(slow.due_date >= c.due_date for c in open_)


def test_supplement_of_the_bundle_checks_each_missing_material_once(b):
    app = take(b, missing=("经营场所证明",))
    assert [w["name"] for w in services.bundle_wanted(app)] == ["经营场所证明"]
    with pytest.raises(ValidationFailed):
        services.bundle_supplement(
            actor=b["clerk"], application=app, materials=[{"material": "申请表"}]
        )
    with pytest.raises(ValidationFailed):  # left unchecked: case_supplement refuses
        services.bundle_supplement(actor=b["clerk"], application=app, materials=[])
    assert all(m.case.status == CaseStatus.SUPPLEMENT for m in app.members.all())
    services.bundle_supplement(
        actor=b["clerk"],
        application=app,
        materials=[{"material": "经营场所证明", "status": "provided"}],
        now=at(2025, 3, 5),
    )
    cases = [m.case for m in app.members.all()]
    assert all(c.status == CaseStatus.ACCEPTED for c in cases)
    assert cases[0].accepted_on.isoformat() == "2025-03-05"
    with pytest.raises(InvalidTransition):
        services.bundle_supplement(actor=b["clerk"], application=app, materials=[])


def test_bundle_pages_supplement_and_notice(b, client):
    app = take(b, missing=("经营场所证明",))
    client.force_login(b["clerk"].user)
    page = client.get(f"/cases/b/{app.number}/")
    assert page.status_code == 200 and "一件事补正" in page.content.decode()
    notice = client.get(f"/cases/b/{app.number}/notice/")
    assert notice["Content-Type"] == "application/pdf"
    bad = client.post(f"/cases/b/{app.number}/supplement/", {})
    assert bad.status_code == 422
    ok = client.post(f"/cases/b/{app.number}/supplement/", {"w0_status": "provided"})
    assert ok.status_code == 302
    assert all(m.case.status == CaseStatus.ACCEPTED for m in app.members.all())
    # Another centre's clerk does not see the bundle at all.
    client.force_login(b["other_clerk"].user)
    assert client.get(f"/cases/b/{app.number}/").status_code == 404
