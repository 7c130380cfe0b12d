"""Issue 10 finding 8: the appointment lookup put the phone number in the URL.
It also takes the number in a header (X-Phone) or a POST body; `?phone=` stays
for the devices built to API.md, and our own pages send it in a POST body."""

import datetime as dt

import pytest
from django.urls import reverse

from govhall.booking.tests.conftest import EVE
from govhall.booking.tests.factories import at, book, generate, id_number

PHONE = "13912345678"


@pytest.fixture
def booking(bh):
    slot = next(s for s in generate(bh, EVE) if s.date == dt.date(2026, 10, 8))
    return book(bh, slot, now=at(EVE, 10), person=id_number(), phone=PHONE)


def test_three_ways_to_give_the_phone_number_give_the_same_booking(client, booking):
    url = f"/api/v1/appointments/{booking.code}"
    by_query = client.get(f"{url}?phone={PHONE}")
    by_header = client.get(url, headers={"X-Phone": PHONE})
    by_body = client.post(f"{url}/lookup", {"phone": PHONE}, content_type="application/json")
    assert by_query.status_code == by_header.status_code == by_body.status_code == 200
    assert by_query.json() == by_header.json() == by_body.json()
    assert by_body.json()["code"] == booking.code and PHONE not in by_body.content.decode()


@pytest.mark.parametrize("how", ["header", "body"])
def test_a_wrong_number_looks_like_a_missing_booking(client, booking, how):
    url = f"/api/v1/appointments/{booking.code}"
    if how == "header":
        resp = client.get(url, headers={"X-Phone": "13800000000"})
    else:
        resp = client.post(f"{url}/lookup", {"phone": "138"}, content_type="application/json")
    assert resp.status_code == 404 and resp.json()["error"]["code"] == "booking_not_found"


def test_no_number_at_all_is_a_422_on_the_phone_field(client, booking):
    resp = client.get(f"/api/v1/appointments/{booking.code}", headers={"Accept-Language": "en"})
    assert resp.status_code == 422
    error = resp.json()["error"]
    assert error["fields"] == {"phone": "Required"}
    assert error["message"] == "Enter the mobile number given when booking"
    empty = client.post(
        f"/api/v1/appointments/{booking.code}/lookup", {}, content_type="application/json"
    )
    assert empty.status_code == 422 and "phone" in empty.json()["error"]["fields"]


def test_the_schema_documents_the_header_and_the_body(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    get = paths["/api/v1/appointments/{code}"]["get"]
    names = {(p["in"], p["name"]) for p in get["parameters"]}
    assert {("header", "X-Phone"), ("query", "phone"), ("path", "code")} <= names
    assert "requestBody" in paths["/api/v1/appointments/{code}/lookup"]["post"]


def test_our_manage_page_sends_the_number_in_a_post_body(client, booking):
    page = client.get(reverse("booking:manage")).content.decode()
    assert 'method="post"' in page and 'name="phone"' in page
    resp = client.post(
        reverse("booking:manage"), {"action": "lookup", "code": booking.code, "phone": PHONE}
    )
    assert resp.status_code == 302 and PHONE not in resp["Location"]
