"""The profiles in chromium, logged in through the form at /login/: the centre
admin creates a staff member, gives them a photo and a B post and prints the
window service board; a clerk sees their own profile."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from govhall.conftest import screenshot
from govhall.demo.loader import DEMO_PASSWORD
from govhall.hall.models import WindowPost
from govhall.staff.profiles.models import StaffProfile

from .profiles_factories import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _login(browser, base: str, username: str, viewport=None):
    context = browser.new_context(
        locale="zh-CN", viewport=viewport or {"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/workplace/")
    return page


def test_admin_creates_a_staff_member_assigns_a_b_post_and_prints_the_board(live_server, browser):
    call_command("demo_data", verbosity=0)
    base = live_server.url
    page = _login(browser, base, "qzx_admin")
    page.click(".bench a.card[data-key='staff.profiles']")
    expect(page.locator("h1")).to_contain_text("人员档案")
    expect(page.locator("#staff-list")).to_contain_text("袁立新")
    expect(page.locator("#staff-list")).to_contain_text("即将到期")
    screenshot(page, "staff-profile-list")

    page.click("text=新增人员")
    page.fill("input[name=username]", "qzx_clerk13")
    page.fill("input[name=full_name]", "许文静")
    page.fill("input[name=staff_number]", "SC0100")
    page.select_option("select[name=role]", "clerk")
    page.select_option("select[name=kind]", "comprehensive")
    page.fill("input[name=title]", "综窗")
    page.fill("input[name=started_on]", "2026-11-16")
    page.click("button[type=submit]")
    expect(page.locator("#first-password")).to_contain_text("初始密码")
    profile = StaffProfile.objects.get(user__username="qzx_clerk13")
    assert profile.user.must_change_password

    page.set_input_files(
        "#photo-form input[type=file]",
        {"name": "xu.png", "mimeType": "image/png", "buffer": image_bytes("PNG", (480, 640))},
    )
    page.click("#photo-form button[type=submit]")
    expect(page.locator("img.profile-photo")).to_be_visible()
    issued = (dt.date.today() - dt.timedelta(days=30)).isoformat()
    page.fill("#certificate-form input[name=name]", "政务服务窗口上岗证")
    page.fill("#certificate-form input[name=number]", "SC-ZC-2026-100")
    page.fill("#certificate-form input[name=issued_on]", issued)
    page.click("#certificate-form button[type=submit]")
    expect(page.locator("#certificates")).to_contain_text("SC-ZC-2026-100")
    expect(page.locator("#first-password")).to_have_count(0)  # shown once only
    screenshot(page, "staff-profile")

    # The smart window (18) has no posts: the new clerk takes its B post.
    page.goto(f"{base}/staff/posts/SC-QZX/")
    row = page.locator("tr[data-window='QZX-W18']")
    expect(row).to_contain_text("未配置AB岗")
    cell = row.locator("form[data-post='B']")
    cell.locator("select").select_option(str(profile.user_id))
    cell.locator("button").click()
    expect(page.locator("tr[data-window='QZX-W18']")).to_contain_text("未配置A岗")
    assert WindowPost.objects.get(window__code="QZX-W18", post="B").user == profile.user
    # The same person as A there too is refused, the page says why.
    a = page.locator("tr[data-window='QZX-W18'] form[data-post='A']")
    a.locator("select").select_option(str(profile.user_id))
    a.locator("button").click()
    expect(page.locator("#post-error")).to_contain_text("同一人不能同时担任")
    screenshot(page, "staff-posts")

    page.goto(f"{base}/staff/service-board/SC-QZX/QZX-W18/")
    board = page.locator("section.board-page")
    expect(board).to_contain_text("许文静")
    expect(board).to_contain_text("SC0100")
    expect(board.locator("img")).to_be_visible()
    screenshot(page, "staff-service-board-window")
    page.goto(f"{base}/staff/service-board/SC-QZX/QZX-W01/")
    expect(page.locator("section.board-page")).to_contain_text("张伟")
    expect(page.locator("section.board-page")).to_contain_text("B岗")
    screenshot(page, "staff-service-board")
    page.emulate_media(media="print")
    screenshot(page, "staff-service-board-print")
    page.emulate_media(media="screen")
    page.goto(f"{base}/staff/service-board/SC-QZX/")
    assert page.locator("section.board-page").count() == 18

    screen = browser.new_context(locale="zh-CN", viewport={"width": 1920, "height": 1080})
    hall = screen.new_page()
    hall.context.add_cookies(page.context.cookies())
    hall.goto(f"{base}/staff/service-screen/SC-QZX/")
    expect(hall.locator("[data-window='QZX-W01']")).to_contain_text("张伟")
    expect(hall.locator("[data-window='QZX-W18']")).to_contain_text("许文静")
    screenshot(hall, "staff-service-screen")
    screen.close()
    page.context.close()


def test_a_clerk_sees_their_own_profile(live_server, browser):
    call_command("demo_data", verbosity=0)
    base = live_server.url
    page = _login(browser, base, "qzx_clerk1")
    page.click(".bench a.card[data-key='staff.me']")
    expect(page.locator("h1")).to_contain_text("我的档案")
    expect(page.locator(".profile-facts")).to_contain_text("张伟")
    expect(page.locator(".profile-facts")).to_contain_text("综窗组长")
    expect(page.locator("main")).to_contain_text("1号窗口")
    expect(page.locator("#certificates")).to_contain_text("政务服务综合窗口办事员")
    assert page.locator("#photo-form").count() == 0
    screenshot(page, "staff-profile-self")
    # Another person's profile is not theirs to read.
    other = StaffProfile.objects.get(user__username="qzx_clerk2")
    assert page.request.get(f"{base}/staff/profiles/SC-QZX/{other.pk}/").status == 404
    assert page.request.get(f"{base}/staff/profiles/SC-QZX/").status == 403
    page.context.close()
