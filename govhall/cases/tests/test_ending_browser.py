"""The clerk withdraws an application at the window and the reviewer ends
another one, each logged in through the login form, in Debian's chromium."""

import pytest
from playwright.sync_api import expect

from govhall.cases.models import CaseStatus
from govhall.cases.tests.factories import intake, world
from govhall.conftest import login_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "window-clerk-2026"


def test_withdrawal_at_the_window_and_termination_in_the_back_office(live_server, browser):
    w = world()
    for user in (w["clerk"].user, w["reviewer_user"]):
        user.set_password(PASSWORD)
        user.save()
    withdrawn, ended = intake(w, w["promise"]), intake(w, w["promise"])

    clerk = login_page(browser, live_server.url, w["clerk"].user.username, PASSWORD)
    clerk.goto(f"{live_server.url}/cases/c/{withdrawn.number}/")
    form = clerk.locator("form:has(input[value=withdraw])")
    expect(form).to_contain_text("申请人撤回申请")
    form.locator("textarea").fill("申请人书面申请撤回，暂不办理")
    form.locator("button").click()
    expect(clerk.locator(".facts")).to_contain_text("已撤回")
    expect(clerk.locator("body")).to_contain_text("申请人书面申请撤回，暂不办理")
    expect(clerk.locator("a:has-text('撤回申请确认书')")).to_have_count(1)
    expect(clerk.locator("form:has(input[value=withdraw])")).to_have_count(0)
    screenshot(clerk, "cases-withdrawn")
    withdrawn.refresh_from_db()
    assert withdrawn.status == CaseStatus.WITHDRAWN

    reviewer = login_page(browser, live_server.url, w["reviewer_user"].username, PASSWORD)
    reviewer.goto(f"{live_server.url}/cases/c/{ended.number}/")
    form = reviewer.locator("form:has(input[value=terminate])")
    form.locator("select").select_option("applicant_dissolved")
    form.locator("textarea").fill("申请单位已于本月注销，附注销通知书")
    form.locator("button").click()
    expect(reviewer.locator(".facts")).to_contain_text("已终止")
    expect(reviewer.locator("body")).to_contain_text("申请单位终止（注销、解散）")
    screenshot(reviewer, "cases-terminated")
    ended.refresh_from_db()
    assert ended.status == CaseStatus.TERMINATED
