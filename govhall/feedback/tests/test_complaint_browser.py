"""A complaint in Debian's chromium: a citizen files one on the public form (on
a phone, then in elderly mode) and gets the receipt; the centre admin finds it
in the work list, assigns it, records the investigation, replies and records
the return visit."""

import pytest
from playwright.sync_api import expect

from govhall.conftest import screenshot, staff_page
from govhall.feedback.models import Complaint, ComplaintStatus

from .complaint_factories import CONTENT, NAME, PHONE, world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_files_online_and_the_admin_handles_it(live_server, browser):
    w = world()
    base = live_server.url

    # A citizen on a phone, no account.
    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = phone.new_page()
    page.goto(f"{base}/feedback/center/{w['center'].code}/complain/")
    expect(page.locator("h1")).to_have_text("网上投诉")
    page.fill("textarea[name=content]", CONTENT)
    page.fill("input[name=staff_number]", w["subject_user"].staff_number)
    page.select_option("select[name=window]", w["w1"].code)
    page.fill("input[name=complainant_name]", NAME)
    page.fill("input[name=complainant_phone]", PHONE)
    screenshot(page, "complaint-online-form")
    page.click("text=提交投诉")
    page.wait_for_url("**/feedback/complaints/receipt/**")
    complaint = Complaint.objects.get()
    expect(page.locator(".code-big")).to_have_text(complaint.number)
    expect(page.locator("body")).to_contain_text(complaint.reply_due.strftime("%Y-%m-%d"))
    expect(page.locator("body")).not_to_contain_text(PHONE)
    expect(page.locator("a:has-text('下载回执单')")).to_be_visible()
    screenshot(page, "complaint-receipt-page")
    page.click("#elderly-toggle")
    expect(page.locator("body")).to_have_class("citizen complaint-citizen elderly")
    screenshot(page, "complaint-receipt-page-elderly")
    page.goto(f"{base}/feedback/center/{w['center'].code}/complain/")
    page.click("text=提交投诉")  # empty: refused on the page, in elderly mode
    expect(page.locator(".field-error").first).to_be_visible()
    screenshot(page, "complaint-online-form-elderly-error")
    phone.close()

    # The centre admin.
    admin = staff_page(browser, base, w["admin_user"])
    admin.goto(f"{base}/feedback/center/{w['center'].code}/complaints/")
    expect(admin.locator("table.complaints tbody tr")).to_have_count(1)
    expect(admin.locator(".complaint-figures")).to_contain_text("受理投诉")
    screenshot(admin, "complaint-worklist")
    admin.click(f"text={complaint.number}")
    admin.wait_for_url(f"**/feedback/complaints/{complaint.number}/")
    expect(admin.locator("body")).not_to_contain_text(PHONE)
    admin.select_option("form[data-step=assign] select[name=assignee]", str(w["handler_user"].pk))
    screenshot(admin, "complaint-detail-received")
    admin.click("form[data-step=assign] button")
    expect(admin.locator(".facts")).to_contain_text("已分派")
    admin.fill(
        "form[data-step=investigate] textarea",
        "调取窗口录像，工作人员未一次性告知所需材料，投诉属实。",
    )
    admin.check("form[data-step=investigate] input[value=yes]")
    admin.click("form[data-step=investigate] button")
    expect(admin.locator(".facts")).to_contain_text("调查核实中")
    admin.fill(
        "form[data-step=reply] textarea",
        "经核实情况属实，已对当事工作人员批评教育，并安排专人为您一次办结。",
    )
    screenshot(admin, "complaint-detail-investigating")
    admin.click("form[data-step=reply] button")
    expect(admin.locator(".facts")).to_contain_text("已答复")
    admin.check("form[data-step=return_visit] input[value=satisfied]")
    admin.fill("form[data-step=return_visit] textarea", "电话回访，投诉人对处理结果表示满意。")
    admin.click("form[data-step=return_visit] button")
    expect(admin.locator(".facts")).to_contain_text("已办结")
    expect(admin.locator("body")).to_contain_text("本投诉已办结")
    screenshot(admin, "complaint-detail-closed")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED and complaint.satisfaction == "satisfied"
    admin.goto(f"{base}/feedback/center/{w['center'].code}/complaints/?status=all")
    expect(admin.locator("table.complaints tbody tr")).to_have_count(1)
    screenshot(admin, "complaint-worklist-closed")
