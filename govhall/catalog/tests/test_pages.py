"""Public guide pages (server-rendered)."""

import pytest

from govhall.catalog.tests.factories import published_item


@pytest.fixture
def item(world):
    return published_item(
        world["dept"], world["center"], code="SCJ-0001", name="个体工商户营业执照设立登记"
    )


def test_center_list_and_items(client, item):
    assert "测试中心" in client.get("/guide/").content.decode()
    page = client.get("/guide/SC-QZX/", {"q": "yyzz"}).content.decode()
    assert "个体工商户营业执照设立登记" in page


def test_htmx_search_returns_only_the_results(client, item):
    resp = client.get("/guide/SC-QZX/", {"q": "zzzz"}, headers={"HX-Request": "true"})
    html = resp.content.decode()
    assert 'id="results"' in html and "<html" not in html
    assert "没有找到相关事项" in html


def test_guide_and_print(client, item):
    html = client.get("/guide/items/SCJ-0001/").content.decode()
    for text in (
        "申请材料",
        "申请人有效身份证件",
        "原件及复印件",
        "办理流程",
        "承诺时限",
        "《测试条例》第一条",
    ):
        assert text in html
    printable = client.get("/guide/items/SCJ-0001/print/").content.decode()
    assert "window.print()" in printable and "申请人有效身份证件" in printable


def test_missing_pages_are_404(client, world):
    assert client.get("/guide/items/NOPE/").status_code == 404
    assert client.get("/guide/NOPE/").status_code == 404


def test_english_page(client, item):
    html = client.get("/guide/items/SCJ-0001/", headers={"Accept-Language": "en"}).content.decode()
    assert "Required materials" in html
