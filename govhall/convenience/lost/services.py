"""lost: every change of state, keyword-only, in a transaction, raising DomainError.
The life of an item is in models.py (001 6.4.4.2)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core import crypto
from govhall.core.actors import Actor
from govhall.core.errors import Conflict, InvalidTransition, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.identity import parse_phone
from govhall.core.models import Center
from govhall.core.names import check_name
from govhall.core.services import counter_next, id_number_reveal

from .. import images
from ..text import optional_id, short_text
from . import rules
from .models import OPEN, Category, LostItem, LostStatus

FOUND_BACK = dt.timedelta(days=366)
FUTURE_SLACK = dt.timedelta(minutes=5)


def _payload(item: LostItem) -> dict:
    return {"item": item.pk, "number": item.number, "status": item.status}


def _lock(item: LostItem) -> LostItem:
    return LostItem.objects.select_for_update().select_related("center").get(pk=item.pk)


def _number(center: Center, day: dt.date) -> str:
    seq = counter_next(f"lost:{center.code}:{day:%Y%m%d}")
    return f"{center.code}-SW{day:%Y%m%d}-{seq:03d}"


def _found_at(value, now: dt.datetime) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise ValidationFailed(_("请填写拾得时间"), fields={"found_at": _("必填")})
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > now + FUTURE_SLACK:
        raise ValidationFailed(_("拾得时间不能晚于现在"), fields={"found_at": _("不能晚于现在")})
    if value < now - FOUND_BACK:
        raise ValidationFailed(_("拾得时间过早"), fields={"found_at": _("不早于一年前")})
    return value


@transaction.atomic
def lost_register(
    *,
    actor: Actor,
    center: Center,
    category,
    description,
    found_place,
    found_at,
    found_by="",
    storage_place="",
    owner_id_number=None,
    photo=None,
    now: dt.datetime | None = None,
) -> LostItem:
    """登记: what, where and when found, by whom; stored at once when the place is given."""
    actor.require(center, "lost.register")
    now = now or timezone.now()
    if category not in Category.values:
        raise ValidationFailed(_("请选择物品类别"), fields={"category": _("无效的类别")})
    description = short_text(description, "description", limit=200)
    found_place = short_text(found_place, "found_place", limit=100)
    found_by = short_text(found_by, "found_by", limit=50, required=False) or (
        actor.user.display_name if actor.user else ""
    )
    storage_place = short_text(storage_place, "storage_place", limit=100, required=False)
    found_at = _found_at(found_at, now)
    owner = optional_id(owner_id_number, "owner_id_number", today=timezone.localdate(now))
    data = images.photo(photo) if photo else None
    item = LostItem.objects.create(
        center=center,
        number=_number(center, timezone.localdate(now)),
        category=category,
        description=description,
        photo=data,
        found_place=found_place,
        found_at=found_at,
        found_by=found_by or "-",
        owner_id_number=owner,
        storage_place=storage_place,
        status=LostStatus.STORED if storage_place else LostStatus.REGISTERED,
        registered_at=now,
        registered_by=actor.user,
        stored_at=now if storage_place else None,
    )
    emit("lost.registered", center=center, aggregate=item, payload=_payload(item))
    audit("lost.registered", actor=actor, center=center, obj=item)
    return item


@transaction.atomic
def lost_store(
    *, actor: Actor, item: LostItem, storage_place, now: dt.datetime | None = None
) -> LostItem:
    """保存: where the item is kept (a move keeps it stored)."""
    actor.require(item.center, "lost.register")
    now = now or timezone.now()
    storage_place = short_text(storage_place, "storage_place", limit=100)
    item = _lock(item)
    if item.status not in (LostStatus.REGISTERED, LostStatus.STORED):
        raise InvalidTransition(_("该物品当前不能入库"), code="lost_not_storable")
    item.storage_place = storage_place
    item.status = LostStatus.STORED
    item.stored_at = item.stored_at or now
    item.save(update_fields=["storage_place", "status", "stored_at"])
    emit("lost.stored", center=item.center, aggregate=item, payload=_payload(item))
    audit("lost.stored", actor=actor, center=item.center, obj=item)
    return item


def lost_claim(
    *,
    actor: Actor,
    item: LostItem,
    name,
    id_number,
    phone="",
    signature=None,
    require_signature: bool = False,
    now: dt.datetime | None = None,
) -> LostItem:
    """认领: the claimant's ID number and name; when the owner's number was recorded
    the two must match (by keyed hash), and a refused attempt is audited."""
    actor.require(item.center, "lost.register")
    now = now or timezone.now()
    name = check_name(short_text(name, "name", limit=50), "name")
    number = optional_id(id_number, today=timezone.localdate(now))
    if number is None:
        raise ValidationFailed(_("请填写认领人身份证号码"), fields={"id_number": _("必填")})
    phone = short_text(phone, "phone", limit=20, required=False)
    phone = parse_phone(phone) if phone else ""
    if signature:
        drawn = images.signature(signature)
    elif require_signature:
        raise ValidationFailed(_("请认领人签名"), fields={"signature": _("必填")})
    else:
        drawn = None
    with transaction.atomic():
        item = _lock(item)
        if item.status not in OPEN:
            raise InvalidTransition(_("该物品已认领或已注销"), code="lost_not_claimable")
        mismatch = bool(item.owner_id_number_hash) and (
            item.owner_id_number_hash != crypto.lookup_hash(number.value)
        )
        if mismatch:
            audit("lost.claim_refused", actor=actor, center=item.center, obj=item)
        else:
            item.claimant_name = name
            item.claimant_id_number = number
            item.claimant_phone = phone
            item.signature = drawn
            item.claimed_at = now
            item.claimed_by_staff = actor.user
            item.status = LostStatus.CLAIMED
            item.save()
            emit("lost.claimed", center=item.center, aggregate=item, payload=_payload(item))
            audit("lost.claimed", actor=actor, center=item.center, obj=item)
    if mismatch:
        raise Conflict(
            _("认领人证件号码与物品上登记的失主证件不符，不能认领"),
            code="lost_claim_id_mismatch",
            fields={"id_number": _("与失主证件不符")},
        )
    return item


@transaction.atomic
def lost_writeoff_request(*, actor: Actor, item: LostItem, now: dt.datetime | None = None):
    """Unclaimed after the keeping period (setting lost.keep_days): ask to write it off."""
    actor.require(item.center, "lost.register")
    now = now or timezone.now()
    item = _lock(item)
    if item.status not in (LostStatus.REGISTERED, LostStatus.STORED):
        raise InvalidTransition(_("该物品当前不能申请注销"), code="lost_not_writable_off")
    due = rules.writeoff_from(item)
    if timezone.localdate(now) < due:
        raise Conflict(
            _("保管期未满：%(due)s 起方可申请注销") % {"due": due.isoformat()},
            code="lost_keep_period",
        )
    item.status = LostStatus.WRITEOFF_REQUESTED
    item.writeoff_requested_at = now
    item.writeoff_requested_by = actor.user
    item.save(update_fields=["status", "writeoff_requested_at", "writeoff_requested_by"])
    emit("lost.writeoff_requested", center=item.center, aggregate=item, payload=_payload(item))
    audit("lost.writeoff_requested", actor=actor, center=item.center, obj=item)
    return item


@transaction.atomic
def lost_writeoff_decide(
    *, actor: Actor, item: LostItem, approve: bool, note="", now: dt.datetime | None = None
) -> LostItem:
    """The centre admin approves (with how it is disposed of) or sends it back to storage."""
    actor.require(item.center, "lost.manage")
    now = now or timezone.now()
    note = short_text(note, "note", limit=200, required=bool(approve))
    item = _lock(item)
    if item.status != LostStatus.WRITEOFF_REQUESTED:
        raise InvalidTransition(_("该物品没有待审批的注销申请"), code="lost_no_writeoff_request")
    if approve:
        item.status = LostStatus.WRITTEN_OFF
        item.written_off_at = now
        item.written_off_by = actor.user
        item.writeoff_note = note
    else:
        item.status = LostStatus.STORED
        item.writeoff_requested_at = None
        item.writeoff_requested_by = None
    item.save()
    kind = "lost.written_off" if approve else "lost.writeoff_refused"
    emit(kind, center=item.center, aggregate=item, payload=_payload(item))
    audit(kind, actor=actor, center=item.center, obj=item)
    return item


def lost_reveal(*, actor: Actor, item: LostItem, field: str) -> str:
    """The full number (claimant's or owner's) for the desk: audited (core)."""
    actor.require(item.center, "lost.register")
    if field not in ("claimant_id_number", "owner_id_number"):
        raise ValidationFailed(_("无效的字段"), fields={"field": _("无效的字段")})
    return id_number_reveal(actor=actor, obj=item, field=field, reason="lost property claim")
