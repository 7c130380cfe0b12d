"""The complaint pages through Django's test client: the citizen's form and
receipt, the staff work list, registration and the complaint page. A refused
step is shown with its status, never a 500."""

import pytest
from django.urls import reverse

from govhall.core.models import AuditLog
from govhall.feedback.models import Complaint, ComplaintStatus

from .complaint_factories import CONTENT, NAME, PHONE, at, receive, walk, world


@pytest.fixture
def w(db):
    return world()


def _as(client, user):
    client.force_login(user)
    return client


# --- citizen -----------------------------------------------------------------------------


def test_online_form_files_a_complaint_and_shows_the_receipt(client, w):
    url = reverse("feedback:complaint_online", args=[w["center"].code])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "网上投诉" in html and 'id="elderly-toggle"' in html and w["w1"].name in html
    resp = client.post(
        url,
        {
            "content": CONTENT,
            "staff_number": w["subject_user"].staff_number,
            "window": w["w1"].code,
            "complainant_name": NAME,
            "complainant_phone": PHONE,
        },
    )
    complaint = Complaint.objects.get()
    assert resp.status_code == 302
    assert resp["Location"] == reverse("feedback:complaint_receipt", args=[complaint.receipt_token])
    assert complaint.channel == "online" and complaint.staff == w["subject_user"]
    assert complaint.window == w["w1"] and complaint.received_by is None
    receipt = client.get(resp["Location"])
    html = receipt.content.decode()
    assert receipt.status_code == 200
    assert complaint.number in html and complaint.reply_due.strftime("%Y-%m-%d") in html
    assert "已登记" in html and PHONE not in html and NAME not in html and "139****5678" in html
    pdf = client.get(reverse("feedback:complaint_receipt_pdf", args=[complaint.receipt_token]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_receipt_shows_the_reply_once_given(client, w):
    complaint = walk(w, receive(w), to="replied")
    html = client.get(reverse("feedback:complaint_receipt", args=[complaint.receipt_token]))
    assert "处理结果" in html.content.decode() and complaint.reply in html.content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"content": ""}, "content"),
        ({"content": "x" * 2001}, "content"),
        ({"content": "x", "complainant_phone": "123"}, "complainant_phone"),
        ({"content": "x", "complainant_name": "名" * 51}, "complainant_name"),
        ({"content": "x", "window": "NOPE"}, "window"),
    ],
)
def test_online_form_errors(client, w, data, field):
    url = reverse("feedback:complaint_online", args=[w["center"].code])
    resp = client.post(url, data)
    assert resp.status_code == 422
    assert field in resp.context["form"].errors
    assert 'class="field-error"' in resp.content.decode()
    assert not Complaint.objects.exists()


def test_unknown_centre_and_receipt_are_404_pages(client, w):
    assert client.get("/feedback/center/NOPE/complain/").status_code == 404
    assert client.get("/feedback/complaints/receipt/nope/").status_code == 404
    assert client.get("/feedback/complaints/receipt/nope/pdf/").status_code == 404
    assert client.post("/feedback/center/NOPE/complain/", {"content": "x"}).status_code == 404
    assert not Complaint.objects.exists()


# --- staff -------------------------------------------------------------------------------


def test_work_list_needs_a_login_and_the_centre(client, w):
    url = reverse("feedback:complaints", args=[w["center"].code])
    assert client.get(url).status_code == 401
    assert _as(client, w["other_admin_user"]).get(url).status_code == 403


def test_work_list_with_figures_and_warnings(client, w):
    late = receive(w, now=at(2025, 3, 3))
    late.warning = "red"
    late.save()
    walk(w, receive(w), to="replied")
    url = reverse("feedback:complaints", args=[w["center"].code])
    resp = _as(client, w["admin_user"]).get(url)
    html = resp.content.decode()
    assert resp.status_code == 200
    assert late.number in html and 'class="warn-red"' in html
    assert "按期答复率" in html and resp.context["figures"]["received"] == 1
    assert len(resp.context["rows"]) == 1  # open ones by default
    all_rows = client.get(url + "?status=all")
    assert len(all_rows.context["rows"]) == 2
    for month in ("2025-13", "9999-12", "0001-01", "x", "2025-03-01", "-1-1"):
        assert client.get(url + f"?status=bogus&month={month}").status_code == 200
    march = client.get(url + "?month=2025-03")
    assert march.context["figures"]["received"] == 1 and march.context["figures"]["month"] == 3


def test_clerk_sees_only_own_and_no_figures(client, w):
    mine = walk(w, receive(w), to="assigned")
    theirs = receive(w)
    resp = _as(client, w["handler_user"]).get(
        reverse("feedback:complaints", args=[w["center"].code])
    )
    assert resp.status_code == 200 and resp.context["figures"] is None
    assert [c.number for c in resp.context["rows"]] == [mine.number]
    assert client.get(reverse("feedback:complaint", args=[theirs.number])).status_code == 404


def test_reception_registers_a_window_complaint(client, w):
    _as(client, w["reception_user"])
    url = reverse("feedback:complaint_new", args=[w["center"].code])
    assert client.get(url).status_code == 200
    resp = client.post(
        url,
        {
            "channel": "window",
            "content": CONTENT,
            "complainant_name": NAME,
            "complainant_phone": PHONE,
            "staff_number": w["subject_user"].staff_number,
            "window": w["w1"].code,
        },
    )
    complaint = Complaint.objects.get()
    assert resp.status_code == 302 and resp["Location"].endswith(f"/{complaint.number}/")
    assert complaint.received_by == w["reception_user"]
    missing_ref = client.post(url, {"channel": "hotline", "content": "x"})
    assert missing_ref.status_code == 422 and "hotline_ref" in missing_ref.context["form"].errors
    assert _as(client, w["handler_user"]).get(url).status_code == 403
    assert Complaint.objects.count() == 1


def test_complaint_page_steps(client, w):
    complaint = receive(w)
    url = reverse("feedback:complaint", args=[complaint.number])
    assert client.get(url).status_code == 401
    _as(client, w["admin_user"])
    page = client.get(url)
    assert page.status_code == 200 and page.context["can_assign"]
    html = page.content.decode()
    assert NAME not in html and PHONE not in html and "139****5678" in html
    # The person complained about is not offered as assignee.
    choices = [v for v, _label in page.context["assign_form"].fields["assignee"].choices]
    assert w["subject_user"].pk not in choices and w["handler_user"].pk in choices
    # Out of order: a 409 shown on the page, nothing changed.
    early = client.post(url, {"step": "reply", "reply": "太早"})
    assert early.status_code == 409 and "不能执行此操作" in early.content.decode()
    bad = client.post(url, {"step": "assign", "assignee": "999999"})
    assert bad.status_code == 422
    unknown = client.post(url, {"step": "nope"})
    assert unknown.status_code == 422
    resp = client.post(url, {"step": "assign", "assignee": w["handler_user"].pk})
    assert resp.status_code == 302
    _as(client, w["handler_user"])
    empty = client.post(url, {"step": "investigate", "investigation": "", "founded": "yes"})
    assert empty.status_code == 422
    assert (
        client.post(
            url, {"step": "investigate", "investigation": "核实属实", "founded": "yes"}
        ).status_code
        == 302
    )
    assert client.post(url, {"step": "reply", "reply": "已处理"}).status_code == 302
    reveal = client.post(url, {"step": "reveal"})
    assert reveal.status_code == 200 and PHONE in reveal.content.decode()
    assert AuditLog.objects.filter(action="personal_data.revealed").count() == 1
    no_note = client.post(url, {"step": "return_visit", "satisfaction": "dissatisfied"})
    assert no_note.status_code == 422
    done = client.post(url, {"step": "return_visit", "satisfaction": "satisfied"})
    assert done.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED and complaint.founded is True
    assert "本投诉已办结" in client.get(url).content.decode()
    assert _as(client, w["other_admin_user"]).get(url).status_code == 404
    assert client.get(reverse("feedback:complaint", args=["\x00"])).status_code in (400, 404)
