"""Issue 12 §1 in the browser, the announcements and the daily quotas: the
centre admin logs in through /login/, publishes an announcement on the
settings page and the display board (already up) and the kiosk show it at
once; ending it now takes it off the board. Then a queue's daily quota is set
on the quotas page beside today's count. Screenshots settings-announcements,
settings-quotas (and the supervisor's read-only quotas page)."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from govhall.conftest import device_page, screenshot
from govhall.core.models import Announcement, Center, TokenKind
from govhall.core.services import token_create
from govhall.demo.loader import DEMO_PASSWORD
from govhall.queueing.models import DailyQuota, Queue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "本周六上午正常开放"
TEXT = "本周六 9:00–12:00 社保医保、不动产登记窗口正常受理，\n下午不开放。"


def _login(browser, base, username):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/workplace/**")
    return context, page


def test_an_announcement_set_on_the_page_shows_on_the_board_and_kiosk(asgi_server, browser):
    call_command("demo_data", verbosity=0)
    base = asgi_server
    center = Center.objects.get(code="SC-QZX")
    board = device_page(
        browser,
        base,
        token_create(kind=TokenKind.DISPLAY, center=center)[1],
        viewport={"width": 1600, "height": 900},
    )
    expect(board.locator("#clock")).to_contain_text("年")
    shown_before = board.locator("#notices .notice-item").count()

    context, page = _login(browser, base, "qzx_admin")
    page.goto(f"{base}/settings/SC-QZX/")
    page.click(".settings-hub a[data-key='core.announcements']")
    page.wait_for_url(f"{base}/settings/SC-QZX/announcements/")

    # A mistake first: the end before the start, shown beside the field, nothing saved.
    now = timezone.localtime()
    start = now - dt.timedelta(minutes=2)
    end = now + dt.timedelta(days=2)
    page.fill("input[name=title]", TITLE)
    page.fill("textarea[name=text]", TEXT)
    page.fill("input[name=starts_at_0]", start.strftime("%Y-%m-%d"))
    page.fill("input[name=starts_at_1]", start.strftime("%H:%M"))
    page.fill("input[name=ends_at_0]", (now - dt.timedelta(days=1)).strftime("%Y-%m-%d"))
    page.fill("input[name=ends_at_1]", "17:00")
    page.click("#announcement-form button[type=submit]")
    expect(page.locator(".field-error[data-field=ends_at]")).to_contain_text("结束时间")
    assert not Announcement.objects.filter(title=TITLE).exists()

    page.fill("input[name=ends_at_0]", end.strftime("%Y-%m-%d"))
    page.click("#announcement-form button[type=submit]")
    expect(page.locator("p.notice")).to_contain_text("已发布公告")
    current = page.locator("table[data-group=current]")
    expect(current).to_contain_text(TITLE)
    saved = Announcement.objects.get(title=TITLE)
    assert saved.center == center and saved.text == TEXT.replace("\r\n", "\n")

    # The board, up all along, takes it from its event stream; the kiosk shows it.
    expect(board.locator("#notices")).to_contain_text(TITLE)
    kiosk = device_page(
        browser,
        base,
        token_create(kind=TokenKind.KIOSK, center=center)[1],
        viewport={"width": 1280, "height": 1024},
    )
    expect(kiosk.locator("#notices")).to_contain_text(TITLE)
    screenshot(page, "settings-announcements")

    # Ended now: off the board, listed among the past ones.
    page.once("dialog", lambda d: d.accept())
    page.locator(f"tr[data-announcement='{saved.pk}'] >> text=立即结束").click()
    expect(page.locator("p.notice")).to_contain_text("已结束公告")
    expect(page.locator("table[data-group=past]")).to_contain_text(TITLE)
    expect(board.locator(f"#notices [data-announcement='{saved.pk}']")).to_have_count(0)
    assert board.locator("#notices .notice-item").count() == shown_before

    # The quotas page: 社保医保 gets a whole-day and a morning quota.
    page.click("nav.subnav >> text=每日取号限额")
    shbz = Queue.objects.get(center=center, code="SHBZ")
    row = page.locator(f"tr[data-queue='{shbz.code}']")
    row.locator("input[name=day]").fill("120")
    row.locator("input[name=morning]").fill("70")
    row.locator("button[type=submit]").click()
    expect(page.locator("p.notice")).to_contain_text("取号限额")
    assert dict(DailyQuota.objects.filter(queue=shbz).values_list("period", "limit")) == {
        "day": 120,
        "morning": 70,
    }
    # A bad number is shown in its row and changes nothing.
    row = page.locator(f"tr[data-queue='{shbz.code}']")
    row.locator("input[name=afternoon]").fill("-5")
    row.locator("button[type=submit]").click()
    expect(page.locator(f"tr[data-queue='{shbz.code}'] .field-error")).to_contain_text("0 至")
    assert DailyQuota.objects.filter(queue=shbz).count() == 2
    page.goto(f"{base}/settings/SC-QZX/quotas/")
    page.select_option("#item-quota-form select[name=item]", index=1)
    page.select_option("#item-quota-form select[name=period]", "afternoon")
    page.fill("#item-quota-form input[name=limit]", "20")
    page.click("#item-quota-form button[type=submit]")
    expect(page.locator("p.notice")).to_contain_text("已设置事项限额")
    screenshot(page, "settings-quotas")
    context.close()

    # The district supervisor reads the same page without a form.
    context, page = _login(browser, base, "district_supervisor")
    page.goto(f"{base}/settings/SC-QZX/quotas/")
    expect(page.locator(f"tr[data-queue='{shbz.code}'] td[data-period=day]")).to_contain_text("120")
    assert page.locator("input.quota-input").count() == 0
    screenshot(page, "settings-quotas-supervisor")
    context.close()
