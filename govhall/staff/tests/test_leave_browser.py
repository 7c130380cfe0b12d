"""Leave in chromium, each role logging in through /login/: a clerk asks, the
department lead approves the RSJ request, the centre admin approves the clerk's
and files it with a cover for the windows it would leave empty."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from govhall.conftest import screenshot
from govhall.core.workdays import WorkingCalendar
from govhall.demo.loader import DEMO_PASSWORD
from govhall.staff.leave.models import LeaveRequest, LeaveStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(browser, base, username):
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/workplace/")
    return page


def test_request_approve_and_file_with_cover(live_server, browser):
    call_command("demo_data", verbosity=0)
    base = live_server.url
    day = WorkingCalendar().next_working_day(timezone.localdate()).isoformat()

    clerk = login(browser, base, "qzx_clerk5")
    clerk.click("text=我的请假")
    clerk.select_option("select[name=kind]", "annual")
    clerk.fill("input[name=start_date]", day)
    clerk.fill("input[name=end_date]", day)
    clerk.fill("input[name=reason]", "陪孩子参加中考体检")
    clerk.click("text=提交申请")
    expect(clerk.locator(".leave-msg.notice")).to_contain_text("请假申请已提交")
    # qzx_clerk4 is away that day (filed sick leave): window 4 would be empty.
    expect(clerk.locator(".leave-msg.alert")).to_contain_text("综合窗口4")
    screenshot(clerk, "leave-mine")
    mine = LeaveRequest.objects.get(user__username="qzx_clerk5", kind="annual")
    assert mine.status == LeaveStatus.REQUESTED

    lead = login(browser, base, "lead_rsj")
    expect(lead.locator("#bench")).to_contain_text("请假审批")
    lead.click("text=请假审批")
    waiting = LeaveRequest.objects.get(user__username="qzx_rsj", status="requested")
    row = lead.locator(f"tr[data-leave='{waiting.pk}']")
    expect(row).to_contain_text("孩子学校家长会")
    expect(lead.locator(f"tr[data-leave='{mine.pk}']")).to_have_count(0)  # not the lead's
    screenshot(lead, "leave-approvals")
    row.locator("button[value=approve]").click()
    expect(lead.locator(".leave-msg.notice")).to_contain_text("已批准")
    waiting.refresh_from_db()
    assert waiting.status == LeaveStatus.APPROVED

    admin = login(browser, base, "qzx_admin")
    admin.click("text=请假审批")
    admin.locator(f"tr[data-leave='{mine.pk}'] button[value=approve]").click()
    expect(admin.locator(".leave-msg.notice")).to_contain_text("已批准")
    admin.click("text=请假备案与顶岗")
    card = admin.locator(f".card[data-leave='{mine.pk}']")
    expect(card.locator("[data-uncovered]")).to_contain_text("综合窗口4")
    card.locator("button[type=submit]").click()  # no cover: refused
    card = admin.locator(f".card[data-leave='{mine.pk}']")
    expect(card.locator(".field-error")).to_contain_text("请指定")
    mine.refresh_from_db()
    assert mine.status == LeaveStatus.APPROVED
    duty = card.locator("select[name=cover] option", has_text="何勇").get_attribute("value")
    card.locator("select[name=cover]").select_option(duty)
    screenshot(admin, "leave-filing")
    card.locator("button[type=submit]").click()
    expect(admin.locator(".leave-msg.notice")).to_contain_text("已备案")
    mine.refresh_from_db()
    assert mine.status == LeaveStatus.FILED and mine.cover.username == "qzx_duty"

    admin.goto(f"{base}/staff/leave/SC-QZX/away/")
    expect(admin.locator("h1")).to_contain_text("今日请假人员")
    screenshot(admin, "leave-away")
    admin.goto(f"{base}/staff/leave/SC-QZX/report/")
    screenshot(admin, "leave-report")
    admin.goto(f"{base}/staff/leave/SC-QZX/lead-absence/")
    expect(admin.locator("table.guide")).to_contain_text("参加市人社局业务培训")
    screenshot(admin, "leave-lead-absence")
