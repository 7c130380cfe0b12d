"""Each approval mode end to end (003 §四(二)2): 即办, 承诺件 with a special
procedure and an extension, 告知承诺 kept and broken, 并联 agreed and refused."""

import pytest

from govhall.cases import services
from govhall.cases.models import (
    CaseStatus,
    CreditRecord,
    Decision,
    DocumentKind,
    ParallelAnswer,
    Step,
)
from govhall.cases.tests.factories import PHONE, at, id_number, intake
from govhall.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.models import Event, Notification


def kinds(case):
    return list(case.documents.order_by("id").values_list("kind", flat=True))


def steps(case):
    return list(case.steps.order_by("at", "id").values_list("step", flat=True))


def test_instant_is_decided_and_closed_at_the_window(w):
    case = intake(w, w["instant"], now=at(2025, 3, 3))
    assert case.status == CaseStatus.COMPLETED
    assert case.decision == Decision.APPROVE and case.decided_by == w["clerk"].user
    assert case.delivery.identity_checked
    assert kinds(case) == [DocumentKind.DECISION_GRANT, DocumentKind.COMPLETION]
    assert case.archive.manifest["status"] == "completed"
    assert steps(case) == ["received", "accepted", "decided", "delivered", "completed", "archived"]


def test_promise_case_with_review_procedure_extension_and_pick_up(w):
    case = intake(w, w["promise"], now=at(2025, 3, 3))  # Monday
    assert case.due_date.isoformat() == "2025-03-10"
    services.case_opinion(
        actor=w["reviewer"], case=case, text="材料齐全，拟同意", now=at(2025, 3, 4)
    )
    services.case_inspect(
        actor=w["reviewer"],
        case=case,
        inspectors=[w["reviewer_user"], w["reviewer2_user"]],
        findings="经营场所与申报一致",
        now=at(2025, 3, 4),
    )
    # 检测 on Wednesday 5 March, back on Friday 7 March: Thu 6 and Fri 7 not counted.
    services.case_suspend(
        expected_days=10,
        actor=w["reviewer"],
        case=case,
        kind="testing",
        reason="需对样品进行检测",
        now=at(2025, 3, 5),
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.SUSPENDED
    with pytest.raises(InvalidTransition):  # no decision while the clock is stopped
        services.case_decide(actor=w["reviewer"], case=case, decision="approve", opinion="")
    case = services.case_resume(actor=w["reviewer"], case=case, now=at(2025, 3, 7))
    assert case.suspended_days == 2 and case.due_date.isoformat() == "2025-03-12"
    # Art. 42: asked for by one reviewer, approved by another.
    services.case_extension_request(
        actor=w["reviewer"], case=case, reason="需征求相关部门意见", now=at(2025, 3, 10)
    )
    with pytest.raises(PermissionDenied) as exc:
        services.case_extension_approve(actor=w["reviewer"], case=case)
    assert exc.value.code == "approver_is_requester"
    case = services.case_extension_approve(actor=w["reviewer2"], case=case, now=at(2025, 3, 10))
    assert case.extension_days == 10 and case.due_date.isoformat() == "2025-03-26"
    with pytest.raises(Conflict):
        services.case_extension_request(actor=w["reviewer"], case=case, reason="再延一次")
    case = services.case_decide(
        actor=w["reviewer"], case=case, decision="approve", opinion="同意", now=at(2025, 3, 20)
    )
    assert case.status == CaseStatus.DECIDED
    sms = Notification.objects.get(key=f"case:{case.pk}:ready")
    assert sms.recipient == PHONE and case.number in sms.body and "张" not in sms.body
    # Someone else's ID without an entrustment is turned away; the applicant is not.
    with pytest.raises(ValidationFailed) as exc:
        services.case_deliver(
            actor=w["clerk"],
            case=case,
            collector_name="王五",
            collector_id_number="11010519491231002X",
            signature="data:image/png;base64,AAAA",
        )
    assert exc.value.code == "identity_mismatch"
    case = services.case_deliver(
        actor=w["clerk"],
        case=case,
        collector_name="张晓明",
        collector_id_number=id_number(),
        signature="data:image/png;base64,AAAA",
        now=at(2025, 3, 21),
    )
    assert case.status == CaseStatus.COMPLETED and case.closed_at is not None
    assert kinds(case) == [
        "acceptance",
        "suspension",
        "extension",
        "decision_grant",
        "completion",
    ]
    assert case.archive.manifest["dates"]["due_date"] == "2025-03-26"
    with pytest.raises(InvalidTransition):
        services.case_deliver(actor=w["clerk"], case=case, collector_name="x")


def test_inspection_needs_two_staff_of_the_department(w):
    case = intake(w, w["promise"])
    with pytest.raises(ValidationFailed) as exc:
        services.case_inspect(
            actor=w["reviewer"], case=case, inspectors=[w["reviewer_user"]], findings="x"
        )
    assert exc.value.code == "inspection_needs_two"
    with pytest.raises(ValidationFailed) as exc:
        services.case_inspect(
            actor=w["reviewer"],
            case=case,
            inspectors=[w["reviewer_user"], w["clerk"].user],
            findings="x",
        )
    assert exc.value.code == "inspector_not_in_department"
    assert not case.inspections.exists()


def test_commitment_kept(w):
    promised = {"经营场所证明": ("missing", ""), "卫生许可证明": ("missing", "")}
    case = intake(w, w["commit"], overrides=promised, commitment=True, now=at(2025, 3, 3))
    assert case.status == CaseStatus.COMMITTED and case.decision == Decision.APPROVE
    assert case.commitment_due.isoformat() == "2025-03-31"  # 20 working days
    assert kinds(case) == [DocumentKind.COMMITMENT, DocumentKind.DECISION_GRANT]
    # The result can be handed out while the materials are still due.
    case = services.case_deliver(
        actor=w["clerk"],
        case=case,
        collector_name="张晓明",
        collector_id_number=id_number(),
        signature="signed",
        now=at(2025, 3, 3),
    )
    assert case.status == CaseStatus.COMMITTED
    ids = {m.name: m.material_id for m in case.materials.all()}
    case = services.case_commitment_fulfil(
        actor=w["clerk"],
        case=case,
        materials=[
            {"material": ids["经营场所证明"], "status": "provided"},
            {"material": ids["卫生许可证明"], "status": "wrong", "note": "已过期"},
        ],
        now=at(2025, 3, 10),
    )
    assert case.status == CaseStatus.COMMITTED
    case = services.case_commitment_fulfil(
        actor=w["clerk"],
        case=case,
        materials=[{"material": ids["卫生许可证明"], "status": "provided"}],
        now=at(2025, 3, 20),
    )
    assert case.status == CaseStatus.COMPLETED and hasattr(case, "archive")
    assert services.cases_sweep(now=at(2025, 4, 10))["revoked"] == 0


def test_commitment_broken_is_revoked_with_a_credit_record(w):
    case = intake(
        w,
        w["commit"],
        overrides={"卫生许可证明": ("missing", "")},
        commitment=True,
        now=at(2025, 3, 3),
    )
    with pytest.raises(InvalidTransition):  # not before the deadline
        services.case_commitment_lapse(case=case, now=at(2025, 3, 31))
    assert services.cases_sweep(now=at(2025, 3, 31))["revoked"] == 0
    assert services.cases_sweep(now=at(2025, 4, 1))["revoked"] == 1
    assert services.cases_sweep(now=at(2025, 4, 1))["revoked"] == 0  # safe to run twice
    case.refresh_from_db()
    assert case.status == CaseStatus.REVOKED
    record = CreditRecord.objects.get(case=case)
    assert record.subject_key == case.applicant_id_hash and "卫生许可证明" in record.reason
    assert kinds(case) == ["commitment", "decision_grant", "revocation"]
    assert Notification.objects.filter(key=f"case:{case.pk}:revoked").count() == 1
    assert case.archive.manifest["status"] == "revoked"
    assert Step.REVOKED in steps(case)


def test_commitment_only_for_notify_commit_items(w):
    with pytest.raises(ValidationFailed) as exc:
        intake(w, w["promise"], commitment=True)
    assert exc.value.code == "commitment_not_allowed"


def test_commit_item_without_signing_goes_the_promise_way(w):
    case = intake(w, w["commit"], overrides={"卫生许可证明": ("missing", "")})
    assert case.status == CaseStatus.SUPPLEMENT


def test_parallel_all_agree(w):
    case = intake(w, w["parallel"], now=at(2025, 3, 3))
    tasks = {t.department_id: t for t in case.parallel_tasks.all()}
    assert set(tasks) == {w["p1"].pk, w["p2"].pk}
    assert all(t.due_date == case.due_date for t in tasks.values())
    with pytest.raises(Conflict) as exc:
        services.case_decide(actor=w["reviewer"], case=case, decision="approve", opinion="")
    assert exc.value.code == "parallel_pending"
    with pytest.raises(PermissionDenied):  # p1's reviewer cannot answer for p2
        services.parallel_answer(actor=w["p1_actor"], case=case, department=w["p2"], answer="agree")
    services.parallel_answer(actor=w["p1_actor"], case=case, department=w["p1"], answer="agree")
    with pytest.raises(InvalidTransition):
        services.parallel_answer(
            actor=w["p1_actor"], case=case, department=w["p1"], answer="disagree", reason="x"
        )
    services.parallel_answer(
        actor=w["p2_actor"], case=case, department=w["p2"], answer="forward", reason="转报市局审批"
    )
    with pytest.raises(PermissionDenied):  # only the lead department closes
        services.case_decide(actor=w["p1_actor"], case=case, decision="approve", opinion="")
    case = services.case_decide(actor=w["reviewer"], case=case, decision="approve", opinion="同意")
    assert case.status == CaseStatus.DECIDED and case.decision == Decision.APPROVE


def test_parallel_one_refusal_refuses_the_whole(w):
    case = intake(w, w["parallel"])
    with pytest.raises(ValidationFailed):  # 不同意 needs its reasons
        services.parallel_answer(
            actor=w["p1_actor"], case=case, department=w["p1"], answer="disagree"
        )
    services.parallel_answer(
        actor=w["p1_actor"],
        case=case,
        department=w["p1"],
        answer="disagree",
        reason="选址不符合消防要求",
    )
    services.parallel_answer(actor=w["p2_actor"], case=case, department=w["p2"], answer="agree")
    with pytest.raises(Conflict) as exc:
        services.case_decide(actor=w["reviewer"], case=case, decision="approve", opinion="")
    assert exc.value.code == "parallel_refused"
    with pytest.raises(ValidationFailed):  # a rejection gives its reasons
        services.case_decide(actor=w["reviewer"], case=case, decision="reject", opinion="")
    case = services.case_decide(
        actor=w["reviewer"], case=case, decision="reject", opinion="消防部门不同意：选址不符合要求"
    )
    assert case.decision == Decision.REJECT
    answers = dict(case.parallel_tasks.values_list("department_id", "answer"))
    assert answers == {w["p1"].pk: ParallelAnswer.DISAGREE, w["p2"].pk: ParallelAnswer.AGREE}
    assert (
        Event.objects.filter(kind="case.parallel_answered", aggregate_id=str(case.pk)).count() == 2
    )
