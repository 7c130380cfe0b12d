"""What the clerk and the reviewer see, in Debian's chromium: intake at the
window with a one-time notice, the case page, the work list."""

import pytest
from playwright.sync_api import expect

from govhall.cases import services
from govhall.cases.models import Case, CaseStatus
from govhall.cases.tests.factories import NAME, PHONE, at, id_number, intake, world
from govhall.conftest import screenshot, staff_page
from govhall.queueing.tests.factories import window

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_intake_and_reviewer_work_list(live_server, browser):
    w = world()
    win = window(w["center"], 5)
    page = staff_page(browser, live_server.url, w["clerk"].user)
    page.goto(f"{live_server.url}/cases/window/{win.code}/intake/")
    page.select_option("select[name=item]", w["promise"].code)
    page.click("form.search button")
    page.fill("input[name=name]", NAME)
    page.fill("input[name=id_number]", id_number())
    page.fill("input[name=phone]", PHONE)
    # No status is preselected: the clerk marks every line.
    for m in w["promise"].published_version.materials.all():
        page.check(f"input[name=m{m.pk}_status][value=provided]")
    material = w["promise"].published_version.materials.get(name="申请表")
    page.check(f"input[name=m{material.pk}_status][value=wrong]")
    page.fill(f"input[name=m{material.pk}_note]", "未在第二页签字")
    screenshot(page, "cases-intake")
    page.click("text=核对完毕，出具通知")
    page.wait_for_url("**/cases/c/**")
    expect(page.locator("h1")).to_contain_text(w["promise"].published_version.name)
    expect(page.locator(".facts")).to_contain_text("待补正")
    expect(page.locator("body")).not_to_contain_text(NAME)
    screenshot(page, "cases-supplement")
    case = Case.objects.get()
    assert case.status == CaseStatus.SUPPLEMENT

    # The clerk checks only the line the notice asked for.
    page.check(f"input[name=m{case.materials.get(name='申请表').pk}_status][value=provided]")
    page.click("form:has(input[value=supplement]) button")
    expect(page.locator(".facts")).to_contain_text("已受理")

    intake(w, w["parallel"], now=at(2025, 3, 3))
    services.cases_sweep()
    reviewer = staff_page(browser, live_server.url, w["reviewer_user"])
    reviewer.goto(f"{live_server.url}/cases/center/{w['center'].code}/work/")
    expect(reviewer.locator("table tr")).to_have_count(3)
    expect(reviewer.locator("tr.warn-red")).to_have_count(1)
    screenshot(reviewer, "cases-worklist")
    reviewer.click(f"text={case.number}")
    reviewer.fill("form:has(input[value=decide]) textarea", "材料齐全，同意")
    reviewer.click("text=作出决定")
    expect(reviewer.locator(".facts")).to_contain_text("已决定，待出件")
    screenshot(reviewer, "cases-case")
