"""Pages: public progress; window intake; the case page with the viewer's
steps; the reviewers' work list; the centre admin's open cases."""

import re

from govhall.cases import services
from govhall.cases.models import Case, CaseStatus
from govhall.cases.tests.factories import NAME, PHONE, at, id_number, intake
from govhall.queueing import services as queueing
from govhall.queueing.tests.factories import queue, window


def test_progress_page(w, client):
    case = intake(w, w["promise"])
    resp = client.post("/cases/progress/", {"number": case.number, "check_code": case.check_code})
    assert resp.status_code == 200
    page = resp.content.decode()
    assert case.item_name in page and "受理" in page and case.due_date.strftime("%Y-%m-%d") in page
    assert NAME not in page and NAME[0] not in page
    wrong = client.post("/cases/progress/", {"number": case.number, "check_code": "1"})
    assert wrong.status_code == 404 and "查询码不正确" in wrong.content.decode()
    assert client.get("/cases/progress/").status_code == 200


def _intake_form(item, missing=()):
    data = {
        "item": item.code,
        "kind": "person",
        "name": NAME,
        "id_number": id_number(),
        "phone": PHONE,
        "delivery": "window",
        "use_ticket": "1",
        "outcome": "check",
    }
    for m in item.published_version.materials.all():
        status = "missing" if m.name in missing else "provided"
        data[f"m{m.pk}_status"] = status
    return data


def test_intake_from_the_window_console(w, client):
    q = queue(w["center"], "Z", w["promise"])
    win = window(w["center"], 5, q)
    ticket = queueing.ticket_issue(
        actor=w["clerk"], center=w["center"], item_code=w["promise"].code
    )
    queueing.ticket_call_next(actor=w["clerk"], window=win)
    client.force_login(w["clerk"].user)
    url = f"/cases/window/{win.code}/intake/"
    page = client.get(url).content.decode()
    assert ticket.number in page and "申请人有效身份证件" in page  # the ticket's item
    bad = client.post(url, {**_intake_form(w["promise"]), "phone": "123"})
    assert bad.status_code == 422 and "手机号码" in bad.content.decode()
    assert not Case.objects.exists()
    resp = client.post(url, _intake_form(w["promise"], missing={"申请表"}))
    case = Case.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/cases/c/{case.number}/"
    assert case.status == CaseStatus.SUPPLEMENT and case.ticket == ticket
    page = client.get(resp["Location"]).content.decode()
    assert (
        "一次性告知单" in page and "张**" in page and NAME not in page and id_number() not in page
    )
    doc = re.search(r'href="(/cases/c/[^"]+/doc/\d+/)"', page).group(1)
    pdf = client.get(doc)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    line = case.materials.get(name="申请表")
    back = client.post(
        resp["Location"] + "act/", {"step": "supplement", f"m{line.pk}_status": "provided"}
    )
    assert back.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED
    client.force_login(w["other_clerk"].user)
    assert client.get(doc).status_code == 404
    assert client.get(resp["Location"]).status_code == 404
    assert client.get(url).status_code == 403


def test_refusal_from_the_intake_page(w, client):
    win = window(w["center"], 6)
    client.force_login(w["clerk"].user)
    data = {**_intake_form(w["promise"]), "outcome": "refuse", "refusal_reason": "不属于本机关职权"}
    resp = client.post(f"/cases/window/{win.code}/intake/", data)
    assert resp.status_code == 302
    assert Case.objects.get().status == CaseStatus.REFUSED


def test_reviewer_work_list_and_decision(w, client):
    late = intake(w, w["promise"], now=at(2025, 3, 3))
    soon = intake(w, w["parallel"], now=at(2025, 3, 5))
    services.cases_sweep(now=at(2025, 3, 11))  # the first is overdue
    client.force_login(w["reviewer_user"])
    page = client.get(f"/cases/center/{w['center'].code}/work/").content.decode()
    assert page.index(late.number) < page.index(soon.number)  # nearest due date first
    assert "红色预警" in page
    case_page = client.get(f"/cases/c/{late.number}/").content.decode()
    assert "审批决定" in case_page and "出件" not in case_page.split("<h2>办理</h2>")[1]
    # p1 sees the parallel case only, with an answer form and no decision form.
    client.force_login(w["p1_user"])
    page = client.get(f"/cases/center/{w['center'].code}/work/").content.decode()
    assert soon.number in page and late.number not in page
    p1_page = client.get(f"/cases/c/{soon.number}/").content.decode()
    assert "并联审批答复" in p1_page and 'value="decide"' not in p1_page
    refused = client.post(
        f"/cases/c/{late.number}/act/", {"step": "decide", "decision": "approve", "opinion": "x"}
    )
    assert refused.status_code == 404  # not p1's department: not even shown
    assert Case.objects.get(pk=late.pk).status == CaseStatus.ACCEPTED
    client.force_login(w["reviewer_user"])
    done = client.post(
        f"/cases/c/{late.number}/act/", {"step": "decide", "decision": "approve", "opinion": "同意"}
    )
    assert done.status_code == 302
    assert Case.objects.get(pk=late.pk).status == CaseStatus.DECIDED
    again = client.post(f"/cases/c/{late.number}/act/", {"step": "decide", "decision": "approve"})
    assert again.status_code == 409 and "不能执行此操作" in again.content.decode()


def test_lead_sees_every_parallel_answer(w, client):
    case = intake(w, w["parallel"])
    services.parallel_answer(
        actor=w["p1_actor"],
        case=case,
        department=w["p1"],
        answer="disagree",
        reason="不符合消防要求",
    )
    client.force_login(w["reviewer_user"])
    page = client.get(f"/cases/c/{case.number}/").content.decode()
    assert "不符合消防要求" in page and "不同意" in page and "待答复" in page


def test_admin_open_cases_with_clocks(w, client):
    case = intake(w, w["promise"])
    client.force_login(w["admin"].user)
    page = client.get(f"/cases/center/{w['center'].code}/open/").content.decode()
    assert case.number in page and "剩余工作日" in page
    client.force_login(w["clerk"].user)
    assert client.get(f"/cases/center/{w['center'].code}/open/").status_code == 403
    client.logout()
    assert client.get(f"/cases/center/{w['center'].code}/open/").status_code == 401


def test_admin_pages_show_no_personal_data(w, client):
    from govhall.catalog.tests.factories import superuser

    case = intake(w, w["instant"])
    client.force_login(superuser())
    listing = client.get("/admin/cases/case/")
    detail = client.get(f"/admin/cases/case/{case.pk}/change/")
    assert listing.status_code == detail.status_code == 200
    for page in (listing, detail):
        text = page.content.decode()
        assert case.number in text and NAME not in text and id_number() not in text
        assert PHONE not in text and case.check_code not in text
