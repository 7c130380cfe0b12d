"""Decisions as documents (Licensing Law art. 38, 44), withdrawal (撤回),
termination (终止) and the false 告知承诺, through the services and the API."""

import datetime as dt

import chinese_calendar
import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govhall.cases import services
from govhall.cases.models import (
    Archive,
    Case,
    CaseStatus,
    CreditRecord,
    DocumentKind,
    TerminationGround,
)
from govhall.cases.tests.factories import at, id_number, intake, tokens
from govhall.cases.tests.pdftext import pdf_text
from govhall.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.models import Event


def _kinds(case: Case) -> list[str]:
    return list(case.documents.order_by("created_at", "id").values_list("kind", flat=True))


def _doc(case: Case, kind: str) -> str:
    return pdf_text(bytes(case.documents.get(kind=kind).content))


def _official(start: dt.date, days: int) -> dt.date:
    day = start
    while days:
        day += dt.timedelta(days=1)
        days -= chinese_calendar.is_workday(day)
    return day


# --- decisions ----------------------------------------------------------------------


def test_a_grant_is_numbered_documented_and_starts_the_certificate_clock(w):
    case = intake(w, w["promise"], now=at(2025, 9, 24))
    case = services.case_decide(
        actor=w["reviewer"], case=case, decision="approve", opinion="符合条件", now=at(2025, 9, 26)
    )
    prefix = w["lead"].short_name or w["lead"].name
    assert case.decision_number == f"{prefix}许准〔2025〕0001号"
    # Art. 44: 10 working days from the decision, across National Day (1-8 Oct).
    assert case.certificate_due == _official(dt.date(2025, 9, 26), 10) == dt.date(2025, 10, 16)
    assert _kinds(case) == [DocumentKind.ACCEPTANCE, DocumentKind.DECISION_GRANT]
    text = _doc(case, DocumentKind.DECISION_GRANT)
    assert "准予行政许可决定书" in text and case.decision_number in text
    assert "决定准予行政许可" in text and "第四十四条" in text and "2025年10月16日" in text
    assert "六十日内" in text and "六个月内" in text  # the right to review or sue


def test_a_refusal_gives_its_reasons_basis_and_remedies_in_its_own_series(w):
    first = intake(w, w["promise"], now=at(2025, 3, 3))
    services.case_decide(actor=w["reviewer"], case=first, decision="approve", opinion="")
    case = intake(w, w["promise"], now=at(2025, 3, 3))
    case = services.case_decide(
        actor=w["reviewer"], case=case, decision="reject", opinion="经营场所不符合消防安全要求"
    )
    assert case.decision_number.endswith(f"不许〔{case.decided_at.year}〕0001号")
    text = _doc(case, DocumentKind.DECISION_REFUSE)
    assert "不予行政许可决定书" in text and "决定不予行政许可" in text
    assert "经营场所不符合消防安全要求" in text and "第三十八条" in text
    assert "行政复议" in text and "行政诉讼" in text


def test_instant_and_commitment_decisions_have_their_decision_too(w):
    instant = intake(w, w["instant"], now=at(2025, 3, 3))
    assert instant.status == CaseStatus.COMPLETED
    assert DocumentKind.DECISION_GRANT in _kinds(instant)
    committed = intake(w, w["commit"], now=at(2025, 3, 3), commitment=True)
    assert committed.decision_number and DocumentKind.DECISION_GRANT in _kinds(committed)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.dates(min_value=dt.date(2024, 1, 2), max_value=dt.date(2025, 12, 20)))
def test_the_certificate_due_date_counts_working_days_as_the_state_council_does(w, day):
    case = intake(w, w["promise"], now=at(day.year, day.month, day.day))
    case = services.case_decide(
        actor=w["reviewer"], case=case, decision="approve", opinion="", now=at(*day.timetuple()[:3])
    )
    assert case.certificate_due == _official(day, 10)
    assert not case.certificate_due_provisional


# --- withdrawal ---------------------------------------------------------------------


def test_the_applicant_withdraws_before_the_decision(w):
    case = intake(w, w["promise"], now=at(2025, 3, 3))
    case = services.case_withdraw(
        actor=w["clerk"], case=case, reason="申请人决定暂不办理", now=at(2025, 3, 4)
    )
    assert case.status == CaseStatus.WITHDRAWN and case.is_closed
    assert case.ended_reason == "申请人决定暂不办理"
    assert DocumentKind.WITHDRAWAL in _kinds(case)
    text = _doc(case, DocumentKind.WITHDRAWAL)
    assert "撤回申请确认书" in text and "原件当场退还" in text
    assert Archive.objects.filter(case=case).exists()
    event = Event.objects.get(kind="case.withdrawn")
    assert "reason" not in event.payload and event.payload["status"] == "withdrawn"
    assert case.steps.filter(step="withdrawn").exists()


def test_a_suspended_case_can_be_withdrawn_and_its_procedure_ends(w):
    case = intake(w, w["promise"], now=at(2025, 3, 3))
    services.case_suspend(
        expected_days=10, actor=w["reviewer"], case=case, kind="testing", reason="送检"
    )
    case = services.case_withdraw(actor=w["clerk"], case=case, reason="不再需要")
    assert case.status == CaseStatus.WITHDRAWN
    assert not case.suspensions.filter(ended_on__isnull=True).exists()


def test_no_withdrawal_after_the_decision_and_nothing_changes(w):
    case = intake(w, w["promise"], now=at(2025, 3, 3))
    services.case_decide(actor=w["reviewer"], case=case, decision="approve", opinion="")
    before = _kinds(case)
    with pytest.raises(InvalidTransition):
        services.case_withdraw(actor=w["clerk"], case=case, reason="后悔了")
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED and _kinds(case) == before


def test_withdrawal_needs_a_reason_and_the_window(w):
    case = intake(w, w["promise"], now=at(2025, 3, 3))
    with pytest.raises(ValidationFailed):
        services.case_withdraw(actor=w["clerk"], case=case, reason="   ")
    with pytest.raises(PermissionDenied):
        services.case_withdraw(actor=w["reviewer"], case=case, reason="部门不能代为撤回")
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED


# --- termination and the false promise ------------------------------------------------


def test_the_death_of_the_applicant_ends_the_case(w):
    case = intake(w, w["promise"], now=at(2025, 3, 3))
    case = services.case_terminate(
        actor=w["reviewer"], case=case, ground="applicant_died", reason="已核实死亡证明"
    )
    assert case.status == CaseStatus.TERMINATED
    assert case.termination_ground == TerminationGround.APPLICANT_DIED
    text = _doc(case, DocumentKind.TERMINATION)
    assert "终止办理告知书" in text and "申请人死亡" in text and "已核实死亡证明" in text
    assert Event.objects.filter(kind="case.terminated").count() == 1


def test_termination_refused_to_another_department_and_after_the_decision(w):
    case = intake(w, w["promise"], now=at(2025, 3, 3))
    with pytest.raises(PermissionDenied):
        services.case_terminate(
            actor=w["p1_actor"], case=case, ground="applicant_dissolved", reason="注销"
        )
    with pytest.raises(ValidationFailed):
        services.case_terminate(actor=w["clerk"], case=case, ground="bored", reason="x")
    services.case_decide(actor=w["reviewer"], case=case, decision="approve", opinion="")
    with pytest.raises(InvalidTransition):
        services.case_terminate(
            actor=w["clerk"], case=case, ground="applicant_dissolved", reason="已注销"
        )
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED


def test_a_false_promise_revokes_the_decision_with_a_credit_record(w):
    case = intake(w, w["commit"], now=at(2025, 3, 3), commitment=True)
    case = services.case_terminate(
        actor=w["reviewer"], case=case, ground="false_promise", reason="现场核查经营场所与承诺不符"
    )
    assert case.status == CaseStatus.REVOKED and case.is_closed
    record = CreditRecord.objects.get(case=case)
    assert "现场核查经营场所与承诺不符" in record.reason
    text = _doc(case, DocumentKind.REVOCATION)
    assert "所作承诺与实际情况不符" in text and case.decision_number in text


def test_a_false_promise_found_after_completion_revokes_without_a_second_rating(w):
    case = intake(w, w["commit"], now=at(2025, 3, 3), commitment=True)  # nothing promised
    assert case.status == CaseStatus.DECIDED
    case = services.case_deliver(
        actor=w["clerk"],
        case=case,
        collector_name="张晓明",
        collector_id_number=id_number(),
        signature="已签字",
    )
    assert case.status == CaseStatus.COMPLETED
    closing = Event.objects.filter(kind__in=("case.completed", "case.revoked")).count()
    case = services.case_terminate(
        actor=w["reviewer"], case=case, ground="false_promise", reason="网络核验发现资质证书伪造"
    )
    assert case.status == CaseStatus.REVOKED and CreditRecord.objects.filter(case=case).exists()
    assert Event.objects.filter(kind__in=("case.completed", "case.revoked")).count() == closing
    assert Event.objects.filter(kind="case.revoked_after_completion").count() == 1


def test_a_false_promise_needs_a_commitment_case(w):
    case = intake(w, w["promise"], now=at(2025, 3, 3))
    with pytest.raises(ValidationFailed) as exc:
        services.case_terminate(actor=w["reviewer"], case=case, ground="false_promise", reason="x")
    assert exc.value.code == "not_a_commitment"


# --- the API ---------------------------------------------------------------------------


def _post(token: str, path: str, body) -> tuple[int, dict]:
    resp = Client().post(
        path, body, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )
    return resp.status_code, resp.json()


def test_api_withdraw_and_its_bad_input(w):
    t = tokens(w)
    case = intake(w, w["promise"], now=at(2025, 3, 3))
    url = f"/api/v1/cases/{case.number}/withdraw"
    for body in ({}, {"reason": ""}, {"reason": "x" * 2001}, {"reason": 5}):
        status, data = _post(t["clerk"], url, body)
        assert status == 422 and set(data["error"]) == {"code", "message", "fields"}, body
    status, data = _post(t["clerk"], url, "not json")
    assert status == 400 and data["error"]["code"]
    status, data = _post(t["other_clerk"], url, {"reason": "别的中心"})
    assert status == 404 and data["error"]["code"]
    status, data = _post(t["reviewer"], url, {"reason": "审批人员"})
    assert status == 403
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED
    status, data = _post(t["clerk"], url, {"reason": "申请人书面撤回"})
    assert status == 200 and data["status"] == "withdrawn"
    kinds = [d["kind"] for d in data["documents"]]
    assert "withdrawal" in kinds
    status, data = _post(t["clerk"], url, {"reason": "再撤一次"})
    assert status == 409 and data["error"]["code"] == "invalid_transition"


def test_api_terminate_and_decision_documents(w):
    t = tokens(w)
    case = intake(w, w["promise"], now=at(2025, 3, 3))
    status, data = _post(
        t["reviewer"], f"/api/v1/cases/{case.number}/decision", {"decision": "approve"}
    )
    assert status == 200 and "decision_grant" in [d["kind"] for d in data["documents"]]
    detail = (
        Client()
        .get(f"/api/v1/cases/{case.number}", headers={"Authorization": f"Bearer {t['clerk']}"})
        .json()
    )
    assert detail["decision_number"] and detail["certificate_due"]
    other = intake(w, w["promise"], now=at(2025, 3, 3))
    url = f"/api/v1/cases/{other.number}/terminate"
    status, data = _post(t["clerk"], url, {"ground": "moved_away", "reason": "x"})
    assert status == 422
    status, data = _post(
        t["clerk"], url, {"ground": "applicant_dissolved", "reason": "营业执照已注销"}
    )
    assert status == 200 and data["status"] == "terminated" and data["termination_ground"]


def test_the_new_notices_render_for_a_person_to_look_at(w):
    from govhall.conftest import pdf_screenshot

    granted = intake(w, w["promise"], now=at(2025, 9, 24))
    granted = services.case_decide(
        actor=w["reviewer"],
        case=granted,
        decision="approve",
        opinion="符合条件",
        now=at(2025, 9, 26),
    )
    refused = intake(w, w["promise"], now=at(2025, 9, 24))
    refused = services.case_decide(
        actor=w["reviewer"], case=refused, decision="reject", opinion="经营场所不符合消防安全要求"
    )
    withdrawn = services.case_withdraw(
        actor=w["clerk"], case=intake(w, w["promise"]), reason="申请人决定暂不办理"
    )
    for case, kind in (
        (granted, DocumentKind.DECISION_GRANT),
        (refused, DocumentKind.DECISION_REFUSE),
        (withdrawn, DocumentKind.WITHDRAWAL),
    ):
        pdf = bytes(case.documents.get(kind=kind).content)
        assert pdf_screenshot(pdf, f"cases-{kind}").stat().st_size > 10_000


# --- the 补正 clock ----------------------------------------------------------------------


def _missing(w):
    return {"申请表": ("wrong", "未签字")}


def test_the_one_time_notice_states_the_date_and_the_sweep_ends_a_case_past_it(w):
    case = intake(w, w["promise"], overrides=_missing(w), now=at(2025, 9, 24))
    assert case.status == CaseStatus.SUPPLEMENT
    assert case.supplement_due == _official(dt.date(2025, 9, 24), 20)
    text = _doc(case, DocumentKind.SUPPLEMENT)
    due = case.supplement_due
    assert f"请于{due.year}年{due.month}月{due.day}日前备齐上述材料" in text
    with pytest.raises(InvalidTransition) as exc:
        services.case_supplement_lapse(case=case, now=at(due.year, due.month, due.day))
    assert exc.value.code == "supplement_not_due"
    after = due + dt.timedelta(days=1)
    counts = services.cases_sweep(now=at(after.year, after.month, after.day))
    assert counts["lapsed"] == 1
    case.refresh_from_db()
    assert case.status == CaseStatus.LAPSED and case.is_closed
    text = _doc(case, DocumentKind.SUPPLEMENT_LAPSED)
    assert "逾期未补正告知书" in text and "申请表" in text
    assert services.cases_sweep(now=at(after.year, after.month, after.day))["lapsed"] == 0


def test_a_supplement_in_time_is_not_ended(w):
    case = intake(w, w["promise"], overrides=_missing(w), now=at(2025, 3, 3))
    line = case.materials.get(name="申请表")
    case = services.case_supplement(
        actor=w["clerk"],
        case=case,
        materials=[{"material": line.material_id, "status": "provided"}],
        now=at(2025, 3, 10),
    )
    assert case.status == CaseStatus.ACCEPTED
    assert services.cases_sweep(now=at(2025, 6, 30))["lapsed"] == 0


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.dates(min_value=dt.date(2024, 1, 2), max_value=dt.date(2025, 11, 20)))
def test_the_supplement_due_date_counts_working_days(w, day):
    case = intake(w, w["promise"], overrides=_missing(w), now=at(day.year, day.month, day.day))
    assert case.supplement_due == _official(day, 20)


# --- extension and excluded periods -----------------------------------------------------


def test_a_procedure_states_how_long_it_takes_and_a_hearing_its_date(w):
    case = intake(w, w["promise"], now=at(2025, 9, 24))
    with pytest.raises(ValidationFailed):
        services.case_suspend(actor=w["reviewer"], case=case, kind="testing", reason="送检")
    with pytest.raises(ValidationFailed):  # art. 47: a hearing within 20 working days
        services.case_suspend(
            actor=w["reviewer"], case=case, kind="hearing", reason="申请听证", expected_days=21
        )
    procedure = services.case_suspend(
        actor=w["reviewer"],
        case=case,
        kind="hearing",
        reason="利害关系人申请听证",
        expected_days=15,
        now=at(2025, 9, 26),
    )
    assert procedure.hold_by == _official(dt.date(2025, 9, 26), 20)
    text = _doc(case, DocumentKind.SUSPENSION)
    assert "听证预计需要15个工作日" in text and "第四十七条" in text
    hold = procedure.hold_by
    assert f"{hold.year}年{hold.month}月{hold.day}日前组织听证" in text


def test_joint_handling_extends_by_fifteen_and_names_the_approver(w):
    case = intake(w, w["parallel"], now=at(2025, 3, 3))
    ext = services.case_extension_request(actor=w["reviewer"], case=case, reason="需现场联合踏勘")
    assert ext.days == 15
    case = services.case_extension_approve(actor=w["reviewer2"], case=case)
    text = _doc(case, DocumentKind.EXTENSION)
    assert w["reviewer2_user"].display_name in text and "15个工作日" in text
    promise = intake(w, w["promise"], now=at(2025, 3, 3))
    assert services.case_extension_request(actor=w["reviewer"], case=promise, reason="x").days == 10
