"""articles: every change of state, keyword-only, in a transaction, raising DomainError.

The department drafts and submits (knowledge.draft, its own department's
articles); the centre publishes or returns (knowledge.manage). A published
version is frozen: a change is a new draft, published over the old one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.catalog.models import ServiceItem
from govhall.core.actors import Actor
from govhall.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.events import audit, emit
from govhall.core.models import Center, Department

from .models import EDITABLE, OPEN, Article, ArticleKind, ArticleStatus, ArticleVersion

FIELDS = ("kind", "title", "questions", "answer", "review_by", "change_summary")
_LIMITS = {"title": 120, "questions": 2000, "answer": 5000, "change_summary": 300}


def _require_department(actor: Actor, center: Center, department: Department) -> None:
    actor.require(center, "knowledge.draft")
    if not (actor.is_superuser or department.pk in actor.departments):
        raise PermissionDenied(_("仅编写部门可编辑和提交知识条目"), code="forbidden_department")


def _clean(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ValidationFailed(
            _("不支持的字段"), fields={k: _("不支持的字段") for k in sorted(unknown)}
        )
    errors: dict[str, Any] = {}
    for field in ("title", "answer"):
        if (field in data or not partial) and not str(data.get(field) or "").strip():
            errors[field] = _("必填")
    for field, limit in _LIMITS.items():
        if len(str(data.get(field) or "")) > limit:
            errors[field] = _("不能超过 %(n)s 个字符") % {"n": limit}
    if (not partial or "kind" in data) and data.get("kind") not in ArticleKind.values:
        errors["kind"] = _("无效的类型")
    if (not partial or "review_by" in data) and not isinstance(data.get("review_by"), dt.date):
        errors["review_by"] = _("请填写复核日期")
    if errors:
        raise ValidationFailed(_("知识条目内容有误"), fields=errors)
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}


def _items(center: Center, codes: list[str] | None) -> list[ServiceItem]:
    codes = sorted(set(codes or []))
    found = list(ServiceItem.objects.filter(code__in=codes, stationings__center=center).distinct())
    missing = set(codes) - {i.code for i in found}
    if missing:
        raise ValidationFailed(
            _("关联事项不存在或未进驻本中心"), fields={"items": ", ".join(sorted(missing))}
        )
    return found


def _next_code(center: Center) -> str:
    last = Article.objects.filter(center=center).order_by("-code").values_list("code", flat=True)
    n = int(last[0].rsplit("-", 1)[-1]) + 1 if last else 1
    return f"ZS-{n:04d}"


def _log(actor: Actor | None, version: ArticleVersion, action: str) -> None:
    article = version.article
    payload = {"article": article.code, "number": version.number, "status": version.status}
    audit(action, actor=actor, center=article.center, obj=version, detail=payload)
    emit(action, center=article.center, aggregate=article, payload=payload)


@transaction.atomic
def article_create(
    *,
    actor: Actor,
    center: Center,
    department: Department,
    data: dict[str, Any],
    items: list[str] | None = None,
) -> ArticleVersion:
    """A new article with its first version, a draft of `department`."""
    _require_department(actor, center, department)
    data = _clean(data, partial=False)
    linked = _items(center, items)
    # The centre's row is locked while its next code is read, so two departments
    # writing at once get ZS-0007 and ZS-0008, not the same code twice.
    Center.objects.select_for_update().filter(pk=center.pk).first()
    article = Article.objects.create(center=center, code=_next_code(center), department=department)
    article.items.set(linked)
    version = ArticleVersion.objects.create(
        article=article, number=1, created_by=actor.user, **data
    )
    _log(actor, version, "knowledge.article_drafted")
    return version


def _locked(version: ArticleVersion) -> ArticleVersion:
    return (
        ArticleVersion.objects.select_for_update()
        .select_related("article__center")
        .get(pk=version.pk)
    )


@transaction.atomic
def article_update(
    *,
    actor: Actor,
    version: ArticleVersion,
    data: dict[str, Any],
    items: list[str] | None = None,
) -> ArticleVersion:
    version = _locked(version)
    article = version.article
    _require_department(actor, article.center, article.department)
    if version.status not in EDITABLE:
        raise InvalidTransition(_("只有草稿或退回的版本可以修改"), code="version_not_editable")
    data = _clean(data, partial=True)
    for field, value in data.items():
        setattr(version, field, value)
    version.save()
    if items is not None:
        article.items.set(_items(article.center, items))
    _log(actor, version, "knowledge.article_updated")
    return version


@transaction.atomic
def article_new_version(*, actor: Actor, article: Article) -> ArticleVersion:
    """A draft copied from the published version (a change, or the periodic review)."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    _require_department(actor, article.center, article.department)
    if article.versions.filter(status__in=OPEN).exists():
        raise InvalidTransition(_("已有一个版本在修订或审核中"), code="version_open")
    base = article.published_version or article.versions.order_by("-number").first()
    version = ArticleVersion.objects.create(
        article=article,
        number=(article.versions.order_by("-number").values_list("number", flat=True)[0]) + 1,
        kind=base.kind,
        title=base.title,
        questions=base.questions,
        answer=base.answer,
        review_by=base.review_by,
        created_by=actor.user,
    )
    _log(actor, version, "knowledge.article_drafted")
    return version


@transaction.atomic
def article_submit(*, actor: Actor, version: ArticleVersion) -> ArticleVersion:
    version = _locked(version)
    article = version.article
    _require_department(actor, article.center, article.department)
    if version.status not in EDITABLE:
        raise InvalidTransition(_("该版本已提交或已发布"), code="invalid_transition")
    if version.review_by <= timezone.localdate():
        raise ValidationFailed(
            _("复核日期应晚于今天"), fields={"review_by": _("复核日期应晚于今天")}
        )
    version.status = ArticleStatus.SUBMITTED
    version.submitted_at = timezone.now()
    version.submitted_by = actor.user
    version.save()
    _log(actor, version, "knowledge.article_submitted")
    return version


def _require_centre(actor: Actor, version: ArticleVersion) -> None:
    actor.require(version.article.center, "knowledge.manage")


@transaction.atomic
def article_return(*, actor: Actor, version: ArticleVersion, note: str) -> ArticleVersion:
    version = _locked(version)
    _require_centre(actor, version)
    note = (note or "").strip()
    if not note or len(note) > 300:
        raise ValidationFailed(
            _("请填写退回意见（300 字以内）"), fields={"note": _("请填写退回意见（300 字以内）")}
        )
    if version.status != ArticleStatus.SUBMITTED:
        raise InvalidTransition(_("只有已提交的版本可以退回"), code="invalid_transition")
    version.status = ArticleStatus.RETURNED
    version.reviewed_at = timezone.now()
    version.reviewed_by = actor.user
    version.review_note = note
    version.save()
    _log(actor, version, "knowledge.article_returned")
    return version


@transaction.atomic
def article_publish(*, actor: Actor, version: ArticleVersion, note: str = "") -> ArticleVersion:
    """The centre's review passed: the version replaces the published one."""
    version = _locked(version)
    _require_centre(actor, version)
    if version.status != ArticleStatus.SUBMITTED:
        raise InvalidTransition(_("只有已提交的版本可以发布"), code="invalid_transition")
    article = Article.objects.select_for_update().get(pk=version.article_id)
    now = timezone.now()
    # The old version is frozen: its status moves by an update, not by save().
    ArticleVersion.objects.filter(article=article, status=ArticleStatus.PUBLISHED).update(
        status=ArticleStatus.SUPERSEDED
    )
    version.status = ArticleStatus.PUBLISHED
    version.reviewed_at = version.published_at = now
    version.reviewed_by = actor.user
    version.review_note = (note or "")[:300]
    version.save()
    article.published_version = version
    article.save(update_fields=["published_version"])
    _log(actor, version, "knowledge.article_published")
    return version
