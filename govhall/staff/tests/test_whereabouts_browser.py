"""In chromium, as the demo's people: 张伟 (qzx_clerk1) logs in through /login/,
steps away to a meeting from his panel, and the hall's public whereabouts
board shows 暂离 at window 1 with 陈静, his B post, serving there; the centre
admin and the duty manager log in and see it on the centre's page.
Screenshots: docs/screenshots/whereabouts-*.png."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from govhall.conftest import screenshot
from govhall.core.models import Center, User
from govhall.demo.loader import DEMO_PASSWORD
from govhall.hall import selectors as hall_selectors
from govhall.hall.models import Window

from . import whereabouts_world as ww
from .whereabouts_world import SH

fake = ww.fake
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def next_working_morning() -> dt.datetime:
    """10:00 of the next weekday after today: in the centre's hours, and later
    than the real clock (the browser keeps the session cookie by its own clock)."""
    day = timezone.localdate() + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=SH)


def login(browser, base, username, **context):
    ctx = browser.new_context(locale="zh-CN", **context)
    page = ctx.new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/workplace/")
    return page


def test_a_clerk_steps_away_and_the_board_shows_b_serving(live_server, browser, fake):
    with time_machine.travel(next_working_morning(), tick=True):
        call_command("demo_data", verbosity=0)
        base = live_server.url
        center = Center.objects.get(code="SC-QZX")
        clerk1, clerk2 = (User.objects.get(username=u) for u in ("qzx_clerk1", "qzx_clerk2"))
        window1 = Window.objects.get(center=center, number=1)
        # Both have punched in (the demo's 暂离 and leave are at other windows).
        fake.here |= {clerk1.pk, clerk2.pk}
        assert hall_selectors.serving_user(window1) == clerk1

        page = login(browser, base, "qzx_clerk1", viewport={"width": 1280, "height": 900})
        page.click('.bench a.card[data-key="staff.whereabouts.me"]')
        expect(page.locator("h1")).to_contain_text("我的去向")
        expect(page.locator("#my-status")).to_contain_text("在岗")
        page.check("input[name=reason][value=meeting]")
        page.fill("input[name=back_at]", "11:30")
        page.click("form.wb-form button[type=submit]")
        expect(page.locator("#my-status")).to_contain_text("暂离")
        expect(page.locator("#my-status")).to_contain_text("预计 11:30 返回")
        expect(page.locator("#my-status")).to_contain_text("当前办理：陈静（B岗）")
        screenshot(page, "whereabouts-me")
        # The console and queueing ask hall.selectors.serving_user: 陈静 now.
        assert hall_selectors.serving_user(window1) == clerk2

        board = browser.new_context(locale="zh-CN", viewport={"width": 1920, "height": 1080})
        screen = board.new_page()
        screen.goto(f"{base}/staff/whereabouts/SC-QZX/board/")
        card = screen.locator(f'article[data-window="{window1.code}"]')
        a_row, b_row = card.locator('li[data-post="A"]'), card.locator('li[data-post="B"]')
        expect(a_row).to_contain_text("张伟")
        expect(a_row).to_contain_text("暂离")
        expect(a_row).to_contain_text("预计 11:30 返回")
        expect(b_row).to_contain_text("陈静")
        expect(b_row).to_contain_text("在岗")
        expect(b_row).to_contain_text("当前办理")
        expect(a_row.locator(".wb-serving")).to_have_count(0)
        # Every window on the one screen, nothing under the fixed footer.
        last = screen.locator("article[data-window]").last.bounding_box()
        foot = screen.locator(".wb-foot").bounding_box()
        assert last["y"] + last["height"] <= foot["y"]
        screenshot(screen, "whereabouts-board")

        # Back from the panel: the board's next poll shows him at his post again.
        page.click(".wb-back button")
        expect(page.locator("#my-status")).to_contain_text("在岗")
        screen.evaluate("htmx.trigger(document.querySelector('.wb-board'), 'every 15s')")
        screen.reload()
        expect(a_row).to_contain_text("在岗")
        board.close()
        page.context.close()


def test_the_centre_marks_someone_away_and_the_duty_manager_sees_the_gap(
    live_server, browser, fake
):
    with time_machine.travel(next_working_morning(), tick=True):
        call_command("demo_data", verbosity=0)
        base = live_server.url
        admin = login(browser, base, "qzx_admin", viewport={"width": 1280, "height": 900})
        admin.goto(f"{base}/staff/whereabouts/SC-QZX/")
        expect(admin.locator("h1")).to_contain_text("工作人员去向")
        bdc = User.objects.get(username="qzx_bdc")
        admin.fill("form.wb-form input[name=staff_number]", bdc.staff_number)
        admin.check("input[name=reason][value=errand]")
        admin.fill("input[name=back_at]", "11:00")
        admin.click("form.wb-form button[type=submit]")
        # 高雅琴 (the demo) is at a meeting: window 14 would have nobody.
        expect(admin.locator('[data-warning="uncovered"]')).to_contain_text("无人值守")
        admin.click('[data-warning="uncovered"] button')
        expect(admin.locator("#uncovered")).to_contain_text("韩冬梅")
        expect(admin.locator(".wb-records")).to_contain_text("王建华")  # who set it
        screenshot(admin, "whereabouts-centre")
        admin.context.close()

        duty = login(browser, base, "qzx_duty", viewport={"width": 1280, "height": 900})
        count = duty.locator('.bench a.card[data-key="staff.whereabouts"] .count')
        expect(count).to_have_text("1")
        duty.click('.bench a.card[data-key="staff.whereabouts"]')
        expect(duty.locator("#uncovered")).to_contain_text("韩冬梅")
        expect(duty.locator("form.wb-form")).to_have_count(0)
        duty.context.close()
