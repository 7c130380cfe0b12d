"""Attendance in chromium, each role logging in through /login/: the clerk
punches in at their own 签到/签退 and sees it; reception records lateness
reported beforehand; the centre admin reads the ledger and exports it, and
opens the day, a person's month and the fault and added-punch page."""

import datetime as dt
from io import BytesIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from govhall.conftest import screenshot
from govhall.core.workdays import WorkingCalendar
from govhall.demo.loader import DEMO_PASSWORD
from govhall.staff.attendance.models import Excuse, Punch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(browser, base, username):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/workplace/")
    return context, page


def test_clerk_reception_and_admin_work_attendance(live_server, browser):
    call_command("demo_data", verbosity=0)
    base = live_server.url
    contexts = []

    ctx, clerk = login(browser, base, "qzx_clerk1")
    contexts.append(ctx)
    clerk.click('[data-key="staff.attendance.clock"]')
    before = Punch.objects.filter(user__username="qzx_clerk1").count()
    clerk.click("button[name=kind][value=in]")
    expect(clerk.locator("#att-punch [role=status]")).to_contain_text("已签到")
    expect(clerk.locator("[data-state=in]")).to_be_visible()
    assert Punch.objects.filter(user__username="qzx_clerk1").count() == before + 1
    assert Punch.objects.filter(user__username="qzx_clerk1").latest("at").source == "self"
    clerk.wait_for_timeout(600)  # htmx's settle fade
    screenshot(clerk, "attendance-clock")
    clerk.goto(f"{base}/staff/SC-QZX/attendance/me/?month=2026-11")
    expect(clerk.locator("table.att-days")).to_contain_text("已报备")
    expect(clerk.locator("table.att-days")).to_contain_text("值班")
    screenshot(clerk, "attendance-mine")
    # A clerk is refused the ledger.
    assert clerk.request.get(f"{base}/staff/SC-QZX/attendance/ledger/").status == 403

    ctx, desk = login(browser, base, "qzx_reception")
    contexts.append(ctx)
    desk.click('[data-key="staff.attendance.excuses"]')
    day = WorkingCalendar().next_working_day(timezone.localdate() + dt.timedelta(days=1))
    desk.select_option("select[name=person]", label="SC0004 陈静")
    desk.select_option("select[name=kind]", "late")
    desk.fill("input[name=expected_at]", f"{day:%Y-%m-%d}T09:40")
    desk.fill("input[name=reason]", "到区市场监管局送联办件材料")
    desk.click("form.att-form button[type=submit]")
    expect(desk.locator("p.card[role=status]")).to_contain_text("已登记报备")
    expect(desk.locator("#excuse-list")).to_contain_text("到区市场监管局送联办件材料")
    assert Excuse.objects.filter(user__username="qzx_clerk2", day=day).exists()
    screenshot(desk, "attendance-excuses")

    ctx, admin = login(browser, base, "qzx_admin")
    contexts.append(ctx)
    admin.click('[data-key="staff.attendance.ledger"]')
    admin.goto(f"{base}/staff/SC-QZX/attendance/ledger/?month=2026-11")
    expect(admin.locator("#ledger-people")).to_contain_text("张伟")
    expect(admin.locator("#ledger-departments")).to_contain_text("松川区政务服务中心")
    screenshot(admin, "attendance-ledger")
    with admin.expect_download() as download:
        admin.click("[data-export]")
    book = load_workbook(BytesIO(open(download.value.path(), "rb").read()))
    cells = {r[0]: r for r in book.worksheets[0].iter_rows(min_row=3, values_only=True)}
    row = admin.locator('#ledger-people tr[data-staff="SC0004"] td').all_inner_texts()
    assert [str(v) for v in cells["SC0004"][3:]] == row[3:]
    admin.click('#ledger-people tr[data-staff="SC0003"] a')
    expect(admin.locator("h1")).to_contain_text("张伟")
    screenshot(admin, "attendance-person")
    admin.goto(f"{base}/staff/SC-QZX/attendance/today/")
    expect(admin.locator("h1")).to_contain_text("今日到岗")
    screenshot(admin, "attendance-today")
    admin.goto(f"{base}/staff/SC-QZX/attendance/manage/")
    expect(admin.locator("#added-list")).to_contain_text("考勤机故障")
    expect(admin.locator("#fm-list")).to_contain_text("地铁")
    # A bad fault report re-renders the form with its error.
    admin.fill("#fault-form input[name=started_at]", "2999-01-01T08:00")
    admin.fill("#fault-form input[name=description]", "黑屏")
    admin.click("#fault-form button[type=submit]")
    expect(admin.locator("#fault-form")).to_contain_text("时间无效")
    admin.goto(f"{base}/staff/SC-QZX/attendance/manage/")
    screenshot(admin, "attendance-manage")
    for context in contexts:
        context.close()
