"""Efficiency supervision in chromium, each person through /login/: the centre
admin runs the checks, reads the findings per kind, closes the overdue case's
finding with a note; the department lead finds the guide's finding on the
workbench under 我的监督整改 with its close-out form; the district supervisor reads the centres side by side."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from govhall.cases.tests import factories as cf
from govhall.conftest import login_page, screenshot
from govhall.core.models import Role
from govhall.core.tests import factories as f
from govhall.reports.supervision.models import Finding, FindingKind, FindingState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-123456-x"  # the factories' password


def world():
    w = cf.world()
    w["dept_lead"] = f.staff(Role.DEPT_LEAD, center_=w["center"], department_=w["lead"])
    w["supervisor"] = f.staff(Role.SUPERVISOR, district_=w["center"].district)
    names = (
        (w["admin"].user, "王建华"),
        (w["dept_lead"], "马志刚"),
        (w["clerk"].user, "张伟"),
        (w["supervisor"], "郑国平"),
    )
    for user, name in names:
        user.last_name = name
        user.save()
    w["center"].name, w["other"].name = "松川区政务服务中心", "永兴镇社区事务受理服务中心"
    w["center"].save()
    w["other"].save()
    cf.item(w["lead"], w["center"], name="食品经营许可（新办）", complaint_phone="")
    received = dt.datetime.now(cf.SHANGHAI) - dt.timedelta(days=30)
    w["case"] = cf.intake(w, w["promise"], now=received)
    return w


def test_the_admin_closes_a_finding_and_the_owner_sees_theirs(live_server, browser):
    w = world()
    base, code = live_server.url, w["center"].code

    admin = login_page(browser, base, w["admin"].user.username, PASSWORD)
    entry = admin.locator("#bench a", has_text="监督发现")
    expect(entry).to_be_visible()
    entry.click()
    admin.click("text=立即检查")
    expect(admin.locator(".notice")).to_contain_text("新发现 2 项")
    overdue = Finding.objects.get(kind=FindingKind.CASE_OVERDUE)
    guide = Finding.objects.get(kind=FindingKind.GUIDE_INCOMPLETE)
    assert guide.owner == w["dept_lead"] and overdue.owner == w["clerk"].user
    expect(admin.locator("tr[data-kind='case_overdue'] td").nth(1)).to_have_text("1")
    expect(admin.locator(f"tr[data-finding='{guide.pk}']")).to_contain_text("投诉电话")
    screenshot(admin, "supervision-findings")

    admin.click(f"tr[data-finding='{overdue.pk}'] a")
    expect(admin.locator("h1")).to_contain_text("办件超期")
    admin.click("form[data-close] button[type=submit]")  # an empty note: the browser asks
    assert Finding.objects.get(pk=overdue.pk).state == FindingState.OPEN
    admin.fill(
        "textarea[name=note]", "已督促审批科室当日作出决定，超期原因系现场核查排期，已约谈。"
    )
    admin.click("form[data-close] button[type=submit]")
    expect(admin.locator(".notice")).to_contain_text("已提交整改情况")
    expect(admin.locator("td.state")).to_contain_text("已整改")
    expect(admin.locator("td.note")).to_contain_text("现场核查排期")
    assert Finding.objects.get(pk=overdue.pk).closed_by == w["admin"].user
    screenshot(admin, "supervision-finding-closed")

    lead = login_page(browser, base, w["dept_lead"].username, PASSWORD)
    mine = lead.locator("#bench a", has_text="我的监督整改")
    expect(mine).to_be_visible()
    expect(mine).to_contain_text("1")
    mine.click()
    expect(lead.locator(f"tr[data-finding='{guide.pk}']")).to_contain_text("食品经营许可")
    expect(lead.locator(f"tr[data-finding='{overdue.pk}']")).to_have_count(0)
    screenshot(lead, "supervision-mine")
    lead.click(f"tr[data-finding='{guide.pk}'] a")
    expect(lead.locator("form[data-reassign]")).to_have_count(0)  # the admin's
    expect(lead.locator("form[data-close] textarea[name=note]")).to_be_visible()

    supervisor = login_page(browser, base, w["supervisor"].username, PASSWORD)
    supervisor.goto(f"{base}/reports/district/{w['center'].district.code}/supervision/")
    expect(supervisor.locator(f"tr[data-center='{code}']")).to_be_visible()
    screenshot(supervisor, "supervision-district")
