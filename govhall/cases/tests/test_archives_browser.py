"""The centre admin reads the archive register and hands a batch to the archive
office; a second person approves a destruction. Both through the login form."""

import pytest
from playwright.sync_api import expect

from govhall.cases.archives import services
from govhall.cases.archives.models import ArchiveFile
from govhall.cases.tests.factories import NAME, at, intake, world
from govhall.conftest import login_page, pdf_screenshot, screenshot
from govhall.core.models import Role
from govhall.core.tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "archive-keeper-2026"


def test_register_transfer_and_destruction(live_server, browser):
    w = world()
    for when in (at(2015, 6, 9), at(2024, 4, 9), at(2024, 10, 22), at(2026, 11, 3)):
        intake(w, w["instant"], now=when)
    old = ArchiveFile.objects.get(year=2015)
    services.archive_destruction_request(
        actor=w["admin"],
        center=w["center"],
        numbers=[old.number],
        note="保管期限已满，经鉴定无保存价值",
    )
    supervisor = f.staff(Role.SUPERVISOR, district_=w["center"].district)
    for user in (w["admin"].user, supervisor):
        user.set_password(PASSWORD)
        user.save()

    admin = login_page(browser, live_server.url, w["admin"].user.username, PASSWORD)
    admin.click("text=归档登记簿")
    table = admin.locator("table.archives")
    expect(table.locator("tr")).to_have_count(5)
    expect(table).to_contain_text("SJ-2024-D10-")
    expect(admin.locator("body")).not_to_contain_text(NAME)
    screenshot(admin, "cases-archives-register")
    admin.select_option("select[name=year]", "2024")
    admin.click("button:has-text('筛选')")
    expect(admin.locator("table.archives tr")).to_have_count(3)

    admin.click("text=档案移交")
    expect(admin.locator("form.transfer input[name=archive]")).to_have_count(3)  # 2015, 2024 x2
    admin.locator(f"input[value='{old.number}']").uncheck()
    admin.fill("input[name=received_by]", "区档案馆 钱慧")
    admin.click("button:has-text('移交并生成移交清单')")
    expect(admin.locator("body")).to_contain_text("已移交 2 件")
    screenshot(admin, "cases-archives-transfer")
    listing = admin.request.get(
        live_server.url + admin.locator("a:has-text('PDF')").first.get_attribute("href")
    )
    assert listing.headers["content-type"] == "application/pdf"
    pdf_screenshot(listing.body(), "cases-archives-transfer-list", dpi=70)
    assert ArchiveFile.objects.filter(state="transferred").count() == 2

    second = login_page(browser, live_server.url, supervisor.username, PASSWORD)
    second.goto(f"{live_server.url}/cases/center/{w['center'].code}/archives/destruction/")
    second.fill("input[name=decision_note]", "同意销毁")
    second.click("button:has-text('批准销毁')")
    expect(second.locator("body")).to_contain_text("已审批")
    screenshot(second, "cases-archives-destruction")
    old.refresh_from_db()
    assert old.state == "destroyed" and bytes(old.archive.package) == b""
    done = second.request.get(
        live_server.url + second.locator("a:has-text('PDF')").first.get_attribute("href")
    )
    pdf_screenshot(done.body(), "cases-archives-destruction-list", dpi=70)
