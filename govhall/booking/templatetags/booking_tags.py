"""`{% load booking_tags %}`: a person's name as staff and citizens see it on screen."""

from django import template

from govhall.booking.selectors import mask_name as _mask_name
from govhall.core.fields import mask_phone as _mask_phone
from govhall.core.workdays import WorkingCalendar

register = template.Library()


@register.filter
def mask_name(value) -> str:
    """张三 → 张*: first character only."""
    return _mask_name(str(value or ""))


@register.filter
def mask_phone(value) -> str:
    """13912345678 → 139****5678."""
    return _mask_phone(str(value or ""))


@register.filter
def provisional_day(value) -> bool:
    """Whether a date lies in a year the holiday table lacks (shown 预计)."""
    return WorkingCalendar().is_provisional(value) if value else False
