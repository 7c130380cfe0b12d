"""The self-audit in chromium, each role logging in through /login/: the district
centre's admin fills a gap in the inventory and runs the audit; the town centre's
admin uploads a missing rule; the district's supervisor compares the centres side
by side, drills into the town centre, confirms its evidence and verifies a task."""

import subprocess

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from govhall.conftest import SCREENSHOTS, screenshot
from govhall.demo.loader import DEMO_PASSWORD
from govhall.standards.audit.models import Evidence
from govhall.standards.rules.models import RuleDocument
from govhall.standards.tasks.models import RectificationTask, TaskStatus

from .factories import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(browser, base, username):
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/workplace/")
    return page


def row(page, ref):
    return page.locator(f"tr[data-ref='{ref}']")


def test_audit_gap_filled_rule_uploaded_district_reviews(live_server, browser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("demo_data", verbosity=0)
    base = live_server.url

    admin = login(browser, base, "qzx_admin")
    admin.click("text=标准自查")
    expect(admin.locator("h1")).to_contain_text("标准自查")
    robot = row(admin, "001/表3/5")  # 智能导服机器人, mandatory at the district level
    expect(robot).to_have_attribute("data-status", "not_met")
    screenshot(admin, "std-audit-qzx")
    admin.click(".std-subnav >> text=场所与设施")
    zone = admin.locator("section.zone[data-zone='guidance']")
    zone.locator("select[name=kind]").select_option("guide_robot")
    zone.locator("input[name=location]").fill("一楼入口")
    zone.locator(".facility-form button[type=submit]").click()
    expect(admin.locator(".notice")).to_contain_text("智能导服机器人")
    screenshot(admin, "std-facilities-qzx")
    admin.goto(f"{base}/standards/SC-QZX/audit/?show=all")
    expect(row(admin, "001/表3/5")).to_have_attribute("data-status", "met")
    admin.click(".std-run button[type=submit]")
    expect(admin.locator(".notice")).to_contain_text("自查完成")

    town = login(browser, base, "yx_admin")
    town.goto(f"{base}/standards/SC-YX/audit/")
    expect(row(town, "003/四(一)1(2)/1")).to_contain_text("低于150平方米")
    expect(row(town, "001/C.3.2")).to_have_attribute("data-status", "not_met")
    screenshot(town, "std-audit-yx")
    town.click(".std-subnav >> text=制度文件")
    expect(town.locator("tr[data-rule='publicity_work']")).to_have_attribute(
        "data-state", "missing"
    )
    form = town.locator("#rule-form")
    form.locator("select[name=key]").select_option("publicity_work")
    form.locator("input[name=version]").fill("2026版")
    form.locator("input[name=issued_on]").fill("2026-11-20")
    form.locator("input[name=file]").set_input_files(
        {"name": "xc.png", "mimeType": "application/pdf", "buffer": b"\x89PNG\r\n\x1a\nfake"}
    )
    form.locator("button[type=submit]").click()
    expect(town.locator(".alert")).to_contain_text("文件类型不支持")  # a PNG named PDF
    form = town.locator("#rule-form")
    form.locator("select[name=key]").select_option("publicity_work")
    form.locator("input[name=version]").fill("2026版")
    form.locator("input[name=issued_on]").fill("2026-11-20")
    form.locator("input[name=file]").set_input_files(
        {"name": "xc.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    form.locator("button[type=submit]").click()
    expect(town.locator("tr[data-rule='publicity_work']")).to_have_attribute(
        "data-state", "current"
    )
    screenshot(town, "std-rules-yx")
    assert RuleDocument.objects.filter(center__code="SC-YX", key="publicity_work").count() == 1

    sup = login(browser, base, "district_supervisor")
    sup.click("text=各中心达标情况")
    expect(sup.locator("tr[data-center='SC-QZX']")).to_be_visible()
    expect(sup.locator("tr[data-center='SC-YX']")).to_be_visible()
    screenshot(sup, "std-district")
    sup.click("tr[data-center='SC-YX'] >> text=云溪镇社区事务受理服务中心")
    sup.click(".std-filter >> text=佐证材料")
    plaque = row(sup, "003/四(一)1(3)/1")
    expect(plaque).to_have_attribute("data-status", "unchecked")
    plaque.locator("text=确认佐证").click()
    expect(row(sup, "003/四(一)1(3)/1")).to_have_attribute("data-status", "met")
    assert Evidence.objects.get(requirement__ref="003/四(一)1(3)/1").confirmed_by.username == (
        "district_supervisor"
    )
    sup.goto(f"{base}/standards/SC-QZX/tasks/?status=done")
    aed = RectificationTask.objects.get(center__code="SC-QZX", ref="001/表12/3")
    card = sup.locator(f"article[data-task='{aed.pk}']")
    expect(card).to_contain_text("除颤仪")
    screenshot(sup, "std-tasks-qzx")
    card.locator("input[name=note]").fill("现场核实，设备在位")
    card.locator("button[value=accept]").click()
    expect(sup.locator(".notice")).to_contain_text("已验收")
    aed.refresh_from_db()
    assert aed.status == TaskStatus.VERIFIED and aed.verified_by.username == "district_supervisor"

    report = sup.request.get(f"{base}/standards/SC-YX/audit/report.pdf")
    assert report.status == 200 and report.body()[:5] == b"%PDF-"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf_path = SCREENSHOTS / "std-report-yx.pdf"
    pdf_path.write_bytes(report.body())
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf_path), str(pdf_path)[:-4]],
        check=True,
    )
    pdf_path.unlink()
