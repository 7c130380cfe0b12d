"""Fixtures shared by every app: the headless browser."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttles, lockout helpers and rate limits count in the cache: each test
    starts from zero, so one test's wrong tries never refuse the next one."""
    from django.core.cache import cache

    cache.clear()
    yield


_browser = None  # the session's chromium, once a test has asked for it


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item):
    """Close every page a test opened before its fixtures go (the database
    flush, the servers): a page left open keeps polling and streaming into the
    next tests' live server, costs CPU for the rest of the run, and its failed
    requests surface in whichever test happens to be using a test client."""
    if _browser is not None:
        for context in list(_browser.contexts):
            context.close()
    yield


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright. Missing chromium is a failure, not a
    skip: `make test` installs it (scripts/system-deps.sh)."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    assert Path(executable).exists(), "chromium is missing: run `make system-deps`"
    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # test makes around it are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        global _browser
        instance = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        _browser = instance
        yield instance
        _browser = None
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def pdf_screenshot(pdf: bytes, name: str, *, dpi: int = 80) -> Path:
    """The first page of a PDF as docs/screenshots/<name>.png (poppler's
    pdftoppm), for a person to look at: Chinese renders, nothing overlaps."""
    import subprocess
    import tempfile

    assert shutil.which("pdftoppm"), "poppler-utils (pdftoppm) is missing"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        out = Path(tmp) / "out"
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", source, out],
            check=True,
        )
        target = SCREENSHOTS / f"{name}.png"
        shutil.copyfile(out.with_suffix(".png"), target)
    return target


@pytest.fixture
def asgi_server(transactional_db):
    """The project under uvicorn in a thread, on the test database: the display
    board's event stream needs ASGI (the WSGI live server would buffer it)."""
    import socket
    import threading
    import time

    import uvicorn
    from django.db import connections

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    config = uvicorn.Config(
        "govhall.asgi:application", host="127.0.0.1", port=port, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    connections.close_all()


def staff_page(browser, base: str, user, **context):
    """A browser signed in as `user`: the session of a test client, handed over."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    context.setdefault("viewport", {"width": 1280, "height": 900})
    ctx = browser.new_context(locale="zh-CN", **context)
    ctx.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )
    return ctx.new_page()


def login_page(browser, base: str, username: str, password: str | None = None, **context):
    """A browser signed in through the real login form (as a person does)."""
    from govhall.demo.loader import DEMO_PASSWORD

    context.setdefault("viewport", {"width": 1280, "height": 900})
    page = browser.new_context(locale="zh-CN", **context).new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password or DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/workplace/")
    return page


def device_page(browser, base: str, raw_token: str, **context):
    """A browser paired with a device token (kiosk, board, window, rating pad)."""
    page = browser.new_context(locale="zh-CN", **context).new_page()
    page.goto(f"{base}/device/pair/")
    page.fill("input[name=token]", raw_token)
    page.click("button[type=submit]")
    return page
