"""Who a request comes from, and counters of failures kept in the shared cache
(production points CACHE_URL at Redis so every web process counts together)."""

from __future__ import annotations

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """The client's address as the throttles see it: the same META key that
    django-ratelimit reads (REMOTE_ADDR, or the proxy's header in production).
    "unknown" when it is missing or not an address (a forged header)."""
    return login_address(request) or "unknown"


def login_address(request) -> str | None:
    """The address for django-axes (AXES_CLIENT_IP_CALLABLE): a valid IP or None,
    since axes stores it in an inet column that refuses anything else."""
    value = request.META.get(settings.RATELIMIT_IP_META_KEY) or request.META.get("REMOTE_ADDR")
    first = (value or "").split(",")[0].strip()  # a forwarded-for list names the client first
    try:
        return str(ipaddress.ip_address(first))
    except ValueError:
        return None


def _key(*parts: str) -> str:
    return "govhall:failures:" + hashlib.sha256("\0".join(parts).encode()).hexdigest()[:40]


def failures(*parts: str) -> int:
    return cache.get(_key(*parts), 0)


def failure_add(*parts: str, seconds: int) -> int:
    """Count one failure under `parts`; the count lives `seconds` from the first."""
    key = _key(*parts)
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired in between
        cache.set(key, 1, timeout=seconds)
        return 1
