"""In Debian's chromium: a ticket is finished at the window console, the rating
pad facing the citizen shows it, the citizen rates it 2 with a reason, and the
rectification appears in the centre admin's list; the citizen's phone page (and
its elderly mode), the record, the supervisor's list, figures and public page."""

import re

import pytest
from playwright.sync_api import expect

from govhall.conftest import device_page, screenshot, staff_page
from govhall.core.actors import ANONYMOUS
from govhall.queueing import services as queue_services

from ..models import Finding, Rectification
from ..services import evaluations as services
from .factories import PHONE, feedback_hall, serve

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_console_finish_pad_rating_and_rectification(asgi_server, browser):
    h = feedback_hall()
    queue_services.ticket_issue(
        actor=h["reception"], center=h["center"], item_code=h["licence"].code, phone=PHONE
    )
    pad = device_page(browser, asgi_server, h["pad_raw"], viewport={"width": 1280, "height": 800})
    expect(pad).to_have_url(re.compile("/feedback/pad/"))
    expect(pad.locator(".pad-idle")).to_contain_text("欢迎您对我们的服务作出评价")
    screenshot(pad, "evaluation-pad-idle")

    console = device_page(
        browser, asgi_server, h["window_raw"], viewport={"width": 1280, "height": 900}
    )
    expect(console).to_have_url(re.compile(f"/hall/window/{h['w1'].code}/"))
    console.click("text=呼叫下一位")
    expect(console.locator(".current-number")).to_have_text("A001")
    expect(console.locator("input[name=level]")).to_have_count(0)  # no rating controls
    console.click("text=办结")
    expect(console.locator(".current-number")).to_have_text("—")

    # The pad polls and shows what is being rated.
    expect(pad.locator(".rated-item")).to_contain_text("营业执照遗失补领", timeout=10_000)
    expect(pad.locator(".rated-service")).to_contain_text("A001")
    expect(pad.locator(".rated-service")).to_contain_text(h["clerk"].user.staff_number)
    expect(pad.locator(".bad-only")).to_be_hidden()
    screenshot(pad, "evaluation-pad-pending")
    pad.click("label.level-2")
    expect(pad.locator(".bad-only")).to_be_visible()
    pad.click("text=等候或办理时间太长")
    pad.fill("textarea[name=comment]", "等了四十分钟")
    screenshot(pad, "evaluation-pad-bad")
    pad.click("button[type=submit]")
    expect(pad.locator(".pad-idle")).to_contain_text("感谢您的评价")
    screenshot(pad, "evaluation-pad-thanks")

    record = Rectification.objects.get()
    assert record.real_name is True  # the ticket carried the phone

    admin = staff_page(
        browser, asgi_server, h["admin"].user, viewport={"width": 1280, "height": 900}
    )
    admin.goto(f"{asgi_server}/feedback/center/{h['center'].code}/rectifications/")
    row = admin.locator("table.rectifications tr", has_text="A001")
    expect(row).to_contain_text("不满意")
    expect(row).to_contain_text("待核实")
    expect(admin.locator(".rates")).to_contain_text("实名差评回复率")
    screenshot(admin, "evaluation-rectification-list")
    row.locator("a").first.click()
    expect(admin.locator("h1")).to_contain_text("差评整改")
    expect(admin.locator("body")).to_contain_text("等了四十分钟")
    expect(admin.locator("body")).not_to_contain_text(PHONE)
    admin.fill("form:has(input[value=contact]) textarea", "已电话联系评价人，了解等候情况")
    admin.click("form:has(input[value=contact]) button")
    admin.check("input[name=finding][value=objective]")
    admin.fill("form:has(input[value=classify]) textarea", "当日上午 1 号窗口排队超时属实")
    admin.click("form:has(input[value=classify]) button")
    expect(admin.locator("body")).to_contain_text("整改中")
    screenshot(admin, "evaluation-rectification-record")


def test_citizen_phone_page_elderly_supervisor_and_public(live_server, browser):
    h = feedback_hall()
    evaluation = serve(h, phone=PHONE)
    phone = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    ).new_page()
    phone.goto(f"{live_server.url}/e/{evaluation.token}/")
    expect(phone.locator(".rated-item")).to_contain_text("营业执照遗失补领")
    phone.click("label.level-1")
    phone.click("text=服务态度不好")
    screenshot(phone, "evaluation-citizen-phone")
    phone.click("#elderly-toggle")
    expect(phone.locator("body")).to_have_class(re.compile("elderly"))
    screenshot(phone, "evaluation-citizen-elderly")
    phone.click("button[type=submit]")
    expect(phone.locator(".thanks")).to_contain_text("感谢您的评价")

    record = Rectification.objects.get(evaluation=evaluation)
    services.rectification_contact(actor=h["admin"], rectification=record, note="已联系")
    services.rectification_classify(
        actor=h["admin"],
        rectification=record,
        finding=Finding.UNFOUNDED,
        note="经查看监控，窗口人员全程礼貌",
    )
    other = serve(h)
    services.evaluation_rate(
        actor=ANONYMOUS, token=other.token, level=5, comment="很耐心，一次办好"
    )
    supervisor = staff_page(
        browser, live_server.url, h["supervisor"].user, viewport={"width": 1280, "height": 900}
    )
    supervisor.goto(f"{live_server.url}/feedback/district/{h['center'].district.code}/appeals/")
    expect(supervisor.locator("table")).to_contain_text("经查看监控")
    screenshot(supervisor, "evaluation-appeals")
    supervisor.goto(f"{live_server.url}/feedback/center/{h['center'].code}/figures/")
    expect(supervisor.locator("h1")).to_contain_text("满意度统计")
    screenshot(supervisor, "evaluation-figures")
    public = browser.new_context(locale="zh-CN", viewport={"width": 1000, "height": 900}).new_page()
    public.goto(f"{live_server.url}/feedback/center/{h['center'].code}/public/")
    expect(public.locator("body")).to_contain_text("很耐心，一次办好")
    expect(public.locator("body")).not_to_contain_text(PHONE)
    screenshot(public, "evaluation-public")
