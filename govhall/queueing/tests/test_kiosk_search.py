"""The kiosk finds an item by the words people say (issue 11, finding 5): "sbk"
and "社保卡" list 社会保障卡申领及补换 first, in Debian's chromium."""

import pytest
from playwright.sync_api import expect

from govhall.catalog import services as catalog
from govhall.catalog.tests.factories import published_item, superuser
from govhall.conftest import device_page, screenshot
from govhall.core.actors import actor_for_user
from govhall.queueing.tests.factories import hall as make_hall

pytestmark = [pytest.mark.browser]


def test_kiosk_search_by_initials_of_an_alias(asgi_server, browser):
    h = make_hall("KS")
    h["center"].name = "松川区政务服务中心"
    h["center"].save()
    admin = actor_for_user(superuser())
    card = published_item(
        h["dept"], h["center"], name="社会保障卡申领及补换", domain="social_security"
    )
    catalog.item_set_aliases(actor=admin, item=card, aliases="社保卡、社保卡补办")
    catalog.item_set_aliases(actor=admin, item=h["pension"], aliases="社保、养老保险")
    h["qb"].items.add(card)

    kiosk = device_page(
        browser, asgi_server, h["kiosk_raw"], viewport={"width": 1280, "height": 1024}
    )
    kiosk.fill("input[name=q]", "sbk")
    kiosk.press("input[name=q]", "Enter")
    names = kiosk.locator("#items .take-name")
    expect(names.first).to_have_text("社会保障卡申领及补换")
    screenshot(kiosk, "kiosk-search-sbk")

    kiosk.fill("input[name=q]", "社保")
    kiosk.press("input[name=q]", "Enter")
    expect(names.first).to_have_text("城乡居民养老保险参保登记")
    expect(names).to_have_count(2)
    expect(names.nth(1)).to_have_text("社会保障卡申领及补换")
