"""The guide workflow in chromium, logged in through /login/: the 区人社局's
reviewer revises a guide and submits it; the centre admin reviews it side by
side, approves and publishes it; the public guide shows the new version."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from govhall.catalog.models import ServiceItem
from govhall.conftest import screenshot
from govhall.demo.loader import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(browser, base, username):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/workplace/")
    return context, page


def test_a_department_revises_and_the_centre_reviews_and_publishes(live_server, browser):
    call_command("demo_data", verbosity=0)
    base = live_server.url

    # --- the department: 区人社局's reviewer -------------------------------------------
    context, page = login(browser, base, "review_rsj")
    expect(page.locator('[data-key="catalog.drafts"] .count')).to_have_text("1")  # returned
    page.click('[data-key="catalog.drafts"]')
    expect(page.locator("h1")).to_have_text("部门指南修订")
    expect(page.locator(".returned-list")).to_contain_text("RSJ-0003")
    screenshot(page, "catalog-workflow-drafts")

    page.click(".returned-list a")  # the returned one: the centre's note is shown
    expect(page.locator(".returned-note")).to_contain_text("补充委托他人办理时所需的材料")
    screenshot(page, "catalog-workflow-returned")

    page.goto(f"{base}/guide/work/SC-QZX/drafts/")
    row = page.locator('tr[data-item="RSJ-0002"]')
    row.locator("button", has_text="新建修订草稿").click()
    expect(page.locator(".notice")).to_contain_text("已从现行版本复制出新草稿")
    # Bad input first: committed beyond statutory is refused on the form.
    page.fill("#id_committed_days", "30")
    page.fill("#id_change_summary", "压缩承诺时限")
    page.click("text=保存指南")
    expect(page.locator(".field.has-error")).to_contain_text("承诺时限不能超过法定时限")
    page.fill("#id_committed_days", "3")
    page.fill("#id_change_summary", "承诺办结时限由 5 个工作日压缩为 3 个工作日；增加委托办理材料")
    steps = page.input_value("#id_process").replace("审批", "审批（经办人初审、科室负责人复核）")
    page.fill("#id_process", steps)
    page.click("text=保存指南")
    expect(page.locator(".notice")).to_contain_text("指南已保存")
    screenshot(page, "catalog-workflow-edit")

    page.click("text=修改申请材料")
    blank = page.locator("#lines tr").nth(4)  # the first blank line after the 4 materials
    blank.locator("input[name$='-name']").fill("委托代理人身份证件及授权委托书")
    blank.locator("select").select_option("original")
    blank.locator("input[name$='-notes']").fill("委托他人办理的提交")
    blank.locator("input[name$='-required']").uncheck()
    blank.locator("button.up").click()  # above the application form, numbered again
    expect(page.locator("#lines tr").nth(3).locator("input[name$='-name']")).to_have_value(
        "委托代理人身份证件及授权委托书"
    )
    screenshot(page, "catalog-workflow-materials")
    page.click("text=保存申请材料")
    expect(page.locator(".notice")).to_contain_text("申请材料已保存")
    expect(page.locator("table.materials")).to_contain_text("委托代理人身份证件及授权委托书")
    page.click("button:has-text('提交中心审核')")
    expect(page.locator(".notice")).to_contain_text("已提交中心审核")
    expect(page.locator('tr[data-item="RSJ-0002"]')).to_contain_text("部门已提交")
    context.close()

    # --- the centre: qzx_admin -----------------------------------------------------------
    context, page = login(browser, base, "qzx_admin")
    expect(page.locator('[data-key="catalog.review"] .count')).to_have_text("2")
    page.click('[data-key="catalog.review"]')
    expect(page.locator("h1")).to_have_text("指南审核发布")
    screenshot(page, "catalog-workflow-queue")
    page.locator("tr", has_text="RSJ-0002").locator("text=对照审核").click()
    expect(page.locator('tr[data-field="committed_days"] td.old del')).to_have_text("5 个工作日")
    expect(page.locator('tr[data-field="committed_days"] td.new ins')).to_have_text("3 个工作日")
    expect(page.locator('tr[data-field="process"] td.new ins')).to_contain_text("经办人初审")
    expect(page.locator('tr[data-field="name"]')).not_to_have_class("changed")
    added = page.locator(".materials-diff tr[data-kind=added]")
    expect(added).to_have_count(1)
    expect(added).to_contain_text("委托代理人身份证件及授权委托书")
    screenshot(page, "catalog-workflow-review")
    # Returning without a note is refused on the page.
    page.check("input[name=decision][value=return]")
    page.click("text=提交审核结论")
    expect(page.locator(".field.has-error")).to_contain_text("退回时须填写审核意见")
    page.check("input[name=decision][value=approve]")
    page.click("text=提交审核结论")
    expect(page.locator(".notice")).to_contain_text("审核通过")
    page.locator(".review-form button", has_text="发布").click()
    expect(page.locator(".notice")).to_contain_text("已发布")
    screenshot(page, "catalog-workflow-published")
    context.close()

    # --- the public guide ---------------------------------------------------------------
    public = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    guide = public.new_page()
    guide.goto(f"{base}/guide/items/RSJ-0002/")
    body = guide.locator("main")
    expect(body).to_contain_text("3 个工作日")
    expect(body).to_contain_text("委托代理人身份证件及授权委托书")
    expect(body).to_contain_text("经办人初审、科室负责人复核")
    expect(body).to_contain_text("第 2 版")
    public.close()
    assert ServiceItem.objects.get(code="RSJ-0002").published_version.number == 2
