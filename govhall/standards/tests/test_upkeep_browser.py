"""Upkeep, emergency plans and an inspection round in chromium, each role logging
in through /login/: the admin records a maintenance with a photo and a drill, the
duty manager ticks the cleaning and walks the round on a 1024×768 tablet (big
toggles, a photo from the camera input), the district inspector reads the round
and the plan with its phones masked."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from govhall.conftest import screenshot
from govhall.core.tests.factories import actor
from govhall.standards.emergency import services as plans
from govhall.standards.rounds import checklist
from govhall.standards.rounds import services as rounds
from govhall.standards.rounds.models import Round, RoundStatus
from govhall.standards.tasks.models import RectificationTask
from govhall.standards.upkeep import services
from govhall.standards.upkeep.models import Installation

from .upkeep_world import hall_world, image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-123456-x"  # the factories' password


def login(browser, base, user, **context):
    context.setdefault("viewport", {"width": 1280, "height": 900})
    page = browser.new_context(locale="zh-CN", **context).new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/workplace/")
    return page


def world():
    w = hall_world()
    today = dt.date.today()
    a = actor(w["admin"])
    for user, name in ((w["admin"], "王建华"), (w["duty"], "何勇"), (w["clerk"], "张伟")):
        user.last_name = name  # as the demo keeps a Chinese full name
        user.save()
    services.installation_add(
        actor=a,
        center=w["center"],
        name="应急照明灯",
        kind="emergency_light",
        cycle="monthly",
        since=today - dt.timedelta(days=45),
        zone=w["zones"][1],
        keeper=w["duty"],
    )
    services.installation_add(
        actor=a,
        center=w["center"],
        name="机房服务器",
        kind="server",
        cycle="days",
        every_days=30,
        since=today - dt.timedelta(days=27),
        keeper=w["duty"],
    )
    plans.plan_save(
        actor=a,
        center=w["center"],
        kind="fire",
        title="突发火灾应急处置预案",
        steps="发现人呼喊报警，就近扑救初起火灾\n值班长拨打119并组织疏散",
        version="V1.0",
        reviewed_on=today - dt.timedelta(days=30),
        contacts=[{"duty": "现场处置（值班长）", "name": "何勇", "phone": "13800000002"}],
    )
    w["round"] = rounds.round_plan(
        actor=a,
        center=w["center"],
        planned_on=today,
        slot="morning",
        walker=w["duty"],
        area="一楼大厅",
    )
    return w


def test_upkeep_emergency_and_a_round_walked_on_a_tablet(live_server, browser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = world()
    base, code = live_server.url, w["center"].code
    png = tmp_path / "finding.png"
    png.write_bytes(image("PNG", (320, 240)))

    # --- the centre admin: the ledger, a maintenance with a photo, a drill
    admin = login(browser, base, w["admin"])
    entry = admin.locator("#bench a", has_text="设施设备维保")
    expect(entry).to_be_visible()
    entry.click()
    late = Installation.objects.get(name="应急照明灯")
    expect(admin.locator(f"tr[data-inst='{late.pk}'] .flag")).to_contain_text("逾期")
    expect(admin.locator("tr[data-state='due_soon']")).to_contain_text("机房服务器")
    screenshot(admin, "standards-upkeep")
    admin.click("text=应急照明灯")
    admin.check("input[name=result][value=fixed]")
    admin.fill("input[name=worker]", "消防维保公司")
    admin.fill("input[name=note]", "2号出口指示灯更换灯管")
    admin.set_input_files("input[name=attachment]", str(png))
    admin.click("text=保存维保记录")
    expect(admin.locator(".std-msg.notice")).to_contain_text("下次维保日期已更新")
    late.refresh_from_db()
    assert late.last_done == dt.date.today() and late.next_due > dt.date.today()
    expect(admin.locator("td.result-fixed")).to_contain_text("已修复")
    screenshot(admin, "standards-upkeep-detail")

    admin.click(".std-nav >> text=应急预案与演练")
    expect(admin.locator(".plan.missing")).to_have_count(6)
    screenshot(admin, "standards-emergency")
    admin.click("a.title:has-text('突发火灾')")
    expect(admin.locator("td[data-phone]")).to_have_text("138****0002")
    form = admin.locator("form[data-drill-form]")
    form.locator("input[name=participants]").fill("38")
    form.locator("input[name=duration_minutes]").fill("16")
    form.locator("input[name=scenario]").fill("等候区插座冒烟，疏散群众")
    form.locator("textarea[name=findings]").fill("东侧安全出口堆放物料\n部分人员不会使用灭火器")
    form.locator("select[name=owner]").select_option(str(w["duty"].pk))
    form.locator("button[type=submit]").click()
    expect(admin.locator(".std-msg.notice")).to_contain_text("生成整改任务 2 项")
    assert RectificationTask.objects.filter(source="drill", owner=w["duty"]).count() == 2
    admin.click("text=查看完整号码")
    expect(admin.locator("td[data-phone]")).to_have_text("13800000002")
    screenshot(admin, "standards-emergency-plan")

    # --- the duty manager on a tablet: the cleaning, then the round
    tablet = {"width": 1024, "height": 768}
    duty = login(browser, base, w["duty"], viewport=tablet, has_touch=True)
    duty.goto(f"{base}/standards/{code}/cleaning/")
    zone = duty.locator(f"form[data-zone='{w['zones'][0].pk}']")
    for box in zone.locator("input[name=item]").all():
        box.check()
    zone.locator("button[type=submit]").click()
    expect(duty.locator(".std-msg.notice")).to_contain_text("保洁检查已登记")
    expect(duty.locator(f"form[data-zone='{w['zones'][0].pk}'] h3")).to_contain_text("6/6")
    screenshot(duty, "standards-cleaning")

    duty.goto(f"{base}/workplace/")
    duty.click("#bench a:has-text('巡查安排与记录')")
    duty.click(f"a[data-round='{w['round'].pk}']")
    duty.click("text=开始/继续巡查")
    toggle = duty.locator("form[data-item='D1'] .walk-toggle .ok span")
    box = toggle.bounding_box()
    assert box["height"] >= 48 and box["width"] >= 90  # a finger, not a mouse
    item = duty.locator("form[data-item='D14']")
    item.locator(".walk-toggle .bad").click()
    expect(item.locator("input[name=note]")).to_be_visible()  # the finding opens at once
    item.locator("input[name=note]").fill("综合窗口3桌面放有饮料瓶")
    item.locator("select[name=owner]").select_option(str(w["clerk"].pk))
    item.locator("input[name=photo]").set_input_files(str(png))
    duty.evaluate("window.scrollTo(0, 0)")
    screenshot(duty, "standards-round-finding")
    expect(duty.locator("form[data-item='D1'] button.walk-save")).to_be_hidden()
    item.locator("button.walk-save").click()
    expect(duty.locator("form[data-item='D14']")).to_have_class("walk-item is-bad")
    expect(duty.locator("form[data-item='D14'] img.finding-photo")).to_be_visible()
    for code_ in checklist.codes():
        if code_ == "D14":
            continue
        form = duty.locator(f"form[data-item='{code_}']")
        form.locator(".walk-toggle .ok").click()  # saves at once
        expect(duty.locator(f"form[data-item='{code_}']")).to_have_class("walk-item is-ok")
    duty.evaluate("window.scrollTo(0, 0)")  # the sticky header back at the top
    screenshot(duty, "standards-round-walk")
    duty.fill("input[name=summary]", "秩序良好，1处问题限期整改")
    duty.click("text=完成巡查")
    expect(duty.locator("[data-status]")).to_have_text("已完成")
    r = Round.objects.get(pk=w["round"].pk)
    assert r.status == RoundStatus.CLOSED
    task = RectificationTask.objects.get(source="round")
    assert task.owner == w["clerk"] and "饮料瓶" in task.title

    # --- the district's inspector reads the round and the plan, phones masked
    sup = login(browser, base, w["supervisor"], viewport=tablet)
    sup.goto(f"{base}/standards/{code}/rounds/{r.pk}/")
    row = sup.locator("tr[data-item='D14']")
    expect(row).to_contain_text("不符合")
    expect(row.locator("img.finding-photo")).to_be_visible()
    natural = row.locator("img.finding-photo").evaluate("i => i.naturalWidth")
    assert natural == 320  # the stored photo is served and decodes
    screenshot(sup, "standards-round-report")
    sup.goto(f"{base}/standards/{code}/emergency/fire/")
    expect(sup.locator("td[data-phone]")).to_have_text("138****0002")
    expect(sup.locator("text=查看完整号码")).to_have_count(0)
