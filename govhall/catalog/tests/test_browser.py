"""What a person sees: the guide pages in Debian's chromium."""

import pytest
from playwright.sync_api import expect

from govhall.catalog.tests.factories import published_item
from govhall.conftest import screenshot
from govhall.core.models import CenterLevel
from govhall.core.services import calendar_seed
from govhall.core.tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalog_world(transactional_db):
    calendar_seed()  # transactional tests flush the rows the migration seeded
    d = f.district("SC", "松川区")
    center = f.center(d, code="SC-QZX", level=CenterLevel.DISTRICT_COMPREHENSIVE)
    center.name = "松川区政务服务中心"
    center.save()
    dept = f.department(d, code="SCJ")
    dept.name, dept.short_name = "松川区市场监督管理局", "区市场监管局"
    dept.save()
    published_item(
        dept,
        center,
        code="SCJ-0001",
        name="个体工商户营业执照设立登记",
        approval_mode="promise",
        statutory_days=15,
        committed_days=3,
    )
    published_item(
        dept,
        center,
        code="SCJ-0002",
        name="营业执照遗失补领",
        approval_mode="instant",
        statutory_days=0,
        committed_days=0,
    )
    published_item(
        dept, center, code="SCJ-0003", name="食品经营许可", approval_mode="notify_commit"
    )
    return center


def test_search_by_initials_then_open_the_guide(live_server, page, catalog_world):
    page.goto(f"{live_server.url}/guide/SC-QZX/")
    page.fill("input[name=q]", "yyzz")
    page.keyboard.press("Enter")
    # htmx swaps the results in place; expect() waits for the swap.
    expect(page.locator("#results .items li")).to_have_count(2)
    expect(page.locator("#results")).not_to_contain_text("食品经营许可")
    screenshot(page, "catalog-search")

    page.click("text=个体工商户营业执照设立登记")
    page.wait_for_url("**/guide/items/SCJ-0001/")
    assert page.inner_text("h1") == "个体工商户营业执照设立登记"
    body = page.inner_text("main")
    for text in (
        "承诺时限",
        "3 个工作日",
        "申请材料",
        "申请人有效身份证件",
        "办理流程",
        "松川区政务服务中心",
    ):
        assert text in body
    # Chinese renders in a CJK font, not tofu: the heading is wider than a box per glyph.
    width = page.evaluate("document.querySelector('h1').getBoundingClientRect().width")
    assert width > 200
    screenshot(page, "catalog-guide")


def test_printable_guide(live_server, page, catalog_world):
    page.goto(f"{live_server.url}/guide/items/SCJ-0002/print/")
    page.emulate_media(media="print")
    assert not page.locator("button.button").is_visible()
    assert "当场办结" in page.inner_text("main")
    screenshot(page, "catalog-guide-print")
