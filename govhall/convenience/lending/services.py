"""lending: every change of state, keyword-only, in a transaction, raising DomainError.
An item is out from its loan until it is returned; one open loan per item (the
database holds it, so two desks lending the same wheelchair cannot both succeed)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.errors import Conflict, InvalidTransition, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.identity import parse_phone
from govhall.core.models import Center
from govhall.core.names import check_name

from ..text import short_text
from .models import LendingItem, LendKind, Loan


@transaction.atomic
def lending_item_add(*, actor: Actor, center: Center, kind, label, place="") -> LendingItem:
    actor.require(center, "lending.record")
    if kind not in LendKind.values:
        raise ValidationFailed(_("请选择类别"), fields={"kind": _("无效的类别")})
    label = short_text(label, "label", limit=40)
    place = short_text(place, "place", limit=60, required=False)
    if LendingItem.objects.filter(center=center, label=label).exists():
        raise Conflict(_("已有同名物品"), code="lending_label_taken", fields={"label": _("已存在")})
    item = LendingItem.objects.create(center=center, kind=kind, label=label, place=place)
    audit("lending.item_added", actor=actor, center=center, obj=item)
    return item


def lend(
    *,
    actor: Actor,
    item: LendingItem,
    name,
    phone="",
    note="",
    now: dt.datetime | None = None,
) -> Loan:
    actor.require(item.center, "lending.record")
    now = now or timezone.now()
    name = check_name(short_text(name, "name", limit=50), "name")
    phone = short_text(phone, "phone", limit=20, required=False)
    phone = parse_phone(phone) if phone else ""
    note = short_text(note, "note", limit=100, required=False)
    if not item.active:
        raise InvalidTransition(_("该物品已停用"), code="lending_item_inactive")
    try:
        with transaction.atomic():
            loan = Loan.objects.create(
                center=item.center,
                item=item,
                borrower_name=name,
                borrower_phone=phone,
                note=note,
                lent_at=now,
                lent_by=actor.user,
            )
            emit(
                "lending.lent",
                center=item.center,
                aggregate=loan,
                payload={"loan": loan.pk, "item": item.pk, "kind": item.kind},
            )
    except IntegrityError as exc:
        raise Conflict(_("该物品已借出，尚未归还"), code="lending_item_out") from exc
    return loan


@transaction.atomic
def lending_return(*, actor: Actor, loan: Loan, now: dt.datetime | None = None) -> Loan:
    actor.require(loan.center, "lending.record")
    now = now or timezone.now()
    loan = Loan.objects.select_for_update().select_related("item", "center").get(pk=loan.pk)
    if loan.returned_at is not None:
        raise InvalidTransition(_("该物品已归还"), code="lending_already_returned")
    loan.returned_at = max(now, loan.lent_at)
    loan.returned_to = actor.user
    loan.save(update_fields=["returned_at", "returned_to"])
    emit(
        "lending.returned",
        center=loan.center,
        aggregate=loan,
        payload={"loan": loan.pk, "item": loan.item_id, "kind": loan.item.kind},
    )
    return loan
