"""`{% load opening_hours %}{% opening_hours center %}`: the centre's week of
opening hours (core/hours.py), for the public guide and the kiosk."""

from django import template

from govhall.core.hours import week

register = template.Library()


@register.inclusion_tag("core/_opening_hours.html")
def opening_hours(center) -> dict:
    return {"days": week(center)}
