"""Assist in chromium on the demo (checked first), each role logging in through
/login/: the kiosk's 需要帮办 pressed by an elderly person; the desk registers
an elderly person's 代办; the assistant checks the materials (one missing: the
case's one-time notice), checks the supplied one, has the person sign the
hand-over and entrustment on the pad, submits the case, which then names its
代办; a 帮办 started and finished; the admin adds a volunteer to the team."""

import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from govhall.cases.models import DocumentKind
from govhall.conftest import SCREENSHOTS, screenshot
from govhall.core.models import Center, TokenKind
from govhall.core.services import token_create
from govhall.demo.loader import DEMO_PASSWORD

from ..models import AssistRequest, Status, TeamMember
from .demo_checks import check_demo
from .factories import elderly_id

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(browser, base, username):
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/workplace/")
    return page


def sign(page, form: str):
    pad = page.locator(f"{form} canvas.sigpad")
    box = pad.bounding_box()
    x, y = box["x"], box["y"]
    page.mouse.move(x + 30, y + 110)
    page.mouse.down()
    for dx, dy in [(70, 40), (120, 115), (180, 50), (240, 120), (300, 60), (350, 100)]:
        page.mouse.move(x + dx, y + dy, steps=4)
    page.mouse.up()


def test_demo_then_the_kiosk_the_desk_the_assistant_and_the_team(live_server, browser):
    call_command("demo_data", verbosity=0)
    check_demo()  # on the same load: the demo costs a minute
    base = live_server.url

    # the kiosk's 需要帮办: one press, an elderly person's ID card number
    _token, raw = token_create(kind=TokenKind.KIOSK, center=Center.objects.get(code="SC-QZX"))
    kiosk = browser.new_context(locale="zh-CN", viewport={"width": 1080, "height": 1400}).new_page()
    kiosk.goto(f"{base}/device/pair/")
    kiosk.fill("input[name=token]", raw)
    kiosk.click("button[type=submit]")
    kiosk.click("text=需要帮办")
    kiosk.click("#elderly-toggle")
    kiosk.fill("#kiosk-id", "310117194603150416")
    screenshot(kiosk, "assist-kiosk")
    kiosk.click("button[value=peiban]")
    expect(kiosk.locator("#kiosk-number")).to_be_visible()
    screenshot(kiosk, "assist-kiosk-done")
    pressed = AssistRequest.objects.get(number=kiosk.locator("#kiosk-number").inner_text())
    assert pressed.channel == "kiosk" and pressed.elderly and pressed.kind == "peiban"

    desk = login(browser, base, "qzx_reception")
    desk.click("text=帮办代办台")
    expect(desk.locator("#open-requests")).to_contain_text("代办")
    desk.select_option("select[name=kind]", "daiban")
    desk.fill("input[name=id_number]", elderly_id())
    desk.fill("input[name=name]", "杨淑珍")
    desk.fill("input[name=phone]", "13900029999")
    item = desk.locator("select[name=item] option").nth(3).get_attribute("value")
    desk.select_option("select[name=item]", item)
    desk.fill("textarea[name=note]", "腿脚不便，委托代办")
    desk.click("text=登记并分派")
    expect(desk.locator(".assist-msg")).to_contain_text("刘洋")
    screenshot(desk, "assist-desk")
    req = AssistRequest.objects.filter(kind="daiban", note="腿脚不便，委托代办").get()
    assert req.elderly and req.status == Status.ASSIGNED
    assert elderly_id() not in desk.content() and "杨淑珍" not in desk.content()

    work = login(browser, base, "qzx_assistant")
    work.click("text=帮办代办台")
    work.click(f"text={req.number}")
    rows = work.locator("#step-check tr[data-material]")
    rows.last.locator("input[value=missing]").check()
    work.click("#step-check button.button")
    expect(work.locator(".assist-msg")).to_contain_text("一次性告知单")
    expect(work.locator("#papers")).to_contain_text("一次性告知单")
    req.refresh_from_db()
    assert req.status == Status.AWAITING_MATERIALS
    assert req.case.documents.filter(kind=DocumentKind.SUPPLEMENT).exists()
    # the person is back with it: only that line is checked again
    expect(work.locator("#step-check tr[data-material]")).to_have_count(1)
    work.click("#step-check button.button")
    expect(work.locator(".assist-msg")).to_contain_text("材料齐全")
    # the pad: nothing drawn, the form does not go
    work.click("#step-entrust button.button")
    expect(work.locator("#step-entrust [data-sigpad-hint]")).to_be_visible()
    sign(work, "#step-entrust")
    screenshot(work, "assist-entrust-pad")
    work.click("#step-entrust button.button")
    expect(work.locator(".assist-msg")).to_contain_text("委托协议已签订")
    work.click("#step-submit button.button")
    expect(work.locator(".assist-msg")).to_contain_text("已递交办件")
    expect(work.locator("#linked-case")).to_contain_text("已受理")
    screenshot(work, "assist-daiban-in-progress")
    req.refresh_from_db()
    assert req.status == Status.IN_PROGRESS
    pdf = work.request.get(f"{base}/assist/SC-QZX/r/{req.number}/paper/entrustment.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = Path(SCREENSHOTS) / "assist-entrustment.pdf"
    path.write_bytes(pdf.body())
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(path), str(path.with_suffix(""))],
        check=True,
    )
    path.unlink()

    # a 帮办 waiting at the desk: started and finished
    waiting = AssistRequest.objects.filter(
        center__code="SC-QZX", status=Status.ASSIGNED, kind="sign_language"
    ).first()
    work.goto(f"{base}/assist/SC-QZX/r/{waiting.number}/")
    work.click("#step-start button.button")
    work.fill("#step-finish textarea", "手语翻译协助完成残疾人证换领")
    work.click("#step-finish button.button")
    expect(work.locator(".assist-msg")).to_contain_text("服务已完成")

    clerk = login(browser, base, "qzx_clerk1")
    clerk.goto(f"{base}/cases/c/{req.case.number}/")
    expect(clerk.locator("#case-assist")).to_contain_text("代办")
    expect(clerk.locator("#case-assist")).to_contain_text("刘洋")
    screenshot(clerk, "assist-case-shows-daiban")

    admin = login(browser, base, "qzx_admin")
    admin.click("text=帮办代办服务队")
    admin.select_option("#member-form select[name=kind]", "volunteer")
    admin.fill("#member-form input[name=name]", "孙晓雯")
    admin.check("#member-form input[value=foreign_language]")
    admin.fill("#member-form input[name=languages]", "韩语")
    admin.check("#member-form input[name=active]")
    admin.click("#member-form button")
    expect(admin.locator("#team")).to_contain_text("孙晓雯")
    screenshot(admin, "assist-team")
    assert TeamMember.objects.filter(name="孙晓雯", languages="韩语").exists()

    # 人社局's lead, the department's coordinator (A.1.5): sees the team, keeps
    # their department's coordinators, not the team itself
    lead = login(browser, base, "lead_rsj")
    lead.click("text=帮办代办服务队")
    expect(lead.locator("#coordinators")).to_contain_text("马志刚")
    expect(lead.locator("#member-form")).to_have_count(0)
