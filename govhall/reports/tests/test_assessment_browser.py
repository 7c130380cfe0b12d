"""The assessment in chromium on the demo, logging in through /login/: last
month is up for objections with qzx_clerk1's waiting; the admin computes and
publishes this month; a clerk reads the 公示 and objects; the admin answers;
once final, the 人社局's lead sees only their department's people."""

import datetime as dt

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from govhall.conftest import login_page, screenshot
from govhall.core.actors import actor_for_user
from govhall.core.models import Center, User
from govhall.reports.assessment import demo, selectors, services
from govhall.reports.assessment.models import Objection, ObjectionState, RunState
from govhall.reports.assessment.views import last_month

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_assessment_flow(live_server, browser):
    call_command("demo_data", verbosity=0)
    center = Center.objects.get(code="SC-QZX")
    run = selectors.run_for(center, last_month())
    assert run.state == RunState.PUBLISHED and run.results.count() >= 12
    assert Objection.objects.filter(result__run=run, state=ObjectionState.PENDING).count() == 1
    assert run.center_figures["tickets"] > 0  # the demo's history of served tickets
    demo.load({"SC-QZX": center})  # safe to run twice
    assert Objection.objects.filter(result__run=run).count() == 1
    base = live_server.url

    admin = login_page(browser, base, "qzx_admin")
    admin.click("text=工作人员考核")
    expect(admin.locator("h1")).to_contain_text("工作人员考核")
    expect(admin.locator("[data-state=published]")).to_be_visible()
    expect(admin.locator("[data-objection][data-state=pending]")).to_have_count(1)
    screenshot(admin, "assessment-manage")

    admin.goto(f"{base}/reports/SC-QZX/assessment/scheme/")
    admin.fill("input[name=training]", "20")
    admin.click("button:has-text('保存')")
    expect(admin.locator(".alert")).to_contain_text("四项权重之和应为 100")
    screenshot(admin, "assessment-scheme")

    # The special-groups month, printable, from the workbench.
    admin.goto(f"{base}/workplace/")
    admin.click("text=特殊群体服务月报")
    admin.fill("input[name=month]", str(last_month()))
    admin.click("button:has-text('查看')")
    expect(admin.locator("h1")).to_contain_text("特殊群体服务月报")
    expect(admin.locator("table[data-table='1'] tbody tr")).to_have_count(7)
    screenshot(admin, "groups-special-month")

    this_month = dt.date.today().strftime("%Y-%m")
    admin.goto(f"{base}/reports/SC-QZX/assessment/?month={this_month}")
    admin.click("button:has-text('计算本月考核')")
    expect(admin.locator("[data-state=draft]")).to_be_visible()
    expect(admin.locator("#assessment-results tbody tr").first).to_be_visible()
    admin.click("button:has-text('公示')")
    expect(admin.locator("[data-state=published]")).to_be_visible()

    clerk = login_page(browser, base, "qzx_clerk2")
    clerk.click("text=考核结果公示")
    expect(clerk.locator("#assessment-public tr.mine")).to_contain_text("陈静")
    clerk.fill("textarea[name=reason]", "本月办件按时率统计有误，请核实。")
    clerk.click("button:has-text('提出异议')")
    expect(clerk.locator(".notice")).to_contain_text("异议已提交")
    expect(clerk.locator("[data-objection-state=pending]")).to_be_visible()
    screenshot(clerk, "assessment-public")

    # The admin rejects last month's objection; the month is locked after its window.
    admin.goto(f"{base}/reports/SC-QZX/assessment/?month={last_month()}")
    admin.fill("input[name=answer]", "经核实，外出培训已按请假计，缺卡记录无误。")
    admin.click("button:has-text('异议不成立')")
    expect(admin.locator(".notice")).to_contain_text("已答复异议")
    run.refresh_from_db()
    late = dt.datetime.combine(run.objection_until + dt.timedelta(days=1), dt.time(9), dt.UTC)
    services.assessment_finalize(
        actor=actor_for_user(User.objects.get(username="qzx_admin")), run=run, now=late
    )

    lead = login_page(browser, base, "lead_rsj")
    lead.click("text=本部门人员考核结果")
    rows = lead.locator("#assessment-department tbody tr")
    expect(rows.filter(has_text="袁立新")).to_have_count(1)
    expect(rows.filter(has_text="张伟")).to_have_count(0)  # a centre clerk, not the 人社局's
    screenshot(lead, "assessment-department")
