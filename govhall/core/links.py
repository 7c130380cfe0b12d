"""Absolute addresses of our own pages, for what leaves the site: QR codes, SMS
links, PDFs and API answers (API.md: document URLs are absolute)."""

from __future__ import annotations

from django.conf import settings


def absolute_url(path: str) -> str:
    return settings.GOVHALL_BASE_URL.rstrip("/") + path
