"""articles: reads, scoped to what the actor may see."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.errors import NotFound
from govhall.core.models import Center

from .models import OPEN, Article, ArticleStatus, ArticleVersion


def published(center: Center) -> QuerySet[Article]:
    return (
        Article.objects.filter(center=center, published_version__isnull=False)
        .select_related("published_version", "department")
        .prefetch_related("items")
        .order_by("code")
    )


def published_article(center: Center, code: str) -> Article:
    article = published(center).filter(code=code).first()
    if article is None:
        raise NotFound(_("知识条目不存在或尚未发布"), code="article_not_found")
    return article


def department_articles(
    actor, center: Center, *, everyone: bool = False
) -> list[tuple[Article, ArticleVersion | None]]:
    """The articles of the actor's departments at the centre (every department's
    for the centre's manager), each with its open version if any."""
    articles = Article.objects.filter(center=center)
    if not (actor.is_superuser or everyone):
        articles = articles.filter(department__in=actor.departments)
    articles = articles.select_related("department", "published_version").order_by("code")
    open_versions = {
        v.article_id: v
        for v in ArticleVersion.objects.filter(article__in=articles, status__in=OPEN)
    }
    return [(a, open_versions.get(a.pk)) for a in articles]


def review_queue(center: Center) -> QuerySet[ArticleVersion]:
    return (
        ArticleVersion.objects.filter(article__center=center, status=ArticleStatus.SUBMITTED)
        .select_related("article__department", "article__published_version", "submitted_by")
        .order_by("submitted_at", "pk")
    )


def review_overdue(center: Center, today: dt.date | None = None) -> QuerySet[Article]:
    """Published articles past their review date: flagged until a new version is published."""
    today = today or timezone.localdate()
    return published(center).filter(published_version__review_by__lt=today)


def center_version(center: Center, pk: int) -> ArticleVersion:
    version = (
        ArticleVersion.objects.filter(article__center=center, pk=pk)
        .select_related("article__department", "article__published_version", "article__center")
        .first()
    )
    if version is None:
        raise NotFound(_("知识条目版本不存在或无权访问"), code="version_not_found")
    return version


def center_article(center: Center, pk: int) -> Article:
    article = Article.objects.filter(center=center, pk=pk).select_related("department").first()
    if article is None:
        raise NotFound(_("知识条目不存在或无权访问"), code="article_not_found")
    return article
