"""Reads of the hall app."""

from __future__ import annotations

from django.db.models import QuerySet

from govhall.core.models import Center

from .models import Window


def windows_of_center(center: Center) -> QuerySet[Window]:
    return Window.objects.filter(center=center, is_active=True).order_by("number")
