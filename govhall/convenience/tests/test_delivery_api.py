"""The free-delivery API rows of API.md and the desk's forms with bad input:
every refusal in the error shape, nothing changed."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.test import Client

from govhall.cases.tests.factories import at
from govhall.convenience.delivery import services
from govhall.convenience.delivery.models import Parcel, ParcelStatus, Reconciliation
from govhall.core.models import TokenKind
from govhall.core.services import token_create

from . import delivery_factories as df

pytestmark = pytest.mark.django_db
MONDAY_NOON = at(2026, 11, 2, 12)


@pytest.fixture
def w(db):
    w = df.world()
    with time_machine.travel(at(2026, 11, 2, 8), tick=False):
        w["parcels"] = [
            Parcel.objects.get(case=df.posted_case(w, at=at(2026, 11, 2, 8))) for _ in range(2)
        ]
    for key in ("courier", "other_courier", "clerk", "admin"):
        w[f"{key}_token"] = token_create(kind=TokenKind.STAFF, user=w[key].user)[1]
    w["kiosk_token"] = token_create(kind=TokenKind.KIOSK, center=w["center"])[1]
    return w


def api(w, who):
    return Client(headers={"Authorization": f"Bearer {w[f'{who}_token']}"})


def post(client, url, body):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(url, data, content_type="application/json")


def _error(response, status, code=None):
    assert response.status_code == status, response.content
    body = response.json()["error"]
    assert set(body) == {"code", "message", "fields"}
    if code:
        assert body["code"] == code, body
    return body


def _snapshot():
    return sorted(Parcel.objects.values_list("number", "status", "tracking_number", "manifest_id"))


@time_machine.travel(MONDAY_NOON, tick=False)
def test_manifest_row_for_the_courier_and_the_admin(w):
    url = f"/api/v1/centers/{w['center'].code}/deliveries/manifest"
    manifest = services.manifest_compile(actor=w["clerk"], center=w["center"])
    # A draft is the window's: the courier sees nothing until it is sent.
    assert api(w, "courier").get(url).json()["deliveries"] == []
    admin = api(w, "admin").get(url).json()
    assert admin["status"] == "open" and len(admin["deliveries"]) == 2
    services.manifest_send(actor=w["clerk"], manifest=manifest)
    body = api(w, "courier").get(url + "?date=2026-11-02").json()
    assert body["status"] == "sent" and body["manifest"] == manifest.number
    row = body["deliveries"][0]
    assert set(row) == {"number", "case", "recipient_masked", "destination_city", "status"}
    assert row["recipient_masked"] == "张*明" and row["destination_city"] == "上海"
    assert row["status"] == "sent" and "张晓明" not in json.dumps(body)
    pdf = api(w, "courier").get(body["pdf"].replace("http://testserver", ""))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert api(w, "courier").get(url + "?date=2026-11-03").json()["deliveries"] == []
    _error(api(w, "courier").get(url + "?date=2026-13-45"), 422, "validation_error")
    _error(api(w, "courier").get(url.replace("manifest", "manifest.pdf") + "?date=2026-11-05"), 404)
    _error(api(w, "kiosk").get(url), 403)
    _error(Client().get(url), 401)
    _error(api(w, "other_courier").get(url), 403, "forbidden_center")
    _error(api(w, "courier").get("/api/v1/centers/NOPE/deliveries/manifest"), 404)


@time_machine.travel(MONDAY_NOON, tick=False)
def test_courier_steps_and_every_bad_input(w):
    manifest = services.manifest_compile(actor=w["clerk"], center=w["center"])
    services.manifest_send(actor=w["clerk"], manifest=manifest)
    p1, p2 = w["parcels"]
    base = "/api/v1/deliveries/{}/{}"
    courier = api(w, "courier")
    before = _snapshot()
    cases = [
        (
            courier,
            base.format(p1.number, "delivered"),
            {"tracking_number": "1180000000001"},
            409,
            "invalid_transition",
        ),
        (
            courier,
            base.format(p1.number, "picked-up"),
            {"tracking_number": "x" * 31},
            422,
            "validation_error",
        ),
        (
            courier,
            base.format(p1.number, "picked-up"),
            {"tracking_number": "no spaces!"},
            422,
            "validation_error",
        ),
        (
            courier,
            base.format(p1.number, "picked-up"),
            {"tracking_number": 12345678},
            422,
            "validation_error",
        ),
        (
            courier,
            base.format(p1.number, "picked-up"),
            {"at": "yesterday"},
            422,
            "validation_error",
        ),
        (
            courier,
            base.format(p1.number, "picked-up"),
            {"at": "2026-11-02T18:00:00+08:00"},
            422,
            "validation_error",
        ),
        (
            courier,
            base.format(p1.number, "picked-up"),
            {"at": "2026-11-02T11:00:00"},
            422,
            "validation_error",
        ),
        (
            courier,
            base.format(p1.number, "picked-up"),
            {"note": "长" * 201},
            422,
            "validation_error",
        ),
        (courier, base.format(p1.number, "picked-up"), "{not json", 400, None),
        (courier, base.format(p1.number, "picked-up"), [1, 2], 422, "validation_error"),
        (courier, base.format("NOPE-1", "picked-up"), {}, 404, "parcel_not_found"),
        (courier, base.format("X" * 60, "picked-up"), {}, 404, "parcel_not_found"),
        (api(w, "other_courier"), base.format(p1.number, "picked-up"), {}, 404, "parcel_not_found"),
        (api(w, "clerk"), base.format(p1.number, "picked-up"), {}, 403, "forbidden_role"),
        (Client(), base.format(p1.number, "picked-up"), {}, 401, None),
    ]
    for client, url, body, status, code in cases:
        _error(post(client, url, body), status, code)
    assert _snapshot() == before
    ok = post(
        courier,
        base.format(p1.number, "picked-up"),
        {"tracking_number": "1180000000001", "note": "已揽收"},
    )
    assert ok.status_code == 200 and ok.json()["status"] == "picked_up"
    post(courier, base.format(p2.number, "picked-up"), {})
    _error(post(courier, base.format(p2.number, "picked-up"), {}), 409, "invalid_transition")
    _error(post(courier, base.format(p2.number, "delivered"), {}), 422, "tracking_required")
    _error(
        post(courier, base.format(p2.number, "delivered"), {"tracking_number": "1180000000001"}),
        409,
        "tracking_taken",
    )
    _error(post(courier, base.format(p2.number, "returned"), {}), 422, "validation_error")
    done = post(courier, base.format(p1.number, "delivered"), {"at": "2026-11-02T12:00:00+08:00"})
    assert done.json()["status"] == "delivered"
    back = post(
        courier,
        base.format(p2.number, "returned"),
        {"note": "收件人拒收", "tracking_number": "1180000000002"},
    )
    assert back.json()["status"] == "returned" and back.json()["return_reason"] == "收件人拒收"
    _error(post(courier, base.format(p2.number, "delivered"), {}), 409, "invalid_transition")


@time_machine.travel(MONDAY_NOON, tick=False)
def test_desk_forms_refuse_bad_input_and_change_nothing(w):
    clerk = Client()
    clerk.force_login(w["clerk"].user)
    code, p1 = w["center"].code, w["parcels"][0]
    root = f"/convenience/delivery/{code}/"
    assert clerk.get(root).status_code == 200
    before = _snapshot()
    address_url = f"{root}parcel/{p1.number}/address/"
    for data, status in [
        ({"address": "北京市朝阳区建国路1号"}, 422),
        ({"address": ""}, 422),
        ({"address": "上" * 400}, 422),
        ({"address": "上海市松江区中山中路1号", "phone": "abc"}, 422),
        ({"address": "上海市松江区中山中路1号", "recipient_name": "名" * 60}, 422),
    ]:
        response = clerk.post(address_url, data)
        assert response.status_code == status
        assert "dl-msg err" in response.content.decode()
    assert clerk.post(f"{root}parcel/NOPE/address/", {"address": "x"}).status_code == 404
    assert clerk.post(f"{root}parcel/{p1.number}/window/", {"reason": ""}).status_code == 422
    assert clerk.post(f"{root}parcel/{p1.number}/unlist/").status_code == 409
    assert clerk.post(f"{root}parcel/{p1.number}/collect/").status_code == 409
    assert clerk.post(f"{root}manifest/999999/send/").status_code == 404
    assert clerk.get(f"{root}manifest/2026-02-30.pdf").status_code == 404
    assert clerk.get(f"{root}manifest/2026-11-02.pdf").status_code == 404
    assert _snapshot() == before
    # Another centre's clerk is refused the desk and its parcels.
    other = Client()
    other.force_login(w["other_clerk"].user)
    assert other.get(root).status_code == 403
    assert other.post(address_url, {"address": "上海市松江区中山中路1号"}).status_code == 403
    # The good path through the forms.
    assert clerk.post(address_url, {"address": "江苏省苏州市昆山市前进中路1号"}).status_code == 302
    assert clerk.post(f"{root}compile/").status_code == 302
    page = clerk.get(root).content.decode()
    assert "编入清单" in page or "已编入清单" in page
    manifest = p1.center.delivery_manifests.get()
    assert clerk.post(f"{root}manifest/{manifest.pk}/send/").status_code == 302
    assert clerk.post(f"{root}manifest/{manifest.pk}/send/").status_code == 409
    assert clerk.get(f"{root}manifest/2026-11-02.pdf").content.startswith(b"%PDF")
    assert Parcel.objects.filter(status=ParcelStatus.SENT).count() == 2


@time_machine.travel(MONDAY_NOON, tick=False)
def test_courier_page_and_reconciliation_form_bad_input(w):
    manifest = services.manifest_compile(actor=w["clerk"], center=w["center"])
    services.manifest_send(actor=w["clerk"], manifest=manifest)
    code, p1 = w["center"].code, w["parcels"][0]
    courier = Client()
    courier.force_login(w["courier"].user)
    page = f"/convenience/delivery/{code}/courier/"
    assert courier.get(page).status_code == 200
    before = _snapshot()
    for data, status in [
        ({"number": "NOPE"}, 404),
        ({"number": p1.number, "step": "teleport"}, 400),
        ({"number": p1.number, "tracking_number": "!!"}, 422),
        ({"number": p1.number, "step": "delivered"}, 409),
        ({"number": ""}, 404),
    ]:
        assert courier.post(page, data).status_code == status
    assert _snapshot() == before
    assert courier.post(page, {"number": p1.number.lower()}).status_code == 302
    assert (
        courier.post(page, {"number": p1.number, "step": "returned", "note": ""}).status_code == 422
    )
    assert (
        courier.post(
            page, {"number": p1.number, "step": "track", "tracking_number": "1180000000001"}
        ).status_code
        == 302
    )
    assert courier.post(page, {"number": p1.number, "step": "delivered"}).status_code == 302
    assert Parcel.objects.get(pk=p1.pk).status == ParcelStatus.DELIVERED
    assert courier.get(f"/convenience/delivery/{code}/").status_code == 403

    clerk = Client()
    clerk.force_login(w["clerk"].user)
    url = f"/convenience/delivery/{code}/reconcile/"
    assert clerk.get(url).status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    for month, upload in [
        ("2026-11", None),
        ("2026-11", SimpleUploadedFile("a.exe", b"MZ\x90\x00")),
        ("bogus", SimpleUploadedFile("a.csv", "邮件号,金额\n".encode())),
        ("2026-11", SimpleUploadedFile("a.xlsx", b"PK\x03\x04rubbish")),
    ]:
        data = {"month": month} | ({"statement": upload} if upload else {})
        response = clerk.post(url, data)
        assert response.status_code == 422 and "dl-msg err" in response.content.decode()
    assert not Reconciliation.objects.exists()
    good = SimpleUploadedFile("nov.csv", "邮件号,金额\n1180000000001,10.00\n".encode())
    response = clerk.post(url, {"month": "2026-11", "statement": good})
    assert response.status_code == 302
    record = Reconciliation.objects.get()
    assert record.balanced and record.matched == 1
    detail = clerk.get(response["Location"]).content.decode()
    assert "逐件一致" in detail
    assert clerk.get(f"/convenience/delivery/{code}/reconcile/999999/").status_code == 404
    assert dt.date(2026, 11, 1) == record.month
