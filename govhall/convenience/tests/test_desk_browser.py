"""The desk's pages in chromium, each role logging in through /login/ on the demo
district: the print room (a quota refusal, a job, the computer's countdown), the
service desk (a lost bag registered with a photo, stored, claimed with a drawn
signature; a wheelchair lent and taken back), the admin's write-off approval, and
the public list."""

from __future__ import annotations

import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from govhall.conftest import screenshot
from govhall.convenience.lending.models import Loan
from govhall.convenience.lost.models import LostItem, LostStatus
from govhall.convenience.printing.models import PrintJob
from govhall.demo.loader import DEMO_PASSWORD

from .desk_world import TUESDAY, at, id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOW = at(TUESDAY, "10:30")


def login(browser, base, username):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # The server's travelled clock has run on since NOW (the demo load, the
    # other logins): the page's clock starts where the server's is.
    page.clock.install(time=timezone.now())
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/workplace/")
    return page


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (120, 90), (40, 90, 160)).save(out, "PNG")
    return out.getvalue()


def test_print_room_lost_property_and_lending(live_server, browser):
    with time_machine.travel(NOW, tick=True):
        call_command("demo_data", verbosity=0)
        base = live_server.url
        refusals = PrintJob.objects.filter(status="refused").count()
        assert refusals >= 2

        printer = login(browser, base, "qzx_print")
        printer.click("text=免费文印")
        expect(printer.locator("#print-log")).to_contain_text("超出免费额度")
        person = id_number("31011719770303222")
        printer.fill("#print-form input[name=id_number]", person)
        printer.select_option("#print-form select[name=item]", index=1)
        printer.fill("#print-form input[name=sheets]", "11")
        printer.fill("#print-form input[name=purpose]", "申请表打印")
        printer.click("#print-form button[type=submit]")
        expect(printer.locator(".cv-msg.error")).to_have_attribute(
            "data-code", "print_quota_exceeded"
        )
        printer.fill("#print-form input[name=sheets]", "3")
        printer.click("#print-form button[type=submit]")
        expect(printer.locator(".cv-msg.ok")).to_contain_text("已登记")
        expect(printer.locator("#print-log")).to_contain_text("***********")
        assert person not in printer.content()
        printer.fill("input[name=computer_purpose]", "下载申请表")
        printer.click("#computer button[type=submit]")
        expect(printer.locator(".cv-timer")).to_have_text(re.compile(r"^0[45]:\d\d$"))
        printer.clock.run_for(7 * 60 * 1000)
        expect(printer.locator(".cv-timer")).to_have_class("cv-timer over")
        screenshot(printer, "conv-print-room")
        printer.click("#computer button[type=submit]")
        expect(printer.locator(".cv-msg.ok, .cv-msg.warn").first).to_contain_text("公用电脑已结束")

        desk = login(browser, base, "qzx_reception")
        desk.click("text=遗失物品")
        expect(desk.locator("#lost-list")).to_contain_text("保管中")
        desk.select_option("#lost-form select[name=category]", "bag")
        desk.fill("#lost-form input[name=found_place]", "二楼等候区")
        desk.fill("#lost-form input[name=description]", "蓝色双肩包，内有雨伞")
        desk.set_input_files(
            "#lost-form input[name=photo]",
            files=[{"name": "bag.png", "mimeType": "image/png", "buffer": _png()}],
        )
        desk.click("#lost-form button[type=submit]")
        expect(desk.locator(".cv-msg.ok")).to_contain_text("已登记遗失物品")
        desk.fill("input[name=storage_place]", "总服务台B柜")
        desk.click("text=保存")
        expect(desk.locator("#lost-status")).to_have_text("保管中")
        desk.fill("#claim-form input[name=name]", "刘小明")
        desk.fill("#claim-form input[name=id_number]", person)
        desk.click("#claim-form button[type=submit]")  # no signature yet
        expect(desk.locator(".cv-msg.error")).to_contain_text("签名")
        desk.fill("#claim-form input[name=id_number]", person)
        desk.locator("#cv-sign").scroll_into_view_if_needed()
        box = desk.locator("#cv-sign").bounding_box()
        desk.mouse.move(box["x"] + 30, box["y"] + 90)
        desk.mouse.down()
        for step in range(1, 12):
            desk.mouse.move(box["x"] + 30 + step * 35, box["y"] + 90 + (30 if step % 2 else -30))
        desk.mouse.up()
        screenshot(desk, "conv-lost-claim")
        desk.click("#claim-form button[type=submit]")
        expect(desk.locator("#lost-status")).to_have_text("已认领")
        expect(desk.locator("#claimed")).to_contain_text("刘**")
        bag = LostItem.objects.get(description="蓝色双肩包，内有雨伞")
        assert bag.status == LostStatus.CLAIMED and bag.signature and bag.photo

        desk.click("text=便民借用")
        expect(desk.locator("#loans-out")).to_contain_text("闭厅未还")
        desk.select_option("#lend-form select[name=item]", label="雨伞 · 爱心雨伞1")
        desk.fill("#lend-form input[name=name]", "张桂芳")
        desk.fill("#lend-form input[name=phone]", "13700001111")
        desk.click("#lend-form button[type=submit]")
        expect(desk.locator("#loans-out")).to_contain_text("张**")
        expect(desk.locator("#loans-out")).to_contain_text("137****1111")
        screenshot(desk, "conv-lending")
        loan = Loan.objects.get(item__label="爱心雨伞1", returned_at__isnull=True)
        desk.locator(f"tr[data-loan='{loan.pk}'] button").click()
        expect(desk.locator(".cv-msg.ok")).to_contain_text("已归还")

        admin = login(browser, base, "qzx_admin")
        admin.click("text=遗失物品注销审批")
        expect(admin.locator("#lost-list")).to_contain_text("待注销审批")
        screenshot(admin, "conv-lost-desk")
        admin.locator("#lost-list a").first.click()
        admin.click("button[value=approve]")  # no disposal written: refused
        expect(admin.locator(".cv-msg.error")).to_be_visible()
        admin.fill("#writeoff input[name=note]", "移交辖区派出所")
        admin.click("button[value=approve]")
        expect(admin.locator("#lost-status")).to_have_text("已注销")

        public = browser.new_context(locale="zh-CN").new_page()
        public.goto(f"{base}/convenience/lost/SC-QZX/public/")
        expect(public.locator("#lost-public")).to_contain_text("钥匙")
        text = public.content()
        assert "陈晓东" not in text and "刘小明" not in text and "蓝色双肩包" not in text
        screenshot(public, "conv-lost-public")
