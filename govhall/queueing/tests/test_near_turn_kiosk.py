"""The phone number for "your turn is near" at the kiosk and the desk: taken in
large type, a mistyped one explained next to the field (the rest kept), kept
encrypted and masked, never on a board; the slip and the tracker say what the
SMS will say."""

import pytest
from django.db import connection
from playwright.sync_api import expect

from govhall.conftest import device_page, screenshot
from govhall.core.models import Event, Notification
from govhall.queueing import services
from govhall.queueing.models import Ticket
from govhall.queueing.tests.factories import hall as make_hall

PHONE = "13800138000"
ELDER = "11010519491231002X"


def _issue(h, **kw):
    return services.ticket_issue(
        actor=h["reception"], center=h["center"], item_code=h["licence"].code, **kw
    )


def _take(client, h, **data):
    return client.post(f"/hall/{h['center'].code}/kiosk/take/", {"item": h["licence"].code, **data})


def test_kiosk_offers_the_phone_field(kiosk, hall):
    html = kiosk.get(f"/hall/{hall['center'].code}/kiosk/", {"domain": "market_regulation"})
    html = html.content.decode()
    assert "留手机号，快到时短信提醒（选填）" in html and 'name="phone"' in html


def test_phone_from_the_kiosk_is_kept_protected_and_shown_masked(kiosk, hall):
    resp = _take(kiosk, hall, phone=" 138 0013 8000 ")
    ticket = Ticket.objects.get()
    assert resp.status_code == 302 and ticket.phone == PHONE
    with connection.cursor() as cur:
        cur.execute("SELECT phone FROM queueing_ticket WHERE id = %s", [ticket.pk])
        assert PHONE not in cur.fetchone()[0]  # encrypted at rest
    slip = kiosk.get(resp["Location"]).content.decode()
    assert "138****8000" in slip and PHONE not in slip
    # Nobody ahead: the slip says it now, the SMS comes when called.
    assert "快到您了" in slip and "叫到您时将短信通知 138****8000" in slip
    board = kiosk.get(f"/hall/{hall['center'].code}/display/").content.decode()
    assert "8000" not in board
    payloads = str(list(Event.objects.values_list("payload", flat=True)))
    assert PHONE not in payloads and "8000" not in payloads


def test_slip_promises_the_near_sms_when_far_back(kiosk, hall):
    for _ in range(5):
        _issue(hall)
    resp = _take(kiosk, hall, phone=PHONE)
    slip = kiosk.get(resp["Location"]).content.decode()
    assert "前面还剩 3 人时和叫到您时，将短信通知 138****8000" in slip
    assert "快到您了" not in slip


def test_a_bad_phone_is_explained_at_the_field_and_the_rest_kept(kiosk, hall):
    resp = _take(kiosk, hall, phone="12345", id_number=ELDER)
    html = resp.content.decode()
    assert resp.status_code == 422 and not Ticket.objects.exists()
    assert 'id="phone-error"' in html and "手机号码应为11位大陆手机号" in html
    assert 'value="12345"' in html and f'value="{ELDER}"' in html
    assert f'value="{hall["licence"].code}"' in html
    # Corrected on that page: the ticket is taken with everything typed before.
    again = _take(kiosk, hall, phone=PHONE, id_number=ELDER)
    ticket = Ticket.objects.get()
    assert again.status_code == 302 and ticket.priority and ticket.phone == PHONE


def test_reception_enters_the_phone_too(client, hall):
    client.force_login(hall["reception"].user)
    assert _take(client, hall, phone=PHONE).status_code == 302
    assert Ticket.objects.get().phone == PHONE


def test_api_bad_phone_is_a_field_error(client, hall):
    resp = client.post(
        f"/api/v1/centers/{hall['center'].code}/tickets",
        {"item": hall["licence"].code, "phone": "1380013800"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {hall['kiosk_raw']}", "Accept-Language": "en"},
    )
    error = resp.json()["error"]
    assert resp.status_code == 422 and error["code"] == "phone_invalid"
    assert set(error["fields"]) == {"phone"} and "11" in error["message"]
    assert "手机" not in error["message"]  # English when asked


def test_tracker_says_come_back_then_the_window(kiosk, hall):
    for w in ("w2", "assist"):
        hall[w].is_active = False
        hall[w].save()
    last = [_issue(hall, phone=PHONE) for _ in range(5)][-1]

    def call():
        return services.ticket_call_next(actor=hall["clerk"], window=hall["w1"])

    def tracker():
        return kiosk.get(f"/t/{last.track_token}/").content.decode()

    assert "前面还有 4 人" in tracker() and "请回到等候区" not in tracker()
    first = call()
    assert "前面还有 3 人" in tracker() and "快到您了，请回到等候区" in tracker()
    assert Notification.objects.filter(key=f"ticket:{last.pk}:near").exists()
    services.ticket_finish(actor=hall["clerk"], ticket=first)
    for _ in range(3):
        services.ticket_finish(actor=hall["clerk"], ticket=call())
    assert call() == last
    assert "请到 1 号窗口办理" in tracker() and "请回到等候区" not in tracker()


@pytest.mark.browser
def test_kiosk_with_a_phone_gives_a_slip_that_promises_the_sms(asgi_server, browser):
    h = make_hall("NEAR")
    for _ in range(4):
        _issue(h)
    kiosk = device_page(
        browser, asgi_server, h["kiosk_raw"], viewport={"width": 1080, "height": 1400}
    )
    kiosk.goto(f"{asgi_server}/hall/{h['center'].code}/kiosk/")
    kiosk.click("text=市场监管")
    form = kiosk.locator("form.take").filter(has_text="营业执照遗失补领")
    phone = form.locator("input[name=phone]")
    expect(form.get_by_text("留手机号，快到时短信提醒")).to_be_visible()
    assert float(phone.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 22
    screenshot(kiosk, "near-turn-kiosk")
    phone.fill("1380013")
    form.locator("button[type=submit]").click()
    expect(kiosk.locator("#phone-error")).to_have_text("手机号码应为11位大陆手机号")
    screenshot(kiosk, "near-turn-kiosk-bad-phone")
    kiosk.locator("input[name=phone]").fill(PHONE)
    kiosk.get_by_role("button", name="改好了，取号").click()
    slip = kiosk.locator(".slip")
    expect(slip.locator(".slip-sms")).to_contain_text(
        "前面还剩 3 人时和叫到您时，将短信通知 138****8000"
    )
    expect(slip.locator(".slip-number")).to_have_text("A005")
    screenshot(kiosk, "near-turn-slip")
