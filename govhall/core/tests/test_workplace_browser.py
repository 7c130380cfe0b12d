"""Issue 12's proof: every demo role logs in through the form at /login/ in
chromium, sees its workbench (a screenshot each, under docs/screenshots/), opens
every page the navigation offers it (200), and is refused every page the
navigation keeps from it (403). The navigation and the views read the same role
lists, and this walk over every registered entry keeps them in step: a page
offered to a role that its view refuses (the 待审批办件 403 of the centre admin)
fails here."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from govhall.conftest import screenshot
from govhall.core import navigation
from govhall.core.actors import actor_for_user
from govhall.core.models import Center, User
from govhall.demo.loader import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# One account per demo role (README's table).
ROLES = [
    "qzx_admin",
    "qzx_reception",
    "qzx_clerk1",
    "review_rsj",
    "qzx_assistant",
    "qzx_courier",
    "qzx_print",
    "qzx_hotline",
    "qzx_duty",
    "lead_rsj",
    "district_supervisor",
]


def _sample_urls(center: Center) -> dict[str, str]:
    """A URL of every entry at the centre, from whoever has one (a console needs
    a clerk's window), to knock on for the roles that must be refused."""
    urls = {}
    for user in User.objects.filter(username__in=ROLES):
        actor = actor_for_user(user)
        for entry in navigation.registered():
            url = entry.url_for(actor, center)
            if url:
                urls.setdefault(entry.key, url)
    return urls


def _status(page, url: str) -> int:
    """The answer to this browser's session, without running the page's scripts:
    the display board's event stream would hold a live-server thread open."""
    return page.request.get(url, max_redirects=0).status


def test_every_demo_role_logs_in_through_the_form_and_walks_its_pages(live_server, browser):
    call_command("demo_data", verbosity=0)
    base = live_server.url
    center = Center.objects.get(code="SC-QZX")
    samples = _sample_urls(center)
    for username in ROLES:
        user = User.objects.get(username=username)
        actor = actor_for_user(user)
        shown = {e.key for e in navigation.visible(actor, center)}
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(f"{base}/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/workplace/")
        expect(page.locator("h1")).to_contain_text("工作台")
        expect(page.locator(".workplace-user")).to_contain_text(user.display_name)
        screenshot(page, f"workbench-{username}")
        offered = page.locator(".bench a.card").evaluate_all(
            "els => els.map(a => [a.dataset.key, a.getAttribute('href')])"
        )
        assert offered, username
        for key, href in offered:
            assert _status(page, base + href) == 200, (username, key, href)
        offered_keys = {key for key, _href in offered}
        for entry in navigation.registered():
            if entry.key in shown or entry.key not in samples:
                continue
            assert entry.key not in offered_keys, (username, entry.key)
            url = samples[entry.key]
            assert _status(page, base + url) == 403, (username, entry.key, url)
        # The bar's logout ends the session.
        page.goto(f"{base}/workplace/")
        page.click(".workplace-logout button")
        page.wait_for_url(f"{base}/login/")
        assert _status(page, f"{base}/workplace/") == 302  # logged out: to the login
        context.close()


def test_the_window_console_and_the_reception_page_call_the_duty_manager(live_server, browser):
    call_command("demo_data", verbosity=0)
    base = live_server.url
    clerk = User.objects.get(username="qzx_clerk1")
    window = clerk.window_posts.select_related("window").first().window

    contexts = []

    def login(username):
        contexts.append(
            browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        )
        page = contexts[-1].new_page()
        page.goto(f"{base}/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/workplace/")
        return page

    page = login("qzx_clerk1")
    page.goto(f"{base}/hall/window/{window.code}/")
    page.fill(".duty-call input[name=reason]", "群众对补正要求有异议")
    page.click(".duty-call-button")
    expect(page.locator("body")).to_contain_text("已呼叫值班长")
    reception = login("qzx_reception")
    reception.goto(f"{base}/booking/SC-QZX/today/")
    reception.click(".duty-call-button")
    expect(reception.locator("body")).to_contain_text("已呼叫值班长")

    duty = login("qzx_duty")
    expect(duty.locator('[data-key="hall.duty"] .count')).to_have_text("2")
    duty.click('[data-key="hall.duty"]')
    expect(duty.locator("[data-call]")).to_have_count(2)
    expect(duty.locator("body")).to_contain_text("群众对补正要求有异议")
    screenshot(duty, "duty-calls")
    duty.locator("[data-call] input[name=resolution]").first.fill("已到场解释补正依据，群众认可")
    duty.locator("[data-call] button").first.click()
    expect(duty.locator("[data-call]")).to_have_count(1)
    expect(duty.locator("table")).to_contain_text("群众认可")
    for context in contexts:
        context.close()
