"""The case endpoints of API.md, and bad input answered in the error shape with
nothing changed."""

import pytest

from govhall.cases.models import Case, CaseStatus, Opinion
from govhall.cases.tests.factories import NAME, PHONE, checklist, company, id_number, person, tokens
from govhall.core.models import Event, TokenKind
from govhall.core.services import token_create
from govhall.queueing.tests.factories import window


@pytest.fixture
def api(client, w):
    w["tokens"] = tokens(w)

    def call(method, url, body=None, token="clerk", **headers):
        if token:
            headers["Authorization"] = f"Bearer {w['tokens'].get(token, token)}"
        if method == "get":
            return client.get(url, headers=headers)
        return client.post(url, body or {}, content_type="application/json", headers=headers)

    w["call"] = call
    return w


def body(api, item="promise", **over):
    it = api[item]
    return {
        "center": api["center"].code,
        "item": it.code,
        "applicant": person(),
        "materials": checklist(it),
        **over,
    }


def test_intake_accepts_and_returns_the_documents(api):
    resp = api["call"]("post", "/api/v1/cases", body(api))
    assert resp.status_code == 201, resp.json()
    out = resp.json()
    assert out["status"] == "accepted" and out["number"].startswith("SJ-")
    assert len(out["check_code"]) == 8 and out["committed_date"]
    assert [d["kind"] for d in out["documents"]] == ["acceptance"]
    assert out["documents"][0]["url"].startswith("http")  # API.md: absolute
    pdf = api["call"]("get", out["documents"][0]["url"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert api["call"]("get", out["documents"][0]["url"], token=None).status_code == 401
    other = api["call"]("get", out["documents"][0]["url"], token="other_clerk")
    assert other.status_code == 404 and other.json()["error"]["code"] == "not_found"
    assert NAME not in resp.content.decode() and id_number() not in resp.content.decode()


def test_intake_outcomes(api):
    by_name = [
        {"material": m.name, "status": "missing" if m.name == "申请表" else "provided"}
        for m in api["promise"].published_version.materials.all()
    ]
    supplement = api["call"]("post", "/api/v1/cases", body(api, materials=by_name)).json()
    assert supplement["status"] == "supplement" and supplement["committed_date"] is None
    assert supplement["documents"][0]["kind"] == "supplement"
    refused = api["call"](
        "post", "/api/v1/cases", body(api, materials=[], refusal_reason="不属于本机关职权范围")
    ).json()
    assert refused["status"] == "refused"
    instant = api["call"]("post", "/api/v1/cases", body(api, "instant")).json()
    assert instant["status"] == "completed" and [d["kind"] for d in instant["documents"]] == [
        "decision_grant",
        "completion",
    ]
    back = api["call"](
        "post",
        f"/api/v1/cases/{supplement['number']}/supplement",
        {"materials": [{"material": "申请表", "status": "provided"}]},
    )
    assert back.status_code == 200 and back.json()["status"] == "accepted"


def test_window_token_takes_cases_in(api):
    win = window(api["center"], 3)
    raw = token_create(kind=TokenKind.WINDOW, center=api["center"], window=win)[1]
    resp = api["call"]("post", "/api/v1/cases", body(api, applicant=company()), token=raw)
    assert resp.status_code == 201
    assert Case.objects.get(number=resp.json()["number"]).window == win
    display = token_create(kind=TokenKind.DISPLAY, center=api["center"])[1]
    assert api["call"]("post", "/api/v1/cases", body(api), token=display).status_code == 403


def _bad_bodies(api):
    from govhall.catalog import services as catalog
    from govhall.catalog.tests.factories import guide, superuser
    from govhall.core.actors import actor_for_user

    draft = catalog.item_create(
        actor=actor_for_user(superuser()),
        code="DRAFT-API",
        department=api["lead"],
        domain="market_regulation",
        guide=guide(),
    )
    return [
        (body(api, item="promise") | {"item": draft.code}, 422, "item_not_published"),
        (body(api) | {"item": "NOPE"}, 404, "item_not_found"),
        (
            body(api, applicant=company(credit_code="91310117MA1J3QW800")),
            422,
            "credit_code_checksum",
        ),
        (body(api, applicant=person(id_number="310117198506121231")), 422, "id_number_checksum"),
        (body(api, applicant=person(phone="110")), 422, "phone_invalid"),
        (body(api) | {"center": api["other"].code}, 403, "forbidden_center"),
        (body(api) | {"center": "NOWHERE"}, 404, "center_not_found"),
        (body(api, materials=[{"material": 1, "status": "lost"}]), 422, "validation_error"),
        (body(api, materials=[]), 422, "checklist_incomplete"),
        (body(api, delivery={"method": "post"}), 422, "validation_error"),
        (body(api, commitment=True), 422, "commitment_not_allowed"),
        ({"center": api["center"].code}, 422, "validation_error"),
        (body(api, ticket=999999), 422, "ticket_not_serving"),
    ]


def test_bad_intakes_change_nothing(api):
    for payload, status, code in _bad_bodies(api):
        resp = api["call"]("post", "/api/v1/cases", payload)
        assert resp.status_code == status, (code, resp.json())
        error = resp.json()["error"]
        assert error["code"] == code and error["message"]
        assert set(error) == {"code", "message", "fields"}
    assert api["call"]("post", "/api/v1/cases", "{not json", token="clerk").status_code in (
        400,
        422,
    )
    assert not Case.objects.exists()
    assert not Event.objects.filter(kind__startswith="case.").exists()


def test_invalid_credit_code_names_the_field_in_english_too(api):
    payload = body(api, applicant=company(credit_code="91310117MA1J3QW800"))
    resp = api["call"]("post", "/api/v1/cases", payload, HTTP_ACCEPT_LANGUAGE="en")
    assert resp.status_code == 422
    assert "applicant.credit_code" in resp.json()["error"]["fields"]


def test_decision_by_the_department_and_bad_decisions(api):
    number = api["call"]("post", "/api/v1/cases", body(api)).json()["number"]
    url = f"/api/v1/cases/{number}/decision"
    cases = [
        # another department does not even see the case (issue 10, finding 2)
        ("p1", {"decision": "approve", "opinion": "同意"}, 404, "not_found"),
        ("other_reviewer", {"decision": "approve", "opinion": "同意"}, 404, "not_found"),
        ("clerk", {"decision": "approve", "opinion": "同意"}, 403, "forbidden_role"),
        ("reviewer", {"decision": "maybe"}, 422, "validation_error"),
        ("reviewer", {"decision": "reject", "opinion": ""}, 422, "validation_error"),
        (None, {"decision": "approve"}, 401, "unauthorized"),
    ]
    for token, payload, status, code in cases:
        resp = api["call"]("post", url, payload, token=token)
        assert resp.status_code == status, (token, resp.json())
        assert resp.json()["error"]["code"] == code
    case = Case.objects.get(number=number)
    assert case.status == CaseStatus.ACCEPTED and not Opinion.objects.exists()
    ok = api["call"]("post", url, {"decision": "reject", "opinion": "不符合条件"}, token="reviewer")
    assert ok.status_code == 200 and ok.json()["decision"] == "reject"
    again = api["call"]("post", url, {"decision": "approve", "opinion": "x"}, token="reviewer")
    assert again.status_code == 409 and again.json()["error"]["code"] == "invalid_transition"


def test_step_out_of_order_is_409(api):
    waiting = api["call"](
        "post",
        "/api/v1/cases",
        body(api, materials=[{**m, "status": "missing"} for m in checklist(api["promise"])]),
    ).json()["number"]
    for path, payload, token in (
        ("decision", {"decision": "approve", "opinion": "同意"}, "reviewer"),
        ("resume", {}, "reviewer"),
        ("deliver", {"collector_name": "x"}, "clerk"),
        ("suspend", {"kind": "hearing", "reason": "听证", "expected_days": 15}, "reviewer"),
    ):
        resp = api["call"]("post", f"/api/v1/cases/{waiting}/{path}", payload, token=token)
        assert resp.status_code == 409, (path, resp.json())
        assert resp.json()["error"]["code"] == "invalid_transition"
    assert Case.objects.get(number=waiting).status == CaseStatus.SUPPLEMENT


def test_public_progress_has_no_personal_data(api, client):
    out = api["call"]("post", "/api/v1/cases", body(api)).json()
    api["call"](
        "post",
        f"/api/v1/cases/{out['number']}/opinions",
        {"opinion": "张晓明材料齐全"},
        token="reviewer",
    )
    url = f"/api/v1/cases/progress/{out['number']}?check_code={out['check_code']}"
    resp = client.get(url)
    assert resp.status_code == 200
    progress = resp.json()
    assert set(progress) >= {"number", "item", "status", "committed_date", "timeline"}
    assert [s["step"] for s in progress["timeline"]] == ["received", "accepted", "reviewed"]
    assert progress["timeline"][0]["at"].endswith("+08:00")
    text = resp.content.decode()
    for secret in (NAME, "张", id_number(), PHONE, "5678"):
        assert secret not in text
    wrong = client.get(f"/api/v1/cases/progress/{out['number']}?check_code=00000000")
    unknown = client.get(f"/api/v1/cases/progress/SJ-1999-000001?check_code={out['check_code']}")
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()


def test_staff_detail_is_masked(api):
    number = api["call"]("post", "/api/v1/cases", body(api)).json()["number"]
    detail = api["call"]("get", f"/api/v1/cases/{number}").json()
    assert detail["applicant"] == "张**" and detail["phone"] == "138****5678"
    assert detail["applicant_identifier"].startswith("310***")
    assert api["call"]("get", f"/api/v1/cases/{number}", token="other_clerk").status_code == 404


def test_idempotent_intake(api, client):
    headers = {"Authorization": f"Bearer {api['tokens']['clerk']}", "Idempotency-Key": "k-1"}
    first = client.post(
        "/api/v1/cases", body(api), content_type="application/json", headers=headers
    )
    second = client.post(
        "/api/v1/cases", body(api), content_type="application/json", headers=headers
    )
    assert first.status_code == second.status_code == 201
    assert first.json()["number"] == second.json()["number"]
    assert Case.objects.count() == 1


def test_parallel_answers_and_worklists_over_the_api(api):
    number = api["call"]("post", "/api/v1/cases", body(api, "parallel")).json()["number"]
    center = api["center"].code
    mine = api["call"]("get", f"/api/v1/centers/{center}/cases", token="p1").json()
    assert [c["number"] for c in mine] == [number]
    resp = api["call"](
        "post", f"/api/v1/cases/{number}/parallel/{api['p2'].code}", {"answer": "agree"}, token="p1"
    )
    assert resp.status_code == 403
    for token, dept, answer in (("p1", "p1", "disagree"), ("p2", "p2", "agree")):
        resp = api["call"](
            "post",
            f"/api/v1/cases/{number}/parallel/{api[dept].code}",
            {"answer": answer, "reason": "不符合规划要求"},
            token=token,
        )
        assert resp.status_code == 200, resp.json()
    assert api["call"]("get", f"/api/v1/centers/{center}/cases", token="p1").json() == []
    approve = api["call"](
        "post", f"/api/v1/cases/{number}/decision", {"decision": "approve"}, token="reviewer"
    )
    assert approve.status_code == 409 and approve.json()["error"]["code"] == "parallel_refused"
    admin = api["call"]("get", f"/api/v1/centers/{center}/cases?scope=open", token="admin").json()
    assert admin[0]["number"] == number and admin[0]["days_left"] is not None
    denied = api["call"]("get", f"/api/v1/centers/{center}/cases?scope=open", token="clerk")
    assert denied.status_code == 403


def test_inspection_over_the_api(api):
    number = api["call"]("post", "/api/v1/cases", body(api)).json()["number"]
    url = f"/api/v1/cases/{number}/inspections"
    one = {"inspectors": [api["reviewer_user"].username], "findings": "现场一致"}
    assert api["call"]("post", url, one, token="reviewer").status_code == 422
    outsider = {
        "inspectors": [api["reviewer_user"].username, api["clerk"].user.username],
        "findings": "现场一致",
    }
    resp = api["call"]("post", url, outsider, token="reviewer")
    assert resp.json()["error"]["code"] == "inspector_not_in_department"
    two = {
        "inspectors": [api["reviewer_user"].username, api["reviewer2_user"].username],
        "findings": "经营场所与申报一致",
    }
    resp = api["call"]("post", url, two, token="reviewer")
    assert resp.status_code == 200
    assert resp.json()["timeline"][-1]["step"] == "inspected"


def test_document_reads_are_audited(api):
    from govhall.core.models import AuditLog

    out = api["call"]("post", "/api/v1/cases", body(api)).json()
    api["call"]("get", out["documents"][0]["url"])
    entry = AuditLog.objects.get(action="case.document_read")
    assert entry.actor == api["clerk"].user and entry.detail["kind"] == "acceptance"


def test_openapi_schema_still_builds(client, w):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/cases" in schema["paths"]
    assert "/api/v1/cases/progress/{number}" in schema["paths"]
