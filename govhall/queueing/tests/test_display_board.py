"""The public display board as the waiting room sees it (issue 11, finding 6):
it speaks without anyone clicking when started as README says, asks for one tap
only where the browser blocks sound, shows the centre, a clock, the calls with
the newest highlighted, the waiting per queue, a notice while the connection is
down, and nothing else (no brand, no language button)."""

import re
import shutil

import pytest
from playwright.sync_api import expect

from govhall.conftest import CHROMIUM_ARGS, device_page, screenshot
from govhall.core.models import TokenKind
from govhall.core.services import token_create
from govhall.queueing import services
from govhall.queueing.tests.factories import hall as make_hall

pytestmark = [pytest.mark.browser]
# Recorded instead of played, installed before the board's own script runs (an
# init script is no user gesture, unlike page.evaluate).
RECORD_SPEECH = "window.__spoken = []; speechSynthesis.speak = (u) => window.__spoken.push(u.text);"
# README's flag for a board started as a kiosk.
KIOSK_FLAGS = ["--autoplay-policy=no-user-gesture-required"]


@pytest.fixture
def board_hall(asgi_server):
    h = make_hall("DB")
    h["center"].name = "松川区政务服务中心"
    h["center"].save()
    h["display_raw"] = token_create(kind=TokenKind.DISPLAY, center=h["center"])[1]
    return h


def _call(h, window="w1"):
    services.ticket_issue(actor=h["reception"], center=h["center"], item_code=h["licence"].code)
    return services.ticket_call_next(actor=h["clerk"], window=h[window])


def _board(browser, asgi_server, h):
    board = device_page(
        browser, asgi_server, h["display_raw"], viewport={"width": 1600, "height": 900}
    )
    board.context.add_init_script(RECORD_SPEECH)
    board.reload()  # as every morning: no click on this page, ever
    expect(board.locator("#clock")).to_contain_text("年")
    return board


def test_a_kiosk_started_board_speaks_without_a_click(asgi_server, board_hall, browser):
    # A second chromium from the same Playwright, started as README says.
    kiosk = browser.browser_type.launch(
        executable_path=shutil.which("chromium") or "/usr/bin/chromium",
        args=CHROMIUM_ARGS + KIOSK_FLAGS,
    )
    try:
        board = _board(kiosk, asgi_server, board_hall)
        expect(board.locator(".board")).to_have_attribute("data-voice", "on")
        expect(board.locator("#unlock-voice")).to_be_hidden()
        ticket = _call(board_hall)
        expect(board.locator("#newest")).to_contain_text(ticket.number)
        expect(board.locator("#newest")).to_contain_text("请到 1 号窗口")
        board.wait_for_function("window.__spoken.length >= 2")
        spoken = board.locator("body").evaluate("() => window.__spoken")
        assert spoken[:2] == [f"请{ticket.number}号到1号窗口办理"] * 2
        expect(board.locator("#calls tbody tr.fresh")).to_have_count(1)
        text = board.locator("body").inner_text()
        assert "English" not in text and "GovHall" not in text
        assert "松川区政务服务中心" in text and "等候人数" in text
        assert re.search(r"\d{2}:\d{2}:\d{2}", board.locator("#clock").inner_text())
        screenshot(board, "display-board")
    finally:
        kiosk.close()


def test_a_board_that_blocks_sound_asks_for_one_tap(asgi_server, board_hall, browser):
    board = _board(browser, asgi_server, board_hall)
    expect(board.locator(".board")).to_have_attribute("data-voice", "blocked")
    unlock = board.locator("#unlock-voice")
    expect(unlock).to_be_visible()
    screenshot(board, "display-board-unlock")
    ticket = _call(board_hall)
    expect(board.locator("#newest")).to_contain_text(ticket.number)
    assert board.locator("body").evaluate("() => window.__spoken.length") == 0
    unlock.click()
    expect(unlock).to_be_hidden()
    # The tap replays the call it could not speak, then later calls speak.
    board.wait_for_function("window.__spoken.length >= 2")
    second = _call(board_hall, "w2")
    board.wait_for_function("window.__spoken.length >= 4")
    assert (
        board.locator("body")
        .evaluate("() => window.__spoken")[-1]
        .startswith(f"请{second.number}号")
    )


def test_the_board_says_when_it_lost_its_connection(asgi_server, board_hall, browser):
    board = device_page(
        browser, asgi_server, board_hall["display_raw"], viewport={"width": 1600, "height": 900}
    )
    expect(board.locator("#offline")).to_be_hidden()
    board.route(re.compile(r".*/events.*"), lambda route: route.abort())
    board.reload()
    expect(board.locator("#offline")).to_be_visible(timeout=15000)
    expect(board.locator("#offline")).to_contain_text("连接已中断")
    screenshot(board, "display-board-offline")
    board.unroute(re.compile(r".*/events.*"))
    expect(board.locator("#offline")).to_be_hidden(timeout=15000)
