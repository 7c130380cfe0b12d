"""articles: the demo's knowledge base at the district centre: the departments'
articles published by the centre, one waiting for review, one past its review date."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from govhall.core.actors import actor_for_user
from govhall.core.models import Department, User

from . import services
from .demo_articles import ARTICLES
from .models import ArticleVersion


def _actor(username: str):
    user = User.objects.filter(username=username).first()
    return actor_for_user(user) if user else None


@transaction.atomic
def load(centers: dict) -> None:
    center = centers.get("SC-QZX")
    admin = _actor("qzx_admin")
    if center is None or admin is None:
        return
    today = timezone.localdate()
    existing = set(
        ArticleVersion.objects.filter(article__center=center).values_list("title", flat=True)
    )
    for dept, kind, title, questions, answer, items, state in ARTICLES:
        if title in existing:
            continue
        author = _actor(f"review_{dept.lower()}")
        department = Department.objects.filter(code=dept).first()
        if author is None or department is None:
            continue
        data = {
            "kind": kind,
            "title": title,
            "questions": questions,
            "answer": answer,
            "review_by": today + dt.timedelta(days=180),
            "change_summary": "",
        }
        version = services.article_create(
            actor=author, center=center, department=department, data=data, items=items
        )
        services.article_submit(actor=author, version=version)
        if state == "submitted":
            continue
        services.article_publish(actor=admin, version=version)
        if state == "overdue":
            # Published a year ago for six months: its review date has passed.
            published = timezone.now() - dt.timedelta(days=365)
            ArticleVersion.objects.filter(pk=version.pk).update(
                review_by=today - dt.timedelta(days=20),
                published_at=published,
                submitted_at=published - dt.timedelta(days=2),
                reviewed_at=published,
            )
