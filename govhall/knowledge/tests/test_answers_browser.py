"""The knowledge base and the Q&A in chromium, on the demo: the centre admin
reviews (side by side) and publishes what a department submitted and sees the
article past its review date; a department's reviewer drafts and submits; a
citizen asks at the kiosk page (answer with sources, elderly mode spoken and
readable, a question handed over to a person) and in the guide page's box."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from govhall.conftest import screenshot
from govhall.demo.loader import DEMO_PASSWORD
from govhall.knowledge.articles.models import ArticleVersion
from govhall.queueing.tests.test_kiosk_elderly import CONTRAST_JS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Records what the page asks the browser to say (headless chromium has no voice).
SPY = """
window.__spoken = [];
if (window.speechSynthesis) {
  window.speechSynthesis.speak = (u) => window.__spoken.push({text: u.text, lang: u.lang});
}
"""


def login(browser, base, username):
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/workplace/")
    return page


def _centre_reviews_and_publishes(browser, base):
    admin = login(browser, base, "qzx_admin")
    admin.click("text=知识审核与到期复核")
    expect(admin.locator("#submitted + table")).to_contain_text("二手房买卖要交哪些税？")
    overdue = admin.locator("tr.overdue")
    expect(overdue).to_contain_text("失业保险金能领多久？")
    screenshot(admin, "knowledge-articles-queue")
    admin.locator("#submitted + table").get_by_role("link", name="审核").click()
    expect(admin.locator("table.kb-diff")).to_contain_text("满五唯一")
    screenshot(admin, "knowledge-article-review")
    admin.click("text=审核通过并发布")
    expect(admin.locator(".notice")).to_contain_text("已发布")
    expect(admin.locator("#submitted + table")).to_contain_text("没有待审核的条目")
    assert ArticleVersion.objects.get(title="二手房买卖要交哪些税？").status == "published"


def _department_drafts_and_submits(browser, base):
    writer = login(browser, base, "review_rsj")
    writer.get_by_role("link", name="知识库", exact=True).first.click()
    expect(writer.locator("tr.overdue")).to_contain_text("已过复核日期")
    writer.click("text=新建知识条目")
    writer.fill("input[name=title]", "就业创业证丢了怎么补？")
    writer.fill("textarea[name=questions]", "就业证丢了\n失业证补办")
    writer.fill("textarea[name=answer]", "带身份证到人社窗口申请补发，当场办结。")
    writer.fill("input[name=items]", "RSJ-0004")
    writer.fill("input[name=review_by]", "2030-06-30")
    writer.click("text=保存草稿")
    expect(writer.locator(".notice")).to_contain_text("已保存草稿")
    writer.click("text=提交中心审核")
    expect(writer.locator(".notice")).to_contain_text("已提交中心审核")
    screenshot(writer, "knowledge-articles-dept")


def _citizen_asks_at_the_kiosk_page(browser, base):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1000})
    context.add_init_script(SPY)
    page = context.new_page()
    page.goto(f"{base}/knowledge/SC-QZX/ask/")
    page.fill("input[name=q]", "办营业执照要带什么")
    page.click("button[type=submit]")
    answer = page.locator("[data-ask-answer] .ask-answer")
    expect(answer).to_contain_text("个体工商户营业执照设立登记")
    expect(answer.locator("[data-source='item:SCJ-0001'] a")).to_have_attribute(
        "href", "/guide/items/SCJ-0001/"
    )
    assert page.evaluate("window.__spoken.length") == 0  # spoken in elderly mode only
    has_recognition = page.evaluate(
        "'webkitSpeechRecognition' in window || 'SpeechRecognition' in window"
    )
    expect(page.locator(".ask-mic")).to_be_visible() if has_recognition else expect(
        page.locator(".ask-mic")
    ).to_be_hidden()
    screenshot(page, "knowledge-ask")

    page.click("#elderly-toggle")
    page.fill("input[name=q]", "护照多久能办好")
    page.click("button[type=submit]")
    expect(answer).to_contain_text("7 个工作日")
    spoken = page.evaluate("window.__spoken")
    assert any("7 个工作日" in s["text"] and s["lang"] == "zh-CN" for s in spoken), spoken
    for selector in (".ask-text", ".ask-sources a", "h1"):
        seen = page.evaluate(CONTRAST_JS, [selector, "color"])
        assert seen["ratio"] >= 7, (selector, seen)
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.ask-text')).fontSize)"
    )
    assert size >= 36, size
    screenshot(page, "knowledge-ask-elderly")

    page.fill("input[name=q]", "我家猫丢了怎么办")
    page.click("button[type=submit]")
    expect(page.locator(".ask-answer.handoff")).to_contain_text("转人工")
    page.get_by_role("link", name="转人工咨询").click()
    page.wait_for_url(re.compile(r"/knowledge/SC-QZX/chat/\?q="))


def _citizen_asks_on_the_guide_page(browser, base):
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{base}/guide/items/CRJ-0001/")
    box = page.locator("[data-guide-box]")
    box.locator("input[name=q]").fill("多久能办好")
    box.locator("button[type=submit]").click()
    expect(box.locator(".ask-answer")).to_contain_text("普通护照签发")
    expect(box.locator(".ask-answer")).to_contain_text("7 个工作日")
    box.scroll_into_view_if_needed()
    screenshot(page, "knowledge-guide-box")


def test_knowledge_base_and_questions_end_to_end(live_server, browser):
    call_command("demo_data", verbosity=0)
    base = live_server.url
    _centre_reviews_and_publishes(browser, base)
    _department_drafts_and_submits(browser, base)
    _citizen_asks_at_the_kiosk_page(browser, base)
    _citizen_asks_on_the_guide_page(browser, base)
