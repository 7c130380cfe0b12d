"""The providers configured in GOVHALL_PAYMENT_PROVIDERS, by code."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from govhall.core.errors import NotFound

from .base import Provider


@lru_cache(maxsize=8)
def _load(paths: tuple[str, ...]) -> dict[str, Provider]:
    found: dict[str, Provider] = {}
    for path in paths:
        instance = import_string(path)()
        if not isinstance(instance, Provider) or not instance.code:
            raise ImproperlyConfigured(f"{path} is not a payment Provider with a code")
        if instance.code in found:
            raise ImproperlyConfigured(f"two payment providers share the code {instance.code}")
        found[instance.code] = instance
    return found


def providers() -> dict[str, Provider]:
    return _load(tuple(settings.GOVHALL_PAYMENT_PROVIDERS))


def provider(code: str) -> Provider:
    """The provider of `code`, else 404 provider_not_found."""
    found = providers().get(code) if isinstance(code, str) else None
    if found is None:
        raise NotFound(_("支付渠道不存在"), code="provider_not_found")
    return found
