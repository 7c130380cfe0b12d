"""Announcements where people see them (000 第八条): the display board, the
kiosk and the public guide page show what is current for that screen, in large
type; the board takes a new one live from its event stream."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from govhall.conftest import device_page, screenshot
from govhall.core import services as core_services
from govhall.core.models import Role, TokenKind
from govhall.core.services import token_create
from govhall.core.tests import factories as f
from govhall.queueing.tests.factories import hall as make_hall

HOUR = dt.timedelta(hours=1)
ELDERLY = "为老服务：60周岁以上老年人请到9号窗口优先办理"


def announce(h, title, screens=("display", "kiosk", "guide"), **kw):
    now = timezone.now()
    return core_services.announcement_save(
        actor=h["admin"],
        center=h["center"],
        title=title,
        text=kw.pop("text", "轮椅、老花镜在总服务台免费借用。"),
        starts_at=kw.pop("starts_at", now - HOUR),
        ends_at=kw.pop("ends_at", now + 2 * HOUR),
        screens=screens,
        **kw,
    )


def with_admin(h):
    h["admin"] = f.actor(f.staff(Role.CENTER_ADMIN, center_=h["center"]))
    return h


@pytest.fixture
def h(hall):
    return with_admin(hall)


def _paired(client, raw):
    client.post("/device/pair/", {"token": raw})
    return client


def test_each_screen_shows_what_is_current_for_it(client, h):
    code = h["center"].code
    announce(h, ELDERLY)
    announce(h, "仅指南页面", screens=["guide"])
    announce(
        h, "明天的通知", starts_at=timezone.now() + 20 * HOUR, ends_at=timezone.now() + 30 * HOUR
    )
    other = with_admin(make_hall("AN2"))
    announce(other, "别的中心")

    guide = client.get(f"/guide/{code}/").content.decode()
    assert ELDERLY in guide and "仅指南页面" in guide and "轮椅" in guide
    assert "明天的通知" not in guide and "别的中心" not in guide

    kiosk = _paired(client, h["kiosk_raw"]).get(f"/hall/{code}/kiosk/").content.decode()
    assert ELDERLY in kiosk and "仅指南页面" not in kiosk
    assert 'hx-trigger="every 60s"' in kiosk  # the kiosk re-reads every minute

    board_raw = token_create(kind=TokenKind.DISPLAY, center=h["center"])[1]
    board = _paired(client, board_raw).get(f"/hall/{code}/display/").content.decode()
    assert ELDERLY in board and "仅指南页面" not in board and "别的中心" not in board
    # It knows when to re-read by the clock: the next start or end.
    assert re.search(r'id="notices"[^>]*data-next="\d{4}-\d\d-\d\dT', board)


def test_the_panel_is_hidden_when_nothing_is_current(client, h):
    page = client.get(f"/guide/{h['center'].code}/").content.decode()
    assert re.search(r'<section id="notices"[^>]*hidden>', page)


def test_the_notices_panel_is_for_the_hall_devices(client, h):
    code = h["center"].code
    announce(h, ELDERLY)
    assert client.get(f"/hall/{code}/notices/display/").status_code == 401
    _paired(client, h["kiosk_raw"])
    panel = client.get(f"/hall/{code}/notices/kiosk/")
    assert panel.status_code == 200 and ELDERLY in panel.content.decode()
    assert client.get(f"/hall/{code}/notices/cases/").status_code == 404
    other = make_hall("AN3")
    assert client.get(f"/hall/{other['center'].code}/notices/kiosk/").status_code == 403


def test_text_is_escaped_and_keeps_its_lines(client, h):
    announce(h, "<b>注意</b>", text="第一行\n<script>alert(1)</script>")
    page = client.get(f"/guide/{h['center'].code}/").content.decode()
    assert "&lt;b&gt;注意&lt;/b&gt;" in page and "<script>alert" not in page
    assert "第一行<br>" in page


@pytest.mark.browser
def test_the_board_and_the_kiosk_show_an_announcement_live(asgi_server, browser):
    h = with_admin(make_hall("ANB"))
    h["center"].name = "松川区政务服务中心"
    h["center"].save()
    display_raw = token_create(kind=TokenKind.DISPLAY, center=h["center"])[1]
    board = device_page(browser, asgi_server, display_raw, viewport={"width": 1600, "height": 900})
    expect(board.locator("#clock")).to_contain_text("年")
    expect(board.locator("#notices")).to_be_hidden()
    # Set while the board is up: it arrives over the event stream, no reload.
    announce(h, ELDERLY)
    expect(board.locator("#notices")).to_be_visible()
    expect(board.locator("#notices")).to_contain_text(ELDERLY)
    size = board.locator(".notice-title").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 36  # read from across the hall, as the calls are
    # The board's own parts are still all there.
    for part in ("#newest", "#calls", "#waiting", "#clock"):
        expect(board.locator(part)).to_be_visible()
    screenshot(board, "display-board-announcement")

    kiosk = device_page(
        browser, asgi_server, h["kiosk_raw"], viewport={"width": 1280, "height": 1024}
    )
    expect(kiosk.locator("#notices")).to_contain_text(ELDERLY)
    screenshot(kiosk, "kiosk-announcement")

    # Withdrawn: the board clears it, again without a reload.
    core_services.announcement_delete(
        actor=h["admin"], announcement=h["center"].announcements.get()
    )
    expect(board.locator("#notices")).to_be_hidden()
