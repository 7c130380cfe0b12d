"""Issue 12 §1 in the browser: the centre admin logs in through /login/,
changes Saturday's hours, adds a window and gives it a calling profile, all on
workplace pages; the public guide then shows the new hours and lists the new
window among those that accept an item of its queue. Screenshots of every
settings page under docs/screenshots/settings-*.png."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from govhall.conftest import screenshot
from govhall.core.models import Center
from govhall.demo.loader import DEMO_PASSWORD
from govhall.hall.models import Window
from govhall.queueing.models import Queue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_centre_admin_sets_hours_a_window_and_its_profile(live_server, browser):
    call_command("demo_data", verbosity=0)
    base = live_server.url
    center = Center.objects.get(code="SC-QZX")
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "qzx_admin")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/workplace/")

    # The hub, from the workbench.
    page.click(".bench a.card[data-key='core.settings']")
    page.wait_for_url(f"{base}/settings/SC-QZX/")
    for key in ("core.hours", "core.rules", "hall.windows", "queueing.queues", "booking.slots"):
        expect(page.locator(f".settings-hub a[data-key='{key}']")).to_be_visible()
    screenshot(page, "settings-hub")

    # Saturday: a morning and a short afternoon.
    page.click(".settings-hub a[data-key='core.hours']")
    page.fill("input[name=d5-0-start]", "08:30")
    page.fill("input[name=d5-0-end]", "12:00")
    page.fill("input[name=d5-1-start]", "13:00")
    page.fill("input[name=d5-1-end]", "16:00")
    page.click("button[type=submit]")
    expect(page.locator("p.notice")).to_contain_text("开放时间已保存")
    screenshot(page, "settings-hours")
    center.refresh_from_db()
    assert center.opening_hours["5"] == [["08:30", "12:00"], ["13:00", "16:00"]]
    # A mistake is shown beside its day, and nothing changes.
    page.fill("input[name=d6-0-start]", "12:00")
    page.fill("input[name=d6-0-end]", "09:00")
    page.click("button[type=submit]")
    expect(page.locator("tr[data-day='6'] .field-error")).to_contain_text("开始时间应早于结束时间")
    screenshot(page, "settings-hours-error")
    center.refresh_from_db()
    assert "6" not in center.opening_hours

    # The rules page.
    page.click("nav.subnav >> text=中心规则参数")
    row = page.locator("tr[data-key='queue.max_recalls']")
    row.locator("input[name=value]").fill("3")
    row.locator("button[type=submit]").first.click()
    expect(page.locator("p.notice")).to_contain_text("已保存")
    expect(page.locator("tr[data-key='queue.max_recalls'] td[data-value]")).to_contain_text("3")
    screenshot(page, "settings-rules")

    # A new window.
    page.click("nav.subnav >> text=窗口")
    number = page.locator("input[name=number]").input_value()
    page.fill("input[name=name]", "周末服务窗口")
    page.select_option("select[name=type]", "comprehensive")
    page.click("#window-form button[type=submit]")
    expect(page.locator("p.notice")).to_contain_text("已新增窗口")
    window = Window.objects.get(center=center, number=int(number))
    assert window.code == f"QZX-W{int(number):02d}" and window.name == "周末服务窗口"
    screenshot(page, "settings-windows")

    # Its calling profile: 社保医保 first, then 民政事务.
    page.click(f"tr[data-window='{window.code}'] >> text=呼叫队列")
    shbz = Queue.objects.get(center=center, code="SHBZ")
    mzsw = Queue.objects.get(center=center, code="MZSW")
    page.fill(f"input[name=q-{shbz.pk}]", "1")
    page.fill(f"input[name=q-{mzsw.pk}]", "2")
    page.click("button[type=submit]")
    expect(page.locator("p.notice")).to_contain_text("呼叫队列")
    screenshot(page, "settings-profile")
    assert list(window.profile.order_by("position").values_list("queue__code", flat=True)) == [
        "SHBZ",
        "MZSW",
    ]
    page.click("nav.subnav >> text=队列与窗口呼叫")
    expect(page.locator(f"table.profiles tr[data-window='{window.code}']")).to_contain_text(
        "社保医保"
    )
    screenshot(page, "settings-queues")

    # The public guide: the centre's week and the window that now accepts the item.
    guide = context.new_page()
    guide.goto(f"{base}/guide/SC-QZX/")
    expect(guide.locator(".opening-hours li[data-day='5']")).to_contain_text("08:30–12:00")
    expect(guide.locator(".opening-hours li[data-day='5']")).to_contain_text("13:00–16:00")
    screenshot(guide, "settings-guide-hours")
    item = shbz.items.filter(published_version__isnull=False).first()
    guide.goto(f"{base}/guide/items/{item.code}/")
    expect(guide.locator(f"#windows li[data-window='{window.code}']")).to_contain_text(
        "周末服务窗口"
    )
    screenshot(guide, "settings-guide-windows")
    context.close()


def test_the_supervisor_reads_the_settings_without_forms(live_server, browser):
    call_command("demo_data", verbosity=0)
    base = live_server.url
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "district_supervisor")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/workplace/**")
    page.goto(f"{base}/settings/SC-QZX/windows/")
    expect(page.locator("h1")).to_contain_text("窗口")
    assert page.locator("#window-form").count() == 0
    expect(page.locator("body")).to_contain_text("修改由中心管理员进行")
    screenshot(page, "settings-windows-supervisor")
    context.close()
