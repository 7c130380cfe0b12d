"""Reads of the core app, always through an Actor's scope."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .actors import Actor
from .errors import NotFound
from .models import SCREEN_FIELDS, Announcement, Center, Department, Event


def centers_public() -> QuerySet[Center]:
    return Center.objects.filter(is_active=True).select_related("district")


def center_by_code(code: str) -> Center:
    center = centers_public().filter(code=code).first()
    if center is None:
        raise NotFound(_("中心不存在"), code="center_not_found", fields={"center": code})
    return center


def centers_visible(actor: Actor) -> QuerySet[Center]:
    return actor.scoped(Center.objects.all(), center_path="pk")


def departments_of_district(district_id: int) -> QuerySet[Department]:
    return Department.objects.filter(district_id=district_id)


def events_since(*, center: Center, after_id: int, limit: int = 500) -> list[Event]:
    return list(Event.objects.filter(center=center, id__gt=after_id).order_by("id")[:limit])


def announcements_current(center: Center, screen: str, now=None) -> list[Announcement]:
    """What `screen` ("display", "kiosk", "guide") shows now, newest first."""
    now = now or timezone.now()
    return list(
        Announcement.objects.filter(
            center=center, starts_at__lte=now, ends_at__gt=now, **{SCREEN_FIELDS[screen]: True}
        ).order_by("-starts_at", "-id")[:10]
    )


def announcements_next_change(center: Center, screen: str, now=None):
    """When what `screen` shows next changes by the clock alone (a start or an
    end), so a board can re-read then; None when nothing is due."""
    now = now or timezone.now()
    rows = Announcement.objects.filter(
        center=center, ends_at__gt=now, **{SCREEN_FIELDS[screen]: True}
    ).values_list("starts_at", "ends_at")
    times = [t for pair in rows for t in pair if t > now]
    return min(times, default=None)
