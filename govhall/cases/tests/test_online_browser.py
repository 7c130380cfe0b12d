"""不见面审批 in Debian's chromium: a citizen applies on a phone (then looks at
the form in elderly mode), uploads the guide's materials and gets the number
and check code; the clerk logs in through the login form, opens the pre-check
and accepts."""

import pytest
from playwright.sync_api import expect

from govhall.cases.models import Case, CaseStatus
from govhall.cases.tests.factories import id_number, item, world
from govhall.cases.tests.test_online import PDF, png
from govhall.conftest import login_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "online-clerk-2026"


def test_citizen_applies_online_and_the_clerk_accepts(live_server, browser, tmp_path):
    w = world()
    item(w["lead"], w["center"], mode="remote", days=5, name="养老服务补贴申请")
    (tmp_path / "id.png").write_bytes(png((600, 380)))
    (tmp_path / "form.pdf").write_bytes(PDF)
    base = live_server.url

    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = phone.new_page()
    page.goto(f"{base}/cases/online/{w['center'].code}/")
    page.click("text=养老服务补贴申请")
    expect(page.locator("h1")).to_have_text("养老服务补贴申请")
    page.fill("input[name=name]", "张晓明")
    page.fill("input[name=id_number]", id_number())
    page.fill("input[name=phone]", "13812345678")
    inputs = page.locator("input[type=file][required]")
    for i in range(inputs.count()):
        inputs.nth(i).set_input_files(str(tmp_path / ("id.png" if i == 0 else "form.pdf")))
    page.fill("input[name=address]", "上海市松川区中山路1号")
    screenshot(page, "cases-online-apply")
    page.click("#elderly-toggle")
    expect(page.locator("body")).to_have_class("citizen elderly")
    screenshot(page, "cases-online-apply-elderly")
    page.click("#elderly-toggle")
    page.click("text=提交申请")
    expect(page.locator("h1")).to_have_text("申请已提交")
    case = Case.objects.get()
    expect(page.locator(".code-big").nth(1)).to_have_text(case.check_code)
    screenshot(page, "cases-online-received")
    phone.close()

    w["clerk"].user.set_password(PASSWORD)
    w["clerk"].user.save()
    clerk = login_page(browser, base, w["clerk"].user.username, PASSWORD)
    expect(clerk.locator("body")).to_contain_text("网上申请预审")
    clerk.click("text=网上申请预审")
    expect(clerk.locator("table")).to_contain_text(case.number)
    screenshot(clerk, "cases-online-precheck-list")
    clerk.click(f"text={case.number}")
    expect(clerk.locator("a:has-text('PNG')")).to_have_count(1)
    for radio in clerk.locator("input[type=radio][value=provided]").all():
        radio.check()
    screenshot(clerk, "cases-online-precheck")
    clerk.click("text=预审完毕")
    expect(clerk.locator("body")).to_contain_text("已受理")
    screenshot(clerk, "cases-online-accepted")
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED
    assert case.documents.filter(kind="acceptance").exists()
