"""The rota and staff changes in chromium, logged in through /login/: the centre
admin generates a month, swaps two days and consents to the pending staff
change; the duty manager sees the rota and today's name on their workbench."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from govhall.conftest import screenshot
from govhall.core.models import Center
from govhall.staff.profiles.models import StaffProfile
from govhall.staff.rota.models import RotaDay, StaffChange, StaffChangeStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "govhall-demo-2026"


def _login(browser, base, username):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/workplace/")
    return context, page


def _month_after_next() -> str:
    first = (timezone.localdate().replace(day=1) + dt.timedelta(days=40)).replace(day=1)
    first = (first + dt.timedelta(days=32)).replace(day=1)
    return f"{first:%Y-%m}"


def test_the_admin_lays_out_a_month_swaps_a_day_and_decides_a_change(live_server, browser):
    call_command("demo_data", verbosity=0)
    base = live_server.url
    center = Center.objects.get(code="SC-QZX")
    context, page = _login(browser, base, "qzx_admin")
    expect(page.locator('.bench a[data-key="staff.rota"] [data-note]')).to_contain_text("值班长")

    month = _month_after_next()
    page.goto(f"{base}/staff/SC-QZX/rota/?month={month}")
    expect(page.locator("h1")).to_contain_text("值班长轮值表")
    assert not RotaDay.objects.filter(center=center, date__gte=f"{month}-01").exists()
    page.click("#generate button")
    expect(page.locator(".notice")).to_contain_text("已排")
    laid = list(RotaDay.objects.filter(center=center, date__gte=f"{month}-01").order_by("date"))
    assert len(laid) >= 15
    first, second = laid[0], laid[1]
    page.select_option("#swap select[name=first]", first.date.isoformat())
    page.select_option("#swap select[name=second]", second.date.isoformat())
    page.click("#swap button")
    expect(page.locator(".notice")).to_contain_text("已调换")
    assert RotaDay.objects.get(pk=first.pk).user_id == second.user_id
    cell = page.locator(f'td[data-date="{first.date.isoformat()}"] .who')
    expect(cell).to_have_text(second.user.display_name)
    screenshot(page, "rota-admin")

    page.goto(f"{base}/staff/SC-QZX/changes/")
    pending = StaffChange.objects.get(center=center, status=StaffChangeStatus.PENDING)
    row = page.locator(f'tr[data-change="{pending.pk}"]')
    expect(row).to_contain_text("邓雨欣")
    expect(page.locator("table.changes")).to_contain_text("不同意")
    screenshot(page, "staff-changes")
    row.locator("select[name=decision]").select_option("consent")
    row.locator("input[name=reason]").fill("接替人员已到岗交接，同意")
    row.locator("button").click()
    expect(page.locator(".notice")).to_contain_text("已同意")
    pending.refresh_from_db()
    assert pending.status == StaffChangeStatus.CONSENTED
    leaving = StaffProfile.objects.get(center=center, user=pending.leaving)
    assert leaving.ended_on == dt.date(2027, 1, 29)
    screenshot(page, "staff-changes-decided")

    page.goto(f"{base}/staff/SC-QZX/changes/new/")
    expect(page.locator("h1")).to_contain_text("登记调整申请")
    screenshot(page, "staff-changes-new")
    page.goto(f"{base}/staff/SC-QZX/tenure/")
    expect(page.locator("table.changes")).to_contain_text("综合窗口人员")
    screenshot(page, "rota-tenure")
    context.close()


def test_the_duty_manager_sees_their_rota(live_server, browser):
    call_command("demo_data", verbosity=0)
    base = live_server.url
    context, page = _login(browser, base, "qzx_duty")
    today = RotaDay.objects.filter(center__code="SC-QZX", date=timezone.localdate()).first()
    note = page.locator('.bench a[data-key="staff.rota"] [data-note]')
    if today:
        expect(note).to_contain_text(f"今日值班长：{today.user.display_name}")
    screenshot(page, "rota-workbench-duty")
    page.click('.bench a[data-key="staff.rota"]')
    expect(page.locator("h1")).to_contain_text("值班长轮值表")
    expect(page.locator("table.rota")).to_contain_text("何勇")
    assert page.locator("#generate").count() == 0  # reads, does not change
    screenshot(page, "rota-duty")
    page.goto(f"{base}/duty/SC-QZX/")
    if today:
        expect(page.locator("[data-on-duty]")).to_contain_text(today.user.display_name)
    screenshot(page, "rota-duty-calls")
    context.close()
