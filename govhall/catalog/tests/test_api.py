"""Catalog endpoints of API.md."""

import pytest

from govhall.catalog.tests.factories import published_item


@pytest.fixture
def items(world):
    c, d = world["center"], world["dept"]
    published_item(d, c, code="SCJ-0001", name="个体工商户营业执照设立登记")
    published_item(d, c, code="SCJ-0002", name="食品经营许可", approval_mode="notify_commit")


def test_centers(client, world):
    body = client.get("/api/v1/centers").json()
    assert body[0]["code"] == "SC-QZX" and body[0]["level"] == "district"
    assert set(body[0]) >= {"code", "name", "level", "address", "opening_hours"}


def test_items_search_by_initials(client, items):
    resp = client.get("/api/v1/centers/SC-QZX/items", {"q": "yyzz"})
    assert resp.status_code == 200
    body = resp.json()
    assert [i["code"] for i in body] == ["SCJ-0001"]
    assert set(body[0]) >= {
        "code",
        "name",
        "domain",
        "department",
        "approval_mode",
        "committed_days",
    }


def test_item_guide_has_every_element(client, world, items):
    body = client.get("/api/v1/items/SCJ-0001").json()
    for key in (
        "name",
        "item_type",
        "department",
        "legal_basis",
        "conditions",
        "materials",
        "process",
        "statutory_days",
        "committed_days",
        "fee",
        "approval_mode",
        "consult_phone",
        "complaint_phone",
        "centers",
    ):
        assert body[key] not in (None, ""), key
    assert body["materials"][0] == {
        "name": "申请人有效身份证件",
        "form": "original_and_copy",
        "form_name": "原件及复印件",
        "count": 1,
        "required": True,
        "notes": "",
        "sample_url": "",
    }
    assert body["centers"] == [{"code": "SC-QZX", "name": world["center"].name}]


@pytest.mark.parametrize(
    "url,status,code",
    [
        ("/api/v1/items/NOPE", 404, "item_not_found"),
        ("/api/v1/centers/NOPE/items", 404, "center_not_found"),
        ("/api/v1/centers/SC-QZX/items?domain=astrology", 422, "validation_error"),
        ("/api/v1/centers/SC-QZX/items?q=" + "x" * 101, 422, "validation_error"),
    ],
)
def test_bad_reads(client, items, url, status, code):
    resp = client.get(url)
    assert resp.status_code == status
    assert resp.json()["error"]["code"] == code


def test_unpublished_item_is_not_served(client, world):
    from govhall.catalog import services
    from govhall.catalog.tests.factories import MATERIALS, guide

    services.item_create(
        actor=world["dept_staff"],
        code="SCJ-0100",
        department=world["dept"],
        domain="market_regulation",
        guide=guide(),
        materials=MATERIALS,
    )
    assert client.get("/api/v1/items/SCJ-0100").status_code == 404


def test_openapi_docs(client):
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.get("/api/v1/docs").status_code == 200


def test_guide_names_the_windows_that_accept_the_item_and_local_times(client, world, items):
    from govhall.catalog.models import ServiceItem
    from govhall.queueing.tests.factories import queue, window

    item = ServiceItem.objects.get(code="SCJ-0001")
    other = ServiceItem.objects.get(code="SCJ-0002")
    window(world["center"], 2, queue(world["center"], "A", item))
    window(world["center"], 3, queue(world["center"], "B", other))
    body = client.get("/api/v1/items/SCJ-0001").json()
    assert [(w["number"], w["center"]) for w in body["windows"]] == [(2, "SC-QZX")]
    # API.md: times in ISO 8601 with the +08:00 offset.
    assert body["published_at"].endswith("+08:00")
