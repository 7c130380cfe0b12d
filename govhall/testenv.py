"""pytest plugin (`-p govhall.testenv`), loaded before pytest-django reads the
settings: test-run defaults for what production must set explicitly."""

import os

import pytest

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("GOVHALL_DATA_KEY", "test-data-key-not-for-production")
os.environ.setdefault("HUEY_IMMEDIATE", "true")
os.environ.setdefault("GOVHALL_PUBLIC_RATE", "100000/m")
os.environ.setdefault("GOVHALL_AUTH_RATE", "100000/m")
os.environ.setdefault("GOVHALL_WEB_FORM_RATE", "100000/m")
os.environ.setdefault("WHITENOISE_USE_FINDERS", "true")
os.environ.setdefault("GOVHALL_FAST_PASSWORD_HASHER", "true")
# The suite logs in wrong on purpose many times from one address (127.0.0.1);
# the lockout tests set the production limit themselves.
os.environ.setdefault("GOVHALL_LOGIN_FAILURE_LIMIT", "100000")
# Many tests travel days ahead (time_machine) with one logged-in client; the
# idle-session test sets the production limit itself.
os.environ.setdefault("GOVHALL_SESSION_IDLE_MINUTES", str(10 * 365 * 24 * 60))


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    """After pytest-django has set Django up: the demo loads once per starting
    state and is restored from a copy after that (govhall/testsnapshot.py)."""
    from govhall import testsnapshot

    testsnapshot.install()
