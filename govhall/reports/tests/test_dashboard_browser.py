"""The report pages in chromium, each role through /login/: the centre's admin
opens a period report (the chart drawn, the workbook downloaded and equal to the
page), the duty manager watches the live dashboard follow the event stream, the district's
supervisor ranks the centres and drills into one."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from govhall.conftest import login_page, screenshot
from govhall.core.models import Center, Role
from govhall.core.tests import factories as f
from govhall.queueing.services import ticket_issue
from govhall.queueing.tests import factories as qf

from .factories import month_of_facts

pytestmark = [pytest.mark.browser]
PASSWORD = "pw-123456-x"


def test_admin_duty_manager_and_supervisor(asgi_server, browser):
    h = qf.hall("BR")
    center = h["center"]
    Center.objects.filter(pk=center.pk).update(name="青竹区政务服务中心")
    town = f.center(center.district)
    Center.objects.filter(pk=town.pk).update(name="云溪镇便民服务中心")
    first = timezone.localdate().replace(day=1)
    month = (first - timedelta(days=1)).replace(day=1)
    month_of_facts(center, month, days=(first - month).days, seed=3)
    month_of_facts(town, month, days=(first - month).days, seed=4)
    for _ in range(3):
        ticket_issue(actor=h["reception"], center=center, item_code=h["licence"].code)
    f.staff(Role.CENTER_ADMIN, center_=center, username="br_admin")
    f.staff(Role.DUTY_MANAGER, center_=center, username="br_duty")
    f.staff(Role.SUPERVISOR, district_=center.district, username="br_sup")
    base = asgi_server  # the live dashboard follows the event stream (ASGI)
    query = f"period=month&date={month:%Y-%m-%d}"

    admin = login_page(browser, base, "br_admin", PASSWORD)
    admin.click("text=统计报表")
    admin.click(".rep-index >> text=取号·按队列")
    admin.goto(f"{base}/reports/{center.code}/tickets-queue/?{query}")
    expect(admin.locator("#chart-0 canvas")).to_have_count(1)
    expect(admin.locator("#chart-1 canvas")).to_have_count(1)
    expect(admin.locator(".rep-table tfoot td[data-key=label]").first).to_have_text("合计")
    shown = admin.locator(".rep-table tfoot td[data-key=issued]").first.inner_text()
    screenshot(admin, "reports-tickets-queue")
    with admin.expect_download() as download:
        admin.click("#xlsx")
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).worksheets[0]
    header = [c.value for c in sheet[2]]
    assert str(sheet.cell(sheet.max_row, header.index("取号") + 1).value) == shown
    admin.click(".rep-nav >> text=取号·按时段")
    expect(admin.locator("#chart-0 canvas")).to_have_count(1)
    admin.click(".rep-nav >> text=办件·按办理方式")
    expect(admin.locator("#chart-0 canvas")).to_have_count(1)
    screenshot(admin, "reports-cases-mode")
    admin.goto(f"{base}/reports/{center.code}/tickets-queue/?from=2026-05-10&to=2026-05-01")
    expect(admin.locator(".rep-error")).to_contain_text("开始日期晚于结束日期")

    duty = login_page(browser, base, "br_duty", PASSWORD)
    duty.click("text=大厅实时看板")
    expect(duty.locator("[data-figure=waiting]")).to_have_text("3")
    expect(duty.locator("#live-status")).to_be_hidden()
    duty.wait_for_timeout(1000)  # the stream connected
    ticket_issue(actor=h["reception"], center=center, item_code=h["pension"].code)
    # The event, not the minute's poll: the panel follows within seconds.
    expect(duty.locator("[data-figure=waiting]")).to_have_text("4", timeout=15_000)
    screenshot(duty, "reports-live")

    sup = login_page(browser, base, "br_sup", PASSWORD)
    sup.click("text=各中心统计对比")
    sup.select_option("select[name=period]", "month")
    sup.fill("input[name=date]", f"{month:%Y-%m-%d}")
    sup.select_option("select[name=rank]", "satisfaction")
    sup.click(".rep-picker button[type=submit]")
    expect(sup.locator("#chart-0 canvas")).to_have_count(1)
    expect(sup.locator("tbody tr")).to_have_count(2)
    screenshot(sup, "reports-district")
    sup.click(f"tr[data-center='{town.code}'] a")
    expect(sup.locator("h1")).to_contain_text("综合概况")
    expect(sup.locator("h1")).to_contain_text("云溪镇便民服务中心")
    expect(sup.locator("#chart-0 canvas")).to_have_count(1)
    screenshot(sup, "reports-summary-town")
