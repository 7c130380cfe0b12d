"""The clerk takes a fee at the window and the centre admin reads the day's
receipts per window, both logged in through the login form."""

import pytest
from playwright.sync_api import expect

from govhall.cases import services
from govhall.cases.models import Payment
from govhall.cases.tests.factories import intake, item, world
from govhall.conftest import login_page, screenshot
from govhall.queueing.tests.factories import window

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "window-clerk-2026"
STANDARD = [{"label": "住宅类", "amount": "80.00"}, {"label": "非住宅类", "amount": "550.00"}]


def test_fee_slip_payment_and_the_days_receipts(live_server, browser):
    w = world()
    window(w["center"], 3)
    paid = item(
        w["lead"], w["center"], fee_amounts=STANDARD, fee="住宅类每件80元，非住宅类每件550元"
    )
    case = services.case_decide(
        actor=w["reviewer"], case=intake(w, paid), decision="approve", opinion=""
    )
    for user in (w["clerk"].user, w["admin"].user):
        user.set_password(PASSWORD)
        user.save()

    clerk = login_page(browser, live_server.url, w["clerk"].user.username, PASSWORD)
    clerk.goto(f"{live_server.url}/cases/c/{case.number}/")
    assess = clerk.locator("form:has(input[value=fee_assess])")
    assess.locator("select").select_option("550.00")
    assess.locator("button").click()
    expect(clerk.locator("a:has-text('收款单')")).to_have_count(1)
    expect(clerk.locator("body")).to_contain_text("待缴 550.00 元")
    # An online payment code (issue 13): shown pending; the bank-window payment voids it.
    clerk.locator("button:has-text('线上支付（生成缴费码）')").click()
    expect(clerk.locator("tr.payment-order .order-status")).to_have_text("待支付")
    expect(clerk.locator("tr.payment-order")).to_contain_text("请凭缴费码 GP")
    screenshot(clerk, "cases-fee-online-code")
    pay = clerk.locator("form:has(input[value=pay])")
    pay.locator("select[name=method]").select_option("bank_slip")
    pay.locator("button").click()
    expect(clerk.locator("body")).to_contain_text("已缴 550.00 元")
    expect(clerk.locator("form:has(input[value=pay])")).to_have_count(0)
    expect(clerk.locator("tr.payment-order .order-status")).to_have_text("已作废")
    screenshot(clerk, "cases-fee-paid")
    assert Payment.objects.get().method == "bank_slip"

    admin = login_page(browser, live_server.url, w["admin"].user.username, PASSWORD)
    admin.click("text=收费对账")
    table = admin.locator("table.receipts")
    expect(table).to_contain_text("550.00")
    expect(table.locator("tr")).to_have_count(3)  # header, the window, the total
    screenshot(admin, "cases-receipts")
    # The bank window's statement says 500: the difference shows at closing.
    form = admin.locator("form.closing-form")
    form.locator("select[name=method]").select_option("bank_slip")
    form.locator("input[name=counted]").fill("500")
    form.locator("input[name=note]").fill("银行对账单")
    form.locator("button").click()
    closing = admin.locator("table.closing")
    expect(closing).to_contain_text("-50.00")
    screenshot(admin, "cases-closing-count")
