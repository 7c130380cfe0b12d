"""Free delivery in chromium, each role logging in through /login/: the output
window fixes an address (refused outside the area first), compiles the day's
manifest, prints it (PDF) and sends it; the courier, on a phone, scans a parcel
as picked up, adds the tracking number, marks one delivered and one returned;
the window hands the returned one out; the month's statement with a planted
difference is reconciled."""

import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from govhall.conftest import SCREENSHOTS, screenshot
from govhall.convenience.delivery.models import Parcel, ParcelStatus

from . import delivery_factories as df

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "delivery-test-2026"


def login(browser, base, user, **viewport):
    user.set_password(PASSWORD)
    user.save()
    size = viewport or {"width": 1280, "height": 900}
    page = browser.new_context(locale="zh-CN", viewport=size).new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/workplace/")
    return page


def test_window_courier_and_reconciliation(live_server, browser):
    w = df.world()
    ok = Parcel.objects.get(case=df.posted_case(w, name="李文"))
    far = Parcel.objects.get(
        case=df.posted_case(w, address="杭州西湖区文三路90号东部软件园", name="王秀英")
    )
    hold = Parcel.objects.get(case=df.posted_case(w, address="新松江路1188弄12号"))
    base, code = live_server.url, w["center"].code

    clerk = login(browser, base, w["clerk"].user)
    clerk.click("text=免费寄送·发证窗口")
    card = clerk.locator(f".dl-card[data-parcel='{hold.number}']")
    expect(card.locator(".dl-reason")).to_contain_text("无法识别寄达城市")
    card.locator("input[name=address]").fill("北京市朝阳区建国路88号")
    card.locator("button", has_text="核对并保存地址").click()
    expect(clerk.locator(".dl-msg.err")).to_contain_text("不在免费寄送区域")
    hold.refresh_from_db()
    assert hold.status == ParcelStatus.HOLD
    screenshot(clerk, "delivery-desk-refused")
    card = clerk.locator(f".dl-card[data-parcel='{hold.number}']")
    card.locator("input[name=address]").fill("上海市松江区新松江路1188弄12号")
    card.locator("button", has_text="核对并保存地址").click()
    expect(clerk.locator(".dl-msg.ok")).to_contain_text("地址已核对")
    clerk.locator("button", has_text="寄送清单").click()
    sheet = clerk.locator(".dl-manifest-head[data-status=open]")
    number = sheet.get_attribute("data-manifest")
    expect(clerk.locator("table.guide").first).to_contain_text(far.number)
    screenshot(clerk, "delivery-desk-manifest")
    pdf_url = sheet.locator("a", has_text="PDF").get_attribute("href")
    pdf = clerk.request.get(base + pdf_url)
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "delivery-manifest.pdf").write_bytes(pdf.body())
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(SCREENSHOTS / "delivery-manifest.pdf"),
         str(SCREENSHOTS / "delivery-manifest-pdf")],
        check=True,
    )  # fmt: skip
    (SCREENSHOTS / "delivery-manifest.pdf").unlink()
    clerk.locator("button", has_text="锁定并发送邮政").click()
    expect(clerk.locator(".dl-msg.ok")).to_contain_text("已锁定并发送邮政")
    sent = clerk.locator(f".dl-manifest-head[data-manifest='{number}']")
    expect(sent).to_have_attribute("data-status", "sent")
    assert set(Parcel.objects.values_list("status", flat=True)) == {ParcelStatus.SENT}

    phone = login(browser, base, w["courier"].user, width=390, height=844)
    phone.click("text=邮政揽收")
    for parcel, tracking in ((ok, "1180000000011"), (far, ""), (hold, "1180000000013")):
        phone.fill("#scan-number", parcel.number.lower())
        phone.fill("#scan-tracking", tracking)
        phone.click("button:has-text('确认揽收')")
        expect(phone.locator(".dl-msg.ok")).to_contain_text(f"{parcel.number} 已揽收")
    phone.fill("#scan-number", ok.number)
    phone.click("button:has-text('确认揽收')")
    expect(phone.locator(".dl-msg.err")).to_contain_text("不能执行此操作")
    row = phone.locator(f".parcel[data-parcel='{far.number}']")
    expect(row).to_contain_text("王*英")
    row.locator("input[name=tracking_number]").fill("1180000000012")
    row.locator("button", has_text="录入邮件号").click()
    expect(phone.locator(".dl-msg.ok")).to_contain_text("邮件号已录入")
    phone.locator(f".parcel[data-parcel='{ok.number}'] button", has_text="妥投").click()
    expect(phone.locator(".dl-msg.ok")).to_contain_text("已登记妥投")
    row = phone.locator(f".parcel[data-parcel='{far.number}']")
    row.locator("summary").click()
    row.locator("input[name=note]").fill("收件人拒收")
    screenshot(phone, "delivery-courier")
    row.locator("button", has_text="退回").click()
    expect(phone.locator(".dl-msg.ok")).to_contain_text("已登记退回")
    statuses = dict(Parcel.objects.values_list("number", "status"))
    assert statuses == {ok.number: "delivered", far.number: "returned", hold.number: "picked_up"}

    clerk.goto(f"{base}/convenience/delivery/{code}/")
    card = clerk.locator(f".dl-card[data-parcel='{far.number}']")
    expect(card).to_contain_text("收件人拒收")
    card.locator("input[name=note]").fill("申请人本人持身份证领取")
    card.locator("button", has_text="已在窗口领取").click()
    expect(clerk.locator(".dl-msg.ok")).to_contain_text("退件已由申请人在窗口领取")
    assert Parcel.objects.get(pk=far.pk).status == ParcelStatus.COLLECTED

    # The month's statement: the hold parcel billed at 15.00, a line that is not ours.
    month = timezone.localdate().strftime("%Y-%m")
    statement = (
        "邮件号,寄件编号,件数,金额\n"
        f"1180000000011,{ok.number},1,10.00\n1180000000012,{far.number},1,10.00\n"
        f"1180000000013,{hold.number},1,15.00\n1180000000099,,1,10.00\n合计,,4,45.00\n"
    )
    admin = login(browser, base, w["admin"].user)
    admin.click("text=寄送月度对账")
    admin.fill("input[name=month]", month)
    admin.set_input_files(
        "input[name=statement]",
        files=[{"name": "statement.csv", "mimeType": "text/csv", "buffer": statement.encode()}],
    )
    admin.click("button:has-text('上传并对账')")
    expect(admin.locator("h1")).to_contain_text("寄送对账结果")
    expect(admin.locator("tr[data-kind=amount_mismatch]")).to_contain_text(hold.number)
    expect(admin.locator("tr[data-kind=missing_ours]")).to_contain_text("1180000000099")
    expect(admin.locator("tr[data-kind]")).to_have_count(2)
    screenshot(admin, "delivery-reconciliation")
