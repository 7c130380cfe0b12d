"""Elderly mode at the kiosk, in Debian's chromium (issue 11, finding 2): the
slip's number and QR code can be read on screen (WCAG contrast of at least
4.5), and the mode ends with the ticket and after a short idle time, so the
next person does not find it on."""

import re

import pytest
from playwright.sync_api import expect

from govhall.conftest import device_page, screenshot
from govhall.queueing.tests.factories import hall as make_hall

pytestmark = [pytest.mark.browser]
ELDER = "11010519491231002X"
ELDERLY = re.compile(r"\belderly\b")

# The colour an element is seen on: its own background or the first ancestor's
# that is not transparent; then the WCAG 2 contrast ratio of two colours.
CONTRAST_JS = """
([selector, fgProperty]) => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = (c) => {
    const [r, g, b] = rgb(c).slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const seenOn = (el) => {
    for (; el; el = el.parentElement) {
      const c = getComputedStyle(el).backgroundColor;
      const parts = rgb(c);
      if (parts.length === 3 || parts[3] > 0) return c;
    }
    return "rgb(255, 255, 255)";
  };
  const el = document.querySelector(selector);
  const fg = getComputedStyle(el)[fgProperty];
  const bg = seenOn(fgProperty === "stroke" ? el.ownerSVGElement : el);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return { fg, bg, ratio: (a + 0.05) / (b + 0.05) };
}
"""


def _contrast(page, selector: str, prop: str = "color") -> dict:
    return page.evaluate(CONTRAST_JS, [selector, prop])


def _take(kiosk):
    kiosk.click("text=市场监管")
    form = kiosk.locator("form.take").filter(has_text="营业执照遗失补领")
    form.locator("input[name=id_number]").fill(ELDER)
    form.locator("button[type=submit]").click()


def test_elderly_slip_is_readable_and_the_mode_ends_with_the_ticket(asgi_server, browser):
    h = make_hall("ELD")
    kiosk = device_page(
        browser, asgi_server, h["kiosk_raw"], viewport={"width": 1080, "height": 1400}
    )
    kiosk.clock.install()
    kiosk.reload()
    kiosk.evaluate("() => { window.speechSynthesis.speak = () => {}; }")
    expect(kiosk.locator("body")).not_to_have_class(ELDERLY)
    kiosk.click("#elderly-toggle")
    expect(kiosk.locator("body")).to_have_class(ELDERLY)
    _take(kiosk)

    expect(kiosk.locator(".slip-number")).to_have_text("A001")
    expect(kiosk.locator("body")).to_have_class(ELDERLY)  # she still reads it in large type
    number = _contrast(kiosk, ".slip-number")
    qr = _contrast(kiosk, ".slip-qr svg path", "stroke")
    assert number["ratio"] >= 4.5, number
    assert qr["ratio"] >= 4.5, qr
    screenshot(kiosk, "kiosk-elderly-slip")

    # The next person: back at the start, in the ordinary mode.
    kiosk.click(".slip-actions a")
    expect(kiosk).to_have_url(re.compile(r"/kiosk/$"))
    expect(kiosk.locator("body")).not_to_have_class(ELDERLY)
    expect(kiosk.locator("#elderly-toggle")).to_have_attribute("aria-pressed", "false")

    # Turned on and left alone: it ends after a short idle time, and stays off.
    kiosk.click("#elderly-toggle")
    expect(kiosk.locator("body")).to_have_class(ELDERLY)
    kiosk.clock.run_for(30_000)
    kiosk.mouse.click(5, 300)  # someone still at it: the idle time starts again
    kiosk.clock.run_for(45_000)
    expect(kiosk.locator("body")).to_have_class(ELDERLY)
    kiosk.clock.run_for(20_000)
    expect(kiosk.locator("body")).not_to_have_class(ELDERLY)
    kiosk.reload()
    expect(kiosk.locator("body")).not_to_have_class(ELDERLY)


def test_a_citizens_own_phone_keeps_the_mode(asgi_server, browser):
    """Not a shared device: the mode stays for the next page, as chosen."""
    h = make_hall("ELP")
    phone = browser.new_context(locale="zh-CN", viewport={"width": 400, "height": 800}).new_page()
    phone.goto(f"{asgi_server}/booking/{h['center'].code}/")
    phone.click("#elderly-toggle")
    expect(phone.locator("body")).to_have_class(ELDERLY)
    phone.reload()
    expect(phone.locator("body")).to_have_class(ELDERLY)
