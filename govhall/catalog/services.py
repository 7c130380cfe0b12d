"""The catalog's state changes: items, guide versions through review and
publication, materials, stationing. Each runs in one transaction, checks the
version's state machine and writes an audit row and an event."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.actors import Actor
from govhall.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.models import Center, Department, Event
from govhall.core.workdays import WorkingCalendar, deadline

from .domains import Domain
from .models import (
    EDITABLE,
    OPEN,
    ApprovalMode,
    ItemType,
    ItemVersion,
    Material,
    MaterialForm,
    ServiceItem,
    Stationing,
    VersionStatus,
)
from .search import normalise, search_text, split_aliases

GUIDE_FIELDS = (
    "name",
    "item_type",
    "approval_mode",
    "legal_basis",
    "conditions",
    "process",
    "statutory_days",
    "committed_days",
    "fee",
    "fee_amounts",
    "consult_phone",
    "complaint_phone",
    "online_application",
    "change_summary",
)
_LIMITS = {
    "name": 120,
    "fee": 300,
    "consult_phone": 40,
    "complaint_phone": 40,
    "change_summary": 300,
    "legal_basis": 5000,
    "conditions": 5000,
}


# --- permissions -----------------------------------------------------------


def _district_centers(department: Department) -> list[int]:
    return list(Center.objects.filter(district=department.district_id).values_list("pk", flat=True))


def may_draft(actor: Actor, department: Department) -> bool:
    """Drafting and submitting is the department's own work (004 第二条)."""
    return actor.is_superuser or department.pk in actor.departments


def may_review(actor: Actor, department: Department) -> bool:
    """Review and publication are the centre's (or the district supervisor's)."""
    return actor.is_superuser or any(
        actor.can(c, "catalog.manage") for c in _district_centers(department)
    )


def _require_department(actor: Actor, department: Department) -> None:
    if not may_draft(actor, department):
        raise PermissionDenied(_("仅事项所属部门可编辑和提交指南"), code="forbidden_department")


def _require_center_admin(actor: Actor, department: Department) -> None:
    if not may_review(actor, department):
        raise PermissionDenied(_("仅中心管理员可审核和发布指南"), code="forbidden_role")


# --- validation ------------------------------------------------------------


def _clean_guide(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    unknown = set(data) - set(GUIDE_FIELDS) - {"parallel_departments"}
    if unknown:
        raise ValidationFailed(
            _("不支持的字段"), fields={k: _("不支持的字段") for k in sorted(unknown)}
        )
    errors: dict[str, Any] = {}
    if not partial and not (data.get("name") or "").strip():
        errors["name"] = _("必填")
    for field, limit in _LIMITS.items():
        if field in data and len(str(data[field] or "")) > limit:
            errors[field] = _("不能超过 %(n)s 个字符") % {"n": limit}
    if "item_type" in data and data["item_type"] not in ItemType.values:
        errors["item_type"] = _("无效的事项类型")
    if "approval_mode" in data and data["approval_mode"] not in ApprovalMode.values:
        errors["approval_mode"] = _("无效的办理模式")
    if "process" in data and not (
        isinstance(data["process"], list) and all(isinstance(s, str) for s in data["process"])
    ):
        errors["process"] = _("办理流程应为步骤列表")
    for field in ("statutory_days", "committed_days"):
        if field in data and not (isinstance(data[field], int) and 0 <= data[field] <= 365):
            errors[field] = _("应为 0 到 365 之间的工作日数")
    if "online_application" in data and not isinstance(data["online_application"], bool):
        errors["online_application"] = _("应为是或否")
    if "fee_amounts" in data:
        try:
            data["fee_amounts"] = clean_fee_amounts(data["fee_amounts"])
        except ValueError:
            errors["fee_amounts"] = _("收费金额应为名称和金额（0.01 至 100000 元，最多 10 项）")
    if errors:
        raise ValidationFailed(_("指南内容有误"), fields=errors)
    return data


def clean_fee_amounts(raw) -> list[dict]:
    """[{"label", "amount"}] with the amounts as 2-place decimal strings."""
    if not isinstance(raw, list) or len(raw) > 10:
        raise ValueError("fee_amounts")
    out = []
    for entry in raw:
        if not isinstance(entry, dict) or set(entry) != {"label", "amount"}:
            raise ValueError("fee_amounts")
        label = str(entry["label"]).strip()
        try:
            amount = Decimal(str(entry["amount"])).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError) as exc:
            raise ValueError("fee_amounts") from exc
        if not label or len(label) > 40 or not Decimal("0.01") <= amount <= 100_000:
            raise ValueError("fee_amounts")
        out.append({"label": label, "amount": str(amount)})
    return out


def _check_limits(version: ItemVersion) -> None:
    if version.statutory_days and version.committed_days > version.statutory_days:
        raise ValidationFailed(
            _("承诺时限不能超过法定时限"),
            fields={"committed_days": _("承诺时限不能超过法定时限")},
        )
    if version.approval_mode == ApprovalMode.INSTANT and version.committed_days:
        raise ValidationFailed(
            _("即办件的承诺时限应为 0"), fields={"committed_days": _("即办件应为 0")}
        )


def _refresh_search(version: ItemVersion) -> None:
    item = version.item
    dept = item.department
    version.search_text = search_text(version.name, item.code, dept.name, dept.short_name)


def _set_parallel(version: ItemVersion, codes: list[str] | None) -> None:
    if codes is None:
        return
    found = list(
        Department.objects.filter(code__in=codes, district=version.item.department.district_id)
    )
    if len(found) != len(set(codes)):
        raise ValidationFailed(
            _("并联审批部门不存在"), fields={"parallel_departments": _("含未知部门")}
        )
    version.parallel_departments.set(found)


# --- items and versions ----------------------------------------------------


@transaction.atomic
def item_create(
    *,
    actor: Actor,
    code: str,
    department: Department,
    domain: str,
    guide: dict[str, Any],
    materials: list[dict[str, Any]] | None = None,
) -> ServiceItem:
    """A new item with its first guide as a draft."""
    _require_department(actor, department)
    if domain not in Domain.values:
        raise ValidationFailed(_("无效的领域"), fields={"domain": _("无效的领域")})
    code = (code or "").strip()
    if not code or len(code) > 40:
        raise ValidationFailed(_("事项编码无效"), fields={"code": _("1 到 40 个字符")})
    if ServiceItem.objects.filter(code=code).exists():
        raise Conflict(_("事项编码已存在"), code="item_code_taken", fields={"code": code})
    guide = dict(guide)
    parallel = guide.pop("parallel_departments", None)
    _clean_guide(guide, partial=False)
    item = ServiceItem.objects.create(code=code, department=department, domain=domain)
    version = ItemVersion(item=item, number=1, **guide)
    _check_limits(version)
    _refresh_search(version)
    version.save()
    _set_parallel(version, parallel)
    if materials:
        _replace_materials(version, materials)
    audit("catalog.item_created", actor=actor, obj=item, detail={"code": code})
    return item


@transaction.atomic
def version_new_draft(*, actor: Actor, item: ServiceItem) -> ItemVersion:
    """Start a change: a draft copied from the published guide, materials included."""
    item = ServiceItem.objects.select_for_update().get(pk=item.pk)
    _require_department(actor, item.department)
    if item.versions.filter(status__in=OPEN).exists():
        raise Conflict(_("该事项已有未发布的版本"), code="open_version_exists")
    source = item.published_version or item.versions.order_by("-number").first()
    number = (item.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    draft = ItemVersion(item=item, number=number)
    for field in GUIDE_FIELDS:
        setattr(draft, field, getattr(source, field))
    draft.change_summary = ""
    _refresh_search(draft)
    draft.save()
    draft.parallel_departments.set(source.parallel_departments.all())
    Material.objects.bulk_create(
        Material(
            version=draft,
            position=m.position,
            name=m.name,
            form=m.form,
            count=m.count,
            required=m.required,
            notes=m.notes,
            sample_url=m.sample_url,
        )
        for m in source.materials.all()
    )
    audit("catalog.version_drafted", actor=actor, obj=draft, detail={"number": number})
    return draft


def _locked_version(version: ItemVersion) -> ItemVersion:
    return (
        ItemVersion.objects.select_for_update(of=("self",))
        .select_related("item__department")
        .get(pk=version.pk)
    )


@transaction.atomic
def version_update(*, actor: Actor, version: ItemVersion, changes: dict[str, Any]) -> ItemVersion:
    version = _locked_version(version)
    _require_department(actor, version.item.department)
    if version.status not in EDITABLE:
        raise InvalidTransition(_("只有草稿或退回的版本可以修改"))
    changes = dict(changes)
    parallel = changes.pop("parallel_departments", None)
    _clean_guide(changes, partial=True)
    for field, value in changes.items():
        setattr(version, field, value)
    _check_limits(version)
    _refresh_search(version)
    version.save()
    _set_parallel(version, parallel)
    audit("catalog.version_updated", actor=actor, obj=version, detail={"fields": sorted(changes)})
    return version


def _replace_materials(version: ItemVersion, materials: list[dict[str, Any]]) -> None:
    errors = {}
    rows = []
    for i, m in enumerate(materials):
        name = str(m.get("name") or "").strip()
        form = m.get("form", MaterialForm.ORIGINAL)
        count = m.get("count", 1)
        if not name or len(name) > 200:
            errors[f"materials[{i}].name"] = _("材料名称应为 1 到 200 个字符")
        if form not in MaterialForm.values:
            errors[f"materials[{i}].form"] = _("无效的材料形式")
        if not isinstance(count, int) or not 1 <= count <= 99:
            errors[f"materials[{i}].count"] = _("份数应为 1 到 99")
        rows.append(
            Material(
                version=version,
                position=i + 1,
                name=name,
                form=form,
                count=count,
                required=bool(m.get("required", True)),
                notes=str(m.get("notes") or "")[:300],
                sample_url=m.get("sample_url") or "",
            )
        )
    if errors:
        raise ValidationFailed(_("申请材料有误"), fields=errors)
    version.materials.all().delete()
    Material.objects.bulk_create(rows)


@transaction.atomic
def version_set_materials(
    *, actor: Actor, version: ItemVersion, materials: list[dict[str, Any]]
) -> ItemVersion:
    version = _locked_version(version)
    _require_department(actor, version.item.department)
    if version.status not in EDITABLE:
        raise InvalidTransition(_("只有草稿或退回的版本可以修改"))
    _replace_materials(version, materials)
    audit("catalog.materials_set", actor=actor, obj=version, detail={"count": len(materials)})
    return version


@transaction.atomic
def version_submit(
    *, actor: Actor, version: ItemVersion, today: dt.date | None = None
) -> ItemVersion:
    """The department applies; the centre then has 5 working days to publish."""
    version = _locked_version(version)
    _require_department(actor, version.item.department)
    if version.status not in EDITABLE:
        raise InvalidTransition(_("只有草稿或退回的版本可以提交"))
    if not version.materials.exists():
        raise ValidationFailed(_("请至少列出一项申请材料"), fields={"materials": _("必填")})
    today = today or timezone.localdate()
    version.status = VersionStatus.SUBMITTED
    version.submitted_at = timezone.now()
    version.submitted_by = actor.user
    version.publish_due, version.publish_due_provisional = deadline(
        today, settings.GOVHALL_CATALOG_PUBLISH_WORKING_DAYS
    )
    version.overdue_flagged_at = None
    version.save()
    _log(actor, version, "catalog.version_submitted")
    return version


@transaction.atomic
def version_review(
    *, actor: Actor, version: ItemVersion, approve: bool, note: str = ""
) -> ItemVersion:
    version = _locked_version(version)
    _require_center_admin(actor, version.item.department)
    if version.status != VersionStatus.SUBMITTED:
        raise InvalidTransition(_("只有已提交的版本可以审核"))
    if not approve and not note.strip():
        raise ValidationFailed(_("退回时须填写审核意见"), fields={"note": _("必填")})
    version.status = VersionStatus.APPROVED if approve else VersionStatus.RETURNED
    version.reviewed_at = timezone.now()
    version.reviewed_by = actor.user
    version.review_note = note[:300]
    version.save()
    _log(actor, version, "catalog.version_approved" if approve else "catalog.version_returned")
    return version


@transaction.atomic
def version_publish(*, actor: Actor, version: ItemVersion) -> ItemVersion:
    version = _locked_version(version)
    _require_center_admin(actor, version.item.department)
    if version.status != VersionStatus.APPROVED:
        raise InvalidTransition(_("只有审核通过的版本可以发布"))
    item = ServiceItem.objects.select_for_update().get(pk=version.item_id)
    # The old guide stays as a record of what was public until now.
    ItemVersion.objects.filter(item=item, status=VersionStatus.PUBLISHED).update(
        status=VersionStatus.SUPERSEDED
    )
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = actor.user
    version.save()
    item.published_version = version
    item.save(update_fields=["published_version"])
    _log(actor, version, "catalog.version_published")
    return version


def _log(actor: Actor, version: ItemVersion, action: str) -> None:
    payload = {"item": version.item.code, "version": version.number, "status": version.status}
    audit(action, actor=actor, obj=version, detail=payload)
    emit(action, center=None, aggregate=version, payload=payload)


@transaction.atomic
def provisional_recompute(*, actor=None) -> int:
    """A year was added to the holiday table: submitted changes whose
    publication deadline was counted on weekdays alone are counted again."""
    cal, count = WorkingCalendar(), 0
    pending = ItemVersion.objects.select_for_update(of=("self",)).filter(
        status__in=(VersionStatus.SUBMITTED, VersionStatus.APPROVED),
        publish_due_provisional=True,
        submitted_at__isnull=False,
    )
    for version in pending.select_related("item"):
        previous = version.publish_due
        version.publish_due, version.publish_due_provisional = cal.deadline(
            timezone.localdate(version.submitted_at), settings.GOVHALL_CATALOG_PUBLISH_WORKING_DAYS
        )
        if (version.publish_due, version.publish_due_provisional) == (previous, True):
            continue  # still counted over a missing year
        version.save(update_fields=["publish_due", "publish_due_provisional"])
        payload = {
            "item": version.item.code,
            "version": version.number,
            "publish_due": version.publish_due.isoformat(),
            "previous": previous.isoformat(),
        }
        emit("catalog.publish_due_recomputed", center=None, aggregate=version, payload=payload)
        count += 1
    return count


def on_calendar_changed(sender, *, actor=None, **kwargs) -> dict[str, int]:
    """Receiver of core.workdays.calendar_changed (connected in apps.py)."""
    return {"catalog": provisional_recompute(actor=actor)}


@transaction.atomic
def catalog_flag_overdue(*, today: dt.date | None = None) -> int:
    """Flag submitted changes not published by their due date (004 第二条).
    Safe to run twice: a version is flagged once."""
    today = today or timezone.localdate()
    overdue = ItemVersion.objects.select_for_update(of=("self",)).filter(
        status__in=(VersionStatus.SUBMITTED, VersionStatus.APPROVED),
        publish_due__lt=today,
        overdue_flagged_at__isnull=True,
    )
    count = 0
    for version in overdue.select_related("item"):
        version.overdue_flagged_at = timezone.now()
        version.save(update_fields=["overdue_flagged_at"])
        payload = {
            "item": version.item.code,
            "version": version.number,
            "publish_due": version.publish_due.isoformat(),
        }
        audit("catalog.publication_overdue", obj=version, detail=payload)
        emit("catalog.publication_overdue", center=None, aggregate=version, payload=payload)
        count += 1
    return count


@transaction.atomic
def stationing_set(
    *, actor: Actor, item: ServiceItem, center: Center, active: bool = True
) -> Stationing:
    """Station an item at a centre (进驻) or withdraw it."""
    actor.require(center, "catalog.manage")
    if item.department.district_id != center.district_id:
        raise ValidationFailed(_("事项与中心不属于同一行政区"), fields={"center": center.code})
    stationing, created = Stationing.objects.get_or_create(
        item=item, center=center, defaults={"active": active}
    )
    if not created and stationing.active != active:
        stationing.active = active
        stationing.save(update_fields=["active"])
    audit(
        "catalog.stationing_set",
        actor=actor,
        center=center,
        obj=stationing,
        detail={"item": item.code, "active": active},
    )
    return stationing


# --- search help -------------------------------------------------------------

ALIAS_MAX, ALIAS_COUNT_MAX = 20, 30


def clean_aliases(aliases: str | list[str]) -> list[str]:
    """The aliases as a list without repeats; too many or too long is refused."""
    words = split_aliases("、".join(aliases) if isinstance(aliases, list) else aliases)
    unique = list(dict.fromkeys(w for w in words if normalise(w)))
    if any(len(w) > ALIAS_MAX for w in unique) or len(unique) > ALIAS_COUNT_MAX:
        raise ValidationFailed(
            _("俗称有误"),
            fields={
                "aliases": _("最多 %(count)s 个，每个不超过 %(n)s 个字")
                % {"count": ALIAS_COUNT_MAX, "n": ALIAS_MAX}
            },
        )
    return unique


@transaction.atomic
def item_set_aliases(*, actor: Actor, item: ServiceItem, aliases: str | list[str]) -> ServiceItem:
    """The everyday words people say for an item (社保卡, 房产证). Search help,
    not guide content: they change without a new version, by the department or
    the centre."""
    item = ServiceItem.objects.select_for_update().select_related("department").get(pk=item.pk)
    try:
        _require_department(actor, item.department)
    except PermissionDenied:
        _require_center_admin(actor, item.department)
    unique = clean_aliases(aliases)
    text = "、".join(unique)
    if text != item.aliases:
        item.aliases = text
        item.save(update_fields=["aliases"])
        audit("catalog.aliases_set", actor=actor, obj=item, detail={"aliases": unique})
    return item


POPULARITY_DAYS = 30


@transaction.atomic
def catalog_count_taken(*, days: int = POPULARITY_DAYS, now: dt.datetime | None = None) -> int:
    """Recount the tickets issued per item and centre in the last `days` from
    the core event outbox (queueing writes `ticket.issued` with the item code;
    the catalog never reads queueing). Returns the stationings changed."""
    since = (now or timezone.now()) - dt.timedelta(days=days)
    rows = (
        Event.objects.filter(kind="ticket.issued", at__gte=since, center__isnull=False)
        .values("center_id", "payload__item")
        .annotate(n=Count("id"))
    )
    counts = {(r["center_id"], r["payload__item"]): r["n"] for r in rows if r["payload__item"]}
    changed = []
    for stationing in Stationing.objects.select_related("item").only(
        "pk", "center_id", "taken_recent", "item__code"
    ):
        taken = counts.get((stationing.center_id, stationing.item.code), 0)
        if stationing.taken_recent != taken:
            stationing.taken_recent = taken
            changed.append(stationing)
    Stationing.objects.bulk_update(changed, ["taken_recent"], batch_size=500)
    return len(changed)
