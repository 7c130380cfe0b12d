"""The API's throttles count the client's address, not what the client says it
is: with no proxy configured (GOVHALL_NUM_PROXIES=0) X-Forwarded-For is ignored,
and behind one proxy only the entry that proxy appended counts."""

from django.core.cache import cache
from django.test import RequestFactory
from ninja.conf import settings as ninja_settings
from ninja.throttling import AnonRateThrottle


def _allowed(throttle, **meta) -> bool:
    request = RequestFactory().get("/api/v1/centers", **meta)
    request.auth = None
    return throttle.allow_request(request)


def test_a_forged_forwarded_for_does_not_start_a_fresh_count():
    cache.clear()
    throttle = AnonRateThrottle("2/m")
    got = [
        _allowed(throttle, REMOTE_ADDR="10.9.9.10", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
        for i in range(3)
    ]
    assert got == [True, True, False]


def test_behind_one_proxy_the_address_it_appended_counts(monkeypatch):
    cache.clear()
    monkeypatch.setattr(ninja_settings, "NUM_PROXIES", 1)
    throttle = AnonRateThrottle("1/m")
    # The client forged the first entry; nginx appended the real one.
    assert _allowed(throttle, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5")
    assert not _allowed(
        throttle, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="2.2.2.2, 203.0.113.5"
    )
    assert _allowed(throttle, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6")
