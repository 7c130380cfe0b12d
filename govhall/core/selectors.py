"""Reads of the core app, always through an Actor's scope."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .actors import Actor
from .errors import NotFound
from .models import Center, Department, Event


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
