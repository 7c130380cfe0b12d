"""lost: reads, scoped to what the actor may see; the public list without personal data."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from govhall.core.actors import Actor
from govhall.core.errors import NotFound
from govhall.core.models import Center

from .models import OPEN, PRIVATE_CATEGORIES, LostItem, LostStatus

# Runs of digits that could be an ID, phone or card number, and CJK names after
# words that introduce one: what the public list never shows.
_DIGITS = re.compile(r"[0-9０-９Xx*＊]{4,}")
_NAMED = re.compile(r"(姓名|名字|失主|户名|署名|机主)[:：为是]?\s*\S{1,4}")


def public_description(item: LostItem) -> str:
    if item.category in PRIVATE_CATEGORIES:
        return _("%(category)s一件（内容不公示，请凭本人有效证件认领）") % {
            "category": item.get_category_display()
        }
    text = _DIGITS.sub("****", item.description)
    return _NAMED.sub(lambda m: m.group(1) + "**", text)


def desk_list(center: Center, status: str = ""):
    rows = LostItem.objects.filter(center=center).defer("photo", "signature")
    if status in LostStatus.values:
        rows = rows.filter(status=status)
    return rows.select_related("registered_by").order_by("-found_at", "-pk")


def counts(center: Center) -> dict:
    from django.db.models import Count

    return dict(
        LostItem.objects.filter(center=center)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )


def public_list(center: Center):
    return (
        LostItem.objects.filter(center=center, status__in=OPEN)
        .defer("photo", "signature")
        .order_by("-found_at", "-pk")
    )


def item_for(actor: Actor, number: str) -> LostItem:
    return actor.get_scoped(LostItem.objects.select_related("center"), number=number)


def item_at(center: Center, pk: int) -> LostItem:
    item = LostItem.objects.filter(center=center, pk=pk).select_related("center").first()
    if item is None:
        raise NotFound(_("没有该物品"))
    return item


def writeoffs_waiting(center: Center) -> int:
    return LostItem.objects.filter(center=center, status=LostStatus.WRITEOFF_REQUESTED).count()
