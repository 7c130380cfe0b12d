"""GET /api/v1/centers/{center}/compliance (API.md), and the pages' bad input:
every refusal in the error shape or a 4xx page, nothing half-written."""

import datetime as dt

import pytest
from django.test import Client

from govhall.core.services import token_create
from govhall.core.tests.factories import actor
from govhall.hall import inventory
from govhall.hall.models import Facility
from govhall.standards.audit.models import Evidence
from govhall.standards.rules.models import RuleDocument

from .factories import PDF, pdf, png, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = world()
    for who in ("admin", "clerk", "supervisor", "other_admin"):
        data[f"{who}_raw"] = token_create(kind="staff", user=data[who])[1]
    return data


def get(w, who, code=None):
    headers = {"Authorization": f"Bearer {w[who + '_raw']}"} if who else {}
    return Client(headers=headers).get(f"/api/v1/centers/{code or w['center'].code}/compliance")


def test_the_admin_and_the_supervisor_read_it_and_it_follows_the_data(w):
    body = get(w, "admin").json()
    assert body["level"] == "town" and set(body) == {"level", "score", "checked_at", "items"}
    rows = {r["ref"]: r for r in body["items"]}
    assert len(rows) == 180
    assert rows["001/表2/9"]["status"] == "not_met"
    assert rows["001/表1/1"]["status"] == "not_applicable"
    assert rows["003/四(一)1(2)/1"]["status"] == "unchecked"
    inventory.zone_create(actor=actor(w["admin"]), center=w["center"], kind="archive", name="档案")
    again = {r["ref"]: r for r in get(w, "supervisor").json()["items"]}
    assert again["001/表2/9"]["status"] == "met"
    assert float(get(w, "admin").json()["score"]) > float(body["score"])


@pytest.mark.parametrize(
    ("who", "code", "status", "error"),
    [
        (None, None, 401, None),
        ("clerk", None, 403, "forbidden"),
        ("other_admin", None, 403, "forbidden_center"),
        ("admin", "NOPE", 404, "center_not_found"),
        ("admin", "X" * 300, 404, "center_not_found"),
    ],
)
def test_refusals_are_the_error_shape(w, who, code, status, error):
    response = get(w, who, code)
    assert response.status_code == status
    if error:
        assert response.json()["error"]["code"] in (error, "forbidden_role")
        assert set(response.json()["error"]) == {"code", "message", "fields"}


def test_upload_pages_check_type_and_size_and_write_nothing(w, settings):
    client = Client()
    client.force_login(w["admin"])
    base = f"/standards/{w['center'].code}"
    cases = [
        ({"ref": "003/四(一)1(3)/1"}, 422),  # no file
        ({"ref": "003/四(一)1(3)/1", "file": pdf(body=b"GIF89a fake")}, 422),  # not a PDF/photo
        ({"ref": "nonsense", "file": png()}, 422),  # no such requirement
        ({"ref": "003/四(一)1(3)/1", "file": png(), "note": "长" * 201}, 422),
    ]
    for data, status in cases:
        assert client.post(f"{base}/audit/evidence/", data).status_code == status
    big = pdf(body=PDF + b"0" * (8 * 1024 * 1024))
    response = client.post(f"{base}/audit/evidence/", {"ref": "003/四(一)1(3)/1", "file": big})
    assert response.status_code == 422 and "不超过8MB".encode() in response.content
    assert Evidence.objects.count() == 0
    rule = {"key": "leave", "version": "2026版", "issued_on": dt.date.today().isoformat()}
    for data in (
        {**rule, "file": png()},  # rules are PDFs
        {**rule, "key": "nope", "file": pdf()},
        {**rule, "version": "", "file": pdf()},
        {**rule, "issued_on": "2999-01-01", "file": pdf()},
        {**rule, "issued_on": "not a date", "file": pdf()},
    ):
        assert client.post(f"{base}/rules/upload/", data).status_code == 422
    assert RuleDocument.objects.count() == 0
    assert client.post(f"{base}/rules/upload/", {**rule, "file": pdf()}).status_code == 302
    assert client.post(f"{base}/rules/upload/", {**rule, "file": pdf()}).status_code == 409
    assert RuleDocument.objects.count() == 1
    # a step out of order: confirming evidence of another centre / none
    assert client.post(f"{base}/audit/evidence/999/confirm/").status_code == 404
    assert client.post(f"{base}/audit/run/", {"owner": "abc"}).status_code == 422
    assert client.post(f"{base}/audit/run/", {"due": "2000-01-01"}).status_code == 422


def test_inventory_pages_refuse_bad_input(w):
    client = Client()
    client.force_login(w["admin"])
    zone = inventory.zone_create(
        actor=actor(w["admin"]), center=w["center"], kind="guidance", name="导服"
    )
    url = f"/settings/{w['center'].code}/facilities/"
    for data in (
        {"zone": zone.pk, "kind": "nonsense", "count": "1"},
        {"zone": zone.pk, "kind": "inquiry_desk", "count": "-1"},
        {"zone": zone.pk, "kind": "inquiry_desk", "count": "x"},
        {"zone": zone.pk, "kind": "inquiry_desk", "count": "1", "location": "长" * 61},
    ):
        assert client.post(url, data).status_code == 422
    other_zone = inventory.zone_create(
        actor=actor(w["other_admin"]), center=w["other"], kind="guidance", name="他处"
    )
    assert (
        client.post(url, {"zone": other_zone.pk, "kind": "inquiry_desk", "count": "1"}).status_code
        == 404
    )
    assert Facility.objects.count() == 0
    assert (
        client.post(url, {"zone": zone.pk, "kind": "inquiry_desk", "count": "2"}).status_code == 302
    )
    assert Facility.objects.get().count == 2
    profile = f"{url}profile/"
    assert client.post(profile, {"building_area": "abc"}).status_code == 422
    assert client.post(profile, {"building_area": "100", "hall_area": "200"}).status_code == 422
    assert client.post(profile, {"building_area": "-5"}).status_code == 422
    assert client.post(f"{url}zones/", {"kind": "bogus"}).status_code == 422
    clerk = Client()
    clerk.force_login(w["clerk"])
    assert clerk.post(url, {"zone": zone.pk, "kind": "wifi", "count": "1"}).status_code == 403
    assert clerk.get(url).status_code == 403
