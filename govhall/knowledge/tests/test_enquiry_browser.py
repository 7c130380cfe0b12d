"""The demo's enquiries, 12345 orders and online chat, then played in chromium,
each role logging in through /login/: the reception desk records a question
and calls back the overdue one; a citizen types a question on a phone and the
hotline staff answers it live; the hotline assigns the open 12345 order and the
clerk it went to answers it (queued for the platform); the duty manager
oversees every open enquiry. One test: the demo loads once (it is slow)."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from govhall.conftest import screenshot
from govhall.core.actors import actor_for_user
from govhall.core.models import Center, OutboxMessage, User
from govhall.demo.loader import DEMO_PASSWORD

from .. import demo
from ..chat.models import ChatSession
from ..enquiries import selectors
from ..enquiries.models import Enquiry
from ..workorders.models import WorkOrder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(browser, base, username, **context):
    ctx = {"locale": "zh-CN", "viewport": {"width": 1280, "height": 900}, **context}
    page = browser.new_context(**ctx).new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/workplace/")
    return page


def check_demo():
    counts = (Enquiry.objects.count(), WorkOrder.objects.count(), ChatSession.objects.count())
    demo.load({c.code: c for c in Center.objects.all()})  # twice: nothing added
    assert (
        Enquiry.objects.count(),
        WorkOrder.objects.count(),
        ChatSession.objects.count(),
    ) == counts
    center = Center.objects.get(code="SC-QZX")
    rows = Enquiry.objects.filter(center=center)
    channels = set(rows.values_list("channel", flat=True))
    assert channels == {"desk", "window", "phone", "online", "hotline"}
    now = timezone.now()
    calls = rows.filter(status__in=("open", "handed_over"), callback_due__isnull=False)
    assert calls.count() == 2 and calls.filter(callback_due__lt=now).count() == 1
    assert rows.get(status="handed_over").handovers.count() == 1
    assert rows.filter(status="unclaimed").count() == 1
    for e in rows:
        assert e.callback_due is None or e.callback_due > e.created_at
        assert e.closed_at is None or e.closed_at >= e.created_at
    desk = actor_for_user(User.objects.get(username="qzx_reception"))
    assert selectors.waiting_count(desk, center) == 2  # its overdue call-back, the unclaimed one
    answered = WorkOrder.objects.get(status="answered")
    assert answered.received_at < answered.assigned_at < answered.answered_at
    # The hotline answer among the demo's other messages (queue data, ratings: reports/exchange).
    assert answered.outbox.destination == "12345" and answered.outbox.state == "pending"
    assert WorkOrder.objects.get(status="received").received_at <= now
    assert ChatSession.objects.get().status == "waiting"
    return center, rows.get(status="open", callback_due__lt=now)


def test_demo_desk_chat_and_12345_in_the_browser(live_server, browser):
    call_command("demo_data", verbosity=0)
    center, overdue = check_demo()
    base = live_server.url

    # --- the reception desk -------------------------------------------------------------
    desk = login(browser, base, "qzx_reception")
    entry = desk.locator("#bench a[data-key='knowledge.enquiries']")
    expect(entry.locator(".count")).to_have_text("2")
    entry.click()
    row = desk.locator(f"table[data-open] tr[data-enquiry='{overdue.number}']")
    expect(row).to_have_class(re.compile("kq-overdue"))
    expect(row).to_contain_text("已超时")
    form = desk.locator("form[data-enquiry-form]")
    form.locator("select[name=channel]").select_option("phone")
    form.locator("textarea[name=question]").fill("？？？！！！")
    form.locator("button[type=submit]").click()
    expect(desk.locator(".kq-msg.alert")).to_contain_text("不能只有标点或符号")
    assert Enquiry.objects.filter(question="？？？！！！").count() == 0
    form = desk.locator("form[data-enquiry-form]")
    form.locator("textarea[name=question]").fill("孩子上小学的入学登记在哪里办？")
    form.locator("input[name=phone]").fill("13612345678")
    form.locator("button[type=submit]").click()
    expect(desk.locator(".kq-msg.notice")).to_contain_text("前回电")
    new = Enquiry.objects.get(question="孩子上小学的入学登记在哪里办？")
    assert new.first_responder.username == "qzx_reception" and new.callback_due
    screenshot(desk, "knowledge-enquiry-desk")
    desk.click(f"text={overdue.number}")
    desk.click("text=查看完整号码回电")
    expect(desk.locator("[data-phone]")).to_have_text("13957123456")
    close = desk.locator("form[data-close-form]")
    close.locator("textarea[name=answer]").fill(
        "已电话告知：可由子女持委托书代办，带户口簿和老人身份证。"
    )
    screenshot(desk, "knowledge-enquiry-detail")
    close.locator("button[type=submit]").click()
    expect(desk.locator(".kq-msg.notice")).to_contain_text("已答复并办结")
    overdue.refresh_from_db()
    assert overdue.status == "closed" and overdue.called_back_at

    # --- a citizen on a phone and the hotline staff, live -------------------------------
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    citizen = ctx.new_page()
    citizen.goto(f"{base}/knowledge/SC-QZX/chat/?q=护照加急办理要几天")
    expect(citizen.locator("textarea[name=question]")).to_have_value("护照加急办理要几天")
    citizen.locator("textarea[name=question]").fill("护照加急办理要几天？需要什么证明？")
    citizen.click("text=发送给工作人员")
    expect(citizen.locator("[data-chat-status]")).to_contain_text("正在为您转接")
    started = ChatSession.objects.order_by("pk").last()
    assert citizen.url.endswith(f"/knowledge/chat/{started.token}/")  # the token, never the id
    assert len(started.token) >= 30
    screenshot(citizen, "knowledge-chat-citizen-waiting")

    hotline = login(browser, base, "qzx_hotline")
    hotline.click("#bench a[data-key='knowledge.chat']")
    card = hotline.locator(".kq-queue .card", has_text="护照加急")
    expect(card).to_be_visible()
    card.locator("text=接入").click()
    expect(hotline.locator(".kq-msg.notice")).to_contain_text("首问责任人")
    serving = hotline.locator("[data-serving]").first
    serving.locator("textarea[name=text]").fill(
        "加急一般7个工作日，需提供加急事由证明，如入学通知书或商务邀请函。"
    )
    serving.locator("button[type=submit]", has_text="发送").click()
    expect(citizen.locator(".kq-bubble.staff")).to_contain_text("7个工作日", timeout=20000)
    expect(citizen.locator("[data-chat-status]")).to_contain_text("正在为您服务")
    screenshot(citizen, "knowledge-chat-citizen")
    screenshot(hotline, "knowledge-chat-desk")
    hotline.locator("[data-serving]").first.locator("text=结束会话并办结").click()
    expect(hotline.locator(".kq-msg.notice")).to_contain_text("已办结")
    session = ChatSession.objects.get(messages__text__startswith="护照加急")
    assert session.status == "closed" and session.enquiry.status == "closed"
    assert (
        session.enquiry.channel == "online"
        and session.enquiry.first_responder.username == "qzx_hotline"
    )
    expect(citizen.locator("[data-chat-status]")).to_contain_text("已结束", timeout=20000)

    # --- 12345: the hotline assigns, the clerk answers ----------------------------------
    hotline.goto(f"{base}/workplace/")
    hotline.click("#bench a[data-key='knowledge.workorders']")
    waiting = WorkOrder.objects.get(status="received")
    hotline.click(f"text={waiting.ref}")
    clerk3 = User.objects.get(username="qzx_clerk3")
    option = hotline.locator("select[name=to] option", has_text=clerk3.display_name).first
    hotline.locator("select[name=to]").select_option(option.get_attribute("value"))
    hotline.locator("form[data-assign-form] button").click()
    expect(hotline.locator(".kq-msg.notice")).to_contain_text("已分派")
    screenshot(hotline, "knowledge-workorder")

    clerk = login(browser, base, "qzx_clerk3")
    clerk.click("#bench a[data-key='knowledge.enquiries']")
    clerk.locator("table[data-my-orders]").locator(f"text={waiting.ref}").click()
    clerk.locator("textarea[name=answer]").fill(
        "已联系市民，周六上午综合窗口可办理居住证签注，已协助预约。"
    )
    clerk.locator("form[data-answer-form] button").click()
    expect(clerk.locator(".kq-msg.notice")).to_contain_text("回传 12345")
    expect(clerk.locator("[data-outbox]")).to_contain_text("待发送")
    waiting.refresh_from_db()
    hotline = OutboxMessage.objects.filter(destination="12345")
    assert waiting.status == "answered" and hotline.count() == 2

    # --- the duty manager oversees every open enquiry -----------------------------------
    duty = login(browser, base, "qzx_duty")
    duty.goto(f"{base}/knowledge/SC-QZX/enquiries/?scope=all")
    expect(duty.locator("table[data-open]")).to_contain_text(new.number)
    handed = Enquiry.objects.get(center=center, status="handed_over")
    expect(duty.locator(f"table[data-open] tr[data-enquiry='{handed.number}']")).to_contain_text(
        "不动产"
    )
    screenshot(duty, "knowledge-enquiry-oversee")
