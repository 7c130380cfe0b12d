"""A full quota at the kiosk (issue 11, "Daily quotas"): the item and its queue
say they are full for this part of the day and offer an appointment instead of
a ticket that would be refused; a ticket asked for anyway gets the same words."""

import re

import pytest
from playwright.sync_api import expect

from govhall.conftest import device_page, screenshot
from govhall.core.models import Role
from govhall.core.tests import factories as f
from govhall.queueing import quotas, services
from govhall.queueing.models import Ticket
from govhall.queueing.tests.factories import hall as make_hall


def full_hall(h, period="day"):
    admin = f.actor(f.staff(Role.CENTER_ADMIN, center_=h["center"]))
    quotas.quota_save(actor=admin, center=h["center"], queue=h["qa"], period=period, limit=1)
    services.ticket_issue(actor=h["reception"], center=h["center"], item_code=h["licence"].code)
    return h


@pytest.fixture
def kiosk(client, hall):
    client.post("/device/pair/", {"token": hall["kiosk_raw"]})
    return client


def test_a_full_item_offers_an_appointment_instead_of_a_ticket(kiosk, hall):
    full_hall(hall)
    code = hall["center"].code
    html = kiosk.get(f"/hall/{code}/kiosk/", {"domain": "market_regulation"}).content.decode()
    assert "今天的现场取号名额已满" in html
    assert f'href="/booking/{code}/kiosk/"' in html
    start = html.index(f'data-item="{hall["licence"].code}"')
    card = html[start : html.index("</div>\n    </div>", start)]
    assert "预约办理" in card and "kiosk/take" not in card
    # The other queue still takes tickets.
    other = kiosk.get(f"/hall/{code}/kiosk/", {"domain": "social_security"}).content.decode()
    assert "城乡居民养老保险参保登记" in other and 'name="item"' in other


def test_taking_one_anyway_is_refused_with_the_booking_link(kiosk, hall):
    full_hall(hall)
    code = hall["center"].code
    resp = kiosk.post(f"/hall/{code}/kiosk/take/", {"item": hall["licence"].code})
    html = resp.content.decode()
    assert resp.status_code == 409 and "今天的现场取号名额已满" in html and "预约办理" in html
    assert Ticket.objects.count() == 1


def test_a_quota_with_places_left_changes_nothing(kiosk, hall):
    admin = f.actor(f.staff(Role.CENTER_ADMIN, center_=hall["center"]))
    quotas.quota_save(actor=admin, center=hall["center"], queue=hall["qa"], period="day", limit=5)
    html = kiosk.get(f"/hall/{hall['center'].code}/kiosk/", {"domain": "market_regulation"})
    assert "名额已满" not in html.content.decode()


@pytest.mark.browser
def test_the_kiosk_shows_the_full_item_and_books_instead(asgi_server, browser):
    h = full_hall(make_hall("QKB"))
    h["center"].name = "松川区政务服务中心"
    h["center"].save()
    kiosk = device_page(
        browser, asgi_server, h["kiosk_raw"], viewport={"width": 1280, "height": 1024}
    )
    kiosk.click("text=市场监管")
    card = kiosk.locator(f'[data-item="{h["licence"].code}"]')
    expect(card).to_contain_text("今天的现场取号名额已满")
    expect(kiosk.locator(".fact.full")).to_contain_text("A类业务")
    screenshot(kiosk, "kiosk-quota-full")
    kiosk.click("#elderly-toggle")  # yellow on black, like the rest of the page
    expect(kiosk.locator("body")).to_have_class(re.compile("elderly"))
    colour = card.locator(".take-full").evaluate("e => getComputedStyle(e).color")
    assert colour == "rgb(255, 235, 59)"
    screenshot(kiosk, "kiosk-quota-full-elderly")
    card.locator("a", has_text="预约办理").click()
    expect(kiosk).to_have_url(f"{asgi_server}/booking/{h['center'].code}/kiosk/")
