"""The planning page in chromium on the demo, logging in through /login/: the
centre admin sees next week's first day with its gap at the peak, the charts
drawn, the suggestions, and a what-if recomputed; the duty manager reads the
same page; the supervisor the yearly view."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from govhall.conftest import screenshot
from govhall.demo.loader import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(browser, base, username):
    page = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900}).new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/workplace/")
    return page


def test_planning_next_week(live_server, browser):
    call_command("demo_data", verbosity=0)
    base = live_server.url

    admin = login(browser, base, "qzx_admin")
    admin.click("text=窗口人员调配")
    expect(admin.locator("h1")).to_contain_text("窗口人员调配")
    for chart in ("#chart-arrivals", "#chart-windows", "#chart-waits"):
        expect(admin.locator(f"{chart}[data-drawn='1'] svg")).to_be_visible()
    expect(admin.locator("#chart-windows svg")).to_contain_text("所需窗口")
    expect(admin.locator(".plan-table tr.row-gap").first).to_be_visible()
    expect(admin.locator(".plan-table tr.row-surplus").first).to_be_visible()
    expect(admin.locator(".suggestions li.s-open").first).to_contain_text("缺")
    expect(admin.locator(".suggestions li.s-move").first).to_contain_text(
        "医保经办政策更新专题培训"
    )
    screenshot(admin, "planning-day")

    # What if two more windows open and the service is 10 % faster, simulated.
    gaps = admin.locator(".plan-table tr.row-gap").count()
    admin.fill("input[name=extra]", "2")
    admin.fill("input[name=faster]", "10")
    admin.check("input[name=simulate]")
    admin.click("button:has-text('计算')")
    expect(admin.locator(".plan-table th", has_text="仿真等候")).to_be_visible()
    assert admin.locator(".plan-table tr.row-gap").count() < gaps
    expect(admin.locator("#chart-waits svg")).to_contain_text("仿真等候")
    screenshot(admin, "planning-whatif")

    # A date in 1999: refused with the reason, no 500.
    admin.goto(f"{base}/planning/SC-QZX/?date=1999-01-04")
    expect(admin.locator(".planning-error")).to_contain_text("日期超出可计划范围")

    duty = login(browser, base, "qzx_duty")
    duty.click("text=窗口人员调配")
    expect(duty.locator(".plan-cards")).to_contain_text("高峰所需窗口")

    supervisor = login(browser, base, "district_supervisor")
    supervisor.goto(f"{base}/planning/SC-YX/year/")
    expect(supervisor.locator(".year-figures")).to_contain_text("C.3.2")
    screenshot(supervisor, "planning-year")
