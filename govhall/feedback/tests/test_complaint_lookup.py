"""凭投诉编号查询 (issue 11, finding 8): the receipt promises a lookup by number;
a citizen finds the complaint with its number and phone, as typed from a
slip (lower case, spaces, full width), on the web and through the API; a wrong
pair says nothing about which half was wrong; the phone never rides in a URL."""

import pytest
from django.test import override_settings
from django.urls import reverse

from govhall.cases.tests.pdftext import pdf_text
from govhall.feedback.documents import receipt_pdf

from .complaint_factories import PHONE, receive, walk, world

LOOKUP = "/feedback/complaints/lookup/"
API = "/api/v1/complaints/lookup"


@pytest.fixture
def w(db):
    return world()


def _as_typed(number: str) -> str:
    """The number as a person might type it: lower case, a space, full-width digits."""
    full = number.translate({ord(d): ord(d) - ord("0") + ord("０") for d in "0123456789"})
    return " " + full.lower()[:4] + " " + full.lower()[4:] + " "


def test_number_and_phone_open_the_receipt_page(client, w):
    complaint = receive(w)
    page = client.post(LOOKUP, {"number": _as_typed(complaint.number), "phone": PHONE})
    assert page.status_code == 302
    assert page["Location"] == reverse("feedback:complaint_receipt", args=[complaint.receipt_token])
    assert complaint.number in client.get(page["Location"]).content.decode()


@pytest.mark.parametrize(
    "number,phone",
    [("SC-NOPE-TS202600001", PHONE), (None, "13800000000"), (None, "not a phone"), ("", "")],
)
def test_a_wrong_pair_finds_nothing_and_says_so_once(client, w, number, phone):
    complaint = receive(w)
    resp = client.post(
        LOOKUP, {"number": complaint.number if number is None else number, "phone": phone}
    )
    assert resp.status_code in (404, 422)
    body = resp.content.decode()
    assert complaint.receipt_token not in body and complaint.content not in body
    if resp.status_code == 404:
        assert "投诉编号或联系电话不正确" in body


def test_the_receipt_links_to_the_lookup_without_the_phone(client, w):
    complaint = receive(w)
    page = client.get(reverse("feedback:complaint_receipt", args=[complaint.receipt_token]))
    html = page.content.decode()
    assert f"{LOOKUP}?number=" in html and PHONE not in html
    form = client.get(f"{LOOKUP}?number={complaint.number}").content.decode()
    assert f'value="{complaint.number}"' in form
    assert "凭投诉编号和手机号码" in pdf_text(receipt_pdf(complaint))


def test_api_lookup_gives_status_and_reply(client, w):
    complaint = receive(w)
    walk(w, complaint, to="replied")
    resp = client.post(
        API,
        {"number": _as_typed(complaint.number), "phone": PHONE},
        content_type="application/json",
    )
    assert resp.status_code == 200, resp.json()
    body = resp.json()
    assert body["number"] == complaint.number and body["status"] == "replied"
    assert body["reply"] and body["receipt_url"].startswith("http")
    assert PHONE not in resp.content.decode()
    wrong = client.post(
        API, {"number": complaint.number, "phone": "13800000000"}, content_type="application/json"
    )
    assert wrong.status_code == 404 and wrong.json()["error"]["code"] == "complaint_not_found"
    for bad in ({}, {"number": "x" * 61, "phone": PHONE}, {"number": 5, "phone": []}):
        assert client.post(API, bad, content_type="application/json").status_code == 422


def test_an_anonymous_complaint_cannot_be_found_by_number_alone(client, w):
    complaint = receive(w, complainant_phone="")
    resp = client.post(LOOKUP, {"number": complaint.number, "phone": PHONE})
    assert resp.status_code == 404


@override_settings(GOVHALL_WEB_FORM_RATE="3/h")
def test_the_lookup_form_is_throttled_per_address(client, w):
    from django.core.cache import cache

    cache.clear()
    complaint = receive(w)
    for _ in range(3):
        client.post(LOOKUP, {"number": complaint.number, "phone": "13800000000"})
    assert client.post(LOOKUP, {"number": complaint.number, "phone": PHONE}).status_code == 429
    cache.clear()
