"""A person's path through the hall in Debian's chromium: a ticket taken at the
kiosk is called from the window console and appears on the display board."""

import re

import pytest
from playwright.sync_api import expect

from govhall.conftest import device_page, screenshot
from govhall.core.models import TokenKind
from govhall.core.services import token_create
from govhall.queueing.models import Ticket
from govhall.queueing.tests.factories import hall as make_hall

pytestmark = [pytest.mark.browser]
ELDER = "11010519491231002X"


def test_kiosk_to_console_to_display(asgi_server, browser):
    h = make_hall("E2E")
    code = h["center"].code
    h["center"].name = "松川区政务服务中心"
    h["center"].save()
    display_raw = token_create(kind=TokenKind.DISPLAY, center=h["center"])[1]
    window_raw = token_create(kind=TokenKind.WINDOW, center=h["center"], window=h["w1"])[1]

    board = device_page(browser, asgi_server, display_raw, viewport={"width": 1600, "height": 900})
    expect(board).to_have_url(re.compile(f"/hall/{code}/display/"))
    # Record what the board says instead of playing it.
    board.evaluate(
        "() => { window.__spoken = [];"
        " window.speechSynthesis.speak = (u) => window.__spoken.push(u.text); }"
    )

    kiosk = device_page(
        browser, asgi_server, h["kiosk_raw"], viewport={"width": 1280, "height": 1024}
    )
    kiosk.click("text=市场监管")
    form = kiosk.locator("form.take").filter(has_text="营业执照遗失补领")
    form.locator("input[name=id_number]").fill(ELDER)
    screenshot(kiosk, "queue-kiosk")
    form.locator("button[type=submit]").click()
    expect(kiosk.locator(".slip-number")).to_have_text("A001")
    expect(kiosk.locator(".slip")).to_contain_text("绿色通道")
    screenshot(kiosk, "queue-slip")
    assert Ticket.objects.get().priority

    console = device_page(browser, asgi_server, window_raw, viewport={"width": 1280, "height": 800})
    expect(console).to_have_url(re.compile(f"/hall/window/{h['w1'].code}/"))
    console.keyboard.press("F1")  # the shortcut for 呼叫下一位
    expect(console.locator(".current-number")).to_have_text("A001")
    screenshot(console, "queue-console")

    expect(board.locator("#calls tbody tr").first).to_contain_text("A001")
    expect(board.locator("#calls tbody tr").first).to_contain_text("1 号窗口")
    board.wait_for_function("window.__spoken.length >= 2")
    assert board.evaluate("window.__spoken")[:2] == ["请A001号到1号窗口办理"] * 2
    screenshot(board, "queue-display")

    # Each click waits for its answer: a click that lands while the previous
    # answer swaps the panel would hit a button that is about to be replaced.
    with console.expect_response(lambda r: r.url.endswith("/recall/")):
        console.click("text=重呼")
    board.wait_for_function("window.__spoken.length >= 4")
    with console.expect_response(lambda r: r.url.endswith("/start/")):
        console.click("text=开始办理")
    # Each step swaps the panel: wait for it, as a clerk would see it.
    expect(console.locator("button", has_text="开始办理")).to_be_disabled()
    console.click("text=办结")
    expect(console.locator(".current-number")).to_have_text("—")
    track = browser.new_context(locale="zh-CN").new_page()
    track.goto(f"{asgi_server}/t/{Ticket.objects.get().track_token}/")
    expect(track.locator("#status")).to_contain_text("已办结")
