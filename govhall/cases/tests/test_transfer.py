"""转办: a case moves to another department's back office with a reason; the
clock stands and the first clerk stays responsible (首问负责)."""

import pytest

from govhall.cases import selectors, services
from govhall.cases.models import CaseStatus, CaseTransfer, Step
from govhall.cases.tests.factories import at, intake, tokens
from govhall.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from govhall.core.models import Event


def test_transfer_moves_the_case_and_keeps_the_clock(w):
    case = intake(w, w["promise"], now=at(2025, 3, 3))
    due, accepted = case.due_date, case.accepted_on
    assert case in selectors.reviewer_worklist(w["reviewer"], w["center"])
    t = services.case_transfer(
        actor=w["reviewer"],
        case=case,
        department=w["p1"].code,
        reason="属于卫生许可，应由区卫健委承办",
        now=at(2025, 3, 4),
    )
    case.refresh_from_db()
    assert case.department == w["p1"] and case.due_date == due and case.accepted_on == accepted
    assert case.received_by == w["clerk"].user  # 首问责任人 unchanged
    assert (t.from_department, t.to_department, t.by) == (w["lead"], w["p1"], w["reviewer_user"])
    assert case.steps.filter(step=Step.TRANSFERRED, department=w["p1"]).exists()
    event = Event.objects.get(kind="case.transferred")
    assert event.payload["from_department"] == w["lead"].code
    assert "卫健委" not in str(event.payload)
    # The new department's reviewers see it; the old ones no longer do.
    assert case in selectors.reviewer_worklist(w["p1_actor"], w["center"])
    assert case not in selectors.reviewer_worklist(w["reviewer"], w["center"])
    assert not selectors.readable(w["reviewer"]).filter(pk=case.pk).exists()
    # The new department may decide; the old one may not.
    with pytest.raises(PermissionDenied):
        services.case_decide(actor=w["reviewer"], case=case, decision="approve", opinion="x")
    services.case_decide(actor=w["p1_actor"], case=case, decision="approve", opinion="同意")


def test_the_centre_admin_may_transfer(w):
    case = intake(w, w["promise"], now=at(2025, 3, 3))
    services.case_transfer(actor=w["admin"], case=case, department=w["p2"], reason="分派有误")
    case.refresh_from_db()
    assert case.department == w["p2"]


def test_bad_transfers_change_nothing(w):
    case = intake(w, w["promise"], now=at(2025, 3, 3))
    cases = [
        (dict(actor=w["reviewer"], department=w["lead"].code, reason="x"), InvalidTransition),
        (dict(actor=w["p1_actor"], department=w["p2"].code, reason="x"), PermissionDenied),
        (dict(actor=w["clerk"], department=w["p2"].code, reason="x"), PermissionDenied),
        (dict(actor=w["other_reviewer"], department=w["p2"].code, reason="x"), PermissionDenied),
        (dict(actor=w["reviewer"], department=w["p2"].code, reason="  "), ValidationFailed),
        (dict(actor=w["reviewer"], department=w["p2"].code, reason="x" * 2001), ValidationFailed),
        (dict(actor=w["reviewer"], department="NOPE\x00", reason="x"), NotFound),
    ]
    for kw, error in cases:
        with pytest.raises(error):
            services.case_transfer(case=case, **kw)
    services.case_decide(actor=w["reviewer"], case=case, decision="approve", opinion="同意")
    with pytest.raises(InvalidTransition):
        services.case_transfer(actor=w["reviewer"], case=case, department=w["p2"], reason="x")
    done = intake(w, w["instant"], now=at(2025, 3, 3))
    assert done.status == CaseStatus.COMPLETED
    with pytest.raises(InvalidTransition):
        services.case_transfer(actor=w["admin"], case=done, department=w["p2"], reason="x")
    parallel = intake(w, w["parallel"], now=at(2025, 3, 3))
    with pytest.raises(InvalidTransition) as exc:
        services.case_transfer(actor=w["admin"], case=parallel, department=w["p1"], reason="x")
    assert exc.value.code == "department_is_parallel"
    assert not CaseTransfer.objects.exists()
    case.refresh_from_db()
    assert case.department == w["lead"]


def test_transfer_endpoint(client, w):
    tok = tokens(w)
    case = intake(w, w["promise"], now=at(2025, 3, 3))
    url = f"/api/v1/cases/{case.number}/transfer"

    def post(body, token="reviewer"):
        return client.post(
            url,
            body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {tok[token]}"},
        )

    for body, status in (
        ({}, 422),
        ({"department": w["p1"].code}, 422),
        ({"department": w["p1"].code, "reason": ""}, 422),
        ({"department": 5, "reason": "x"}, 422),
        ({"department": w["p1"].code, "reason": "x" * 2001}, 422),
        ({"department": w["lead"].code, "reason": "x"}, 409),
        ({"department": "NOPE", "reason": "x"}, 404),
    ):
        resp = post(body)
        assert resp.status_code == status, (body, resp.content)
        assert set(resp.json()["error"]) == {"code", "message", "fields"}
    assert post({"department": w["p2"].code, "reason": "x"}, "clerk").status_code == 403
    assert post({"department": w["p2"].code, "reason": "x"}, "p1").status_code == 404
    assert post({"department": w["p2"].code, "reason": "x"}, "other_reviewer").status_code == 404
    assert not CaseTransfer.objects.exists()
    resp = post({"department": w["p1"].code, "reason": "分派有误"})
    assert resp.status_code == 200, resp.content
    data = resp.json()
    assert data["department"] == w["p1"].code and data["due_date"] == "2025-03-10"
    assert data["received_by"]  # 首问责任人 named
    # The old department's reviewer no longer reaches it.
    assert post({"department": w["p2"].code, "reason": "x"}).status_code == 404
