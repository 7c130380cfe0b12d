"""A clerk takes a 一件事 in through one form; the applicant's progress page
names the bundle; a reviewer transfers a case to the right department. Every
person logged in through the login form."""

import pytest
from playwright.sync_api import expect

from govhall.cases import services
from govhall.cases.models import BundleApplication, CaseTransfer
from govhall.cases.tests.factories import NAME, PHONE, id_number, item, world
from govhall.conftest import login_page, pdf_screenshot, screenshot
from govhall.queueing.tests.factories import window

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "window-clerk-2026"


def test_bundle_intake_progress_and_a_transfer(live_server, browser):
    w = world()
    win = window(w["center"], 3)
    birth = item(w["p1"], w["center"], mode="promise", days=8, name="出生医学证明签发")
    insurance = item(w["p2"], w["center"], mode="promise", days=3, name="城乡居民医保参保登记")
    for user in (w["clerk"].user, w["reviewer_user"], w["admin"].user, w["p1_user"]):
        user.set_password(PASSWORD)
        user.save()

    admin = login_page(browser, live_server.url, w["admin"].user.username, PASSWORD)
    admin.goto(f"{live_server.url}/cases/center/{w['center'].code}/bundles/")
    admin.fill("input[name=name]", "新生儿出生一件事")
    selects = admin.locator("select[name=items]")
    selects.nth(0).select_option(birth.code)
    selects.nth(1).select_option(w["promise"].code)
    selects.nth(2).select_option(insurance.code)
    admin.click("#bundle-form button.primary")
    expect(admin.locator("#bundle-list")).to_contain_text("出生医学证明签发")
    screenshot(admin, "cases-bundle-settings")

    clerk = login_page(browser, live_server.url, w["clerk"].user.username, PASSWORD)
    clerk.goto(f"{live_server.url}/cases/window/{win.code}/bundle/")
    clerk.locator("select[name=bundle]").select_option(label="新生儿出生一件事")
    clerk.click("form.search button")
    rows = clerk.locator("table.checklist tr")
    expect(rows).to_have_count(6)  # header and the five shared materials, each once
    clerk.fill("input[name=name]", NAME)
    clerk.fill("input[name=id_number]", id_number())
    clerk.fill("input[name=phone]", PHONE)
    for radio in clerk.locator("input[type=radio][value=provided]").all():
        radio.check()
    screenshot(clerk, "cases-bundle-intake")
    clerk.click("#bundle-intake button.primary")
    expect(clerk.locator("#bundle-cases tr")).to_have_count(4)
    expect(clerk.locator("#bundle-state")).to_have_text("办理中")
    screenshot(clerk, "cases-bundle-page")
    application = BundleApplication.objects.get()
    pdf_screenshot(bytes(application.notice), "cases-bundle-notice")
    cases = [m.case for m in application.members.all()]

    # The applicant's progress page of any member names the bundle.
    public = browser.new_context(locale="zh-CN", viewport={"width": 1000, "height": 800})
    page = public.new_page()
    page.goto(f"{live_server.url}/cases/progress/?number={cases[2].number}")
    page.fill("input[name=check_code]", cases[2].check_code)
    page.click("button:has-text('查询')")
    expect(page.locator("#bundle-line")).to_contain_text("属于：新生儿出生一件事")
    expect(page.locator("#bundle-line")).to_contain_text("进度以最慢事项为准")
    screenshot(page, "cases-bundle-progress")

    # The lead department's reviewer sends its case to the right department.
    lead_case = cases[1]
    due = lead_case.due_date
    reviewer = login_page(browser, live_server.url, w["reviewer_user"].username, PASSWORD)
    reviewer.goto(f"{live_server.url}/cases/c/{lead_case.number}/")
    expect(reviewer.locator("#case-responsibility")).to_contain_text("首问责任人")
    form = reviewer.locator("#transfer-form")
    form.locator("select[name=department]").select_option(w["p1"].code)
    form.locator("textarea[name=reason]").fill("属于出生医学证明关联事项，应由卫健部门承办")
    screenshot(reviewer, "cases-transfer-form")
    form.locator("button").click()
    expect(reviewer.locator("h1")).to_contain_text("待审批办件")
    expect(reviewer.locator("body")).not_to_contain_text(lead_case.number)
    transfer = CaseTransfer.objects.get()
    assert transfer.to_department == w["p1"]
    lead_case.refresh_from_db()
    assert lead_case.due_date == due and lead_case.received_by == w["clerk"].user

    new_dept = login_page(browser, live_server.url, w["p1_user"].username, PASSWORD)
    new_dept.goto(f"{live_server.url}/cases/center/{w['center'].code}/work/")
    expect(new_dept.locator("body")).to_contain_text(lead_case.number)
    new_dept.goto(f"{live_server.url}/cases/c/{lead_case.number}/")
    expect(new_dept.locator("#case-responsibility")).to_contain_text("属于出生医学证明关联事项")
    screenshot(new_dept, "cases-transfer-done")
    assert services.bundle_progress(application)["state"] == "in_progress"
