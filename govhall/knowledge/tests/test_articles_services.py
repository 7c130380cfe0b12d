"""Knowledge articles through their workflow: the department drafts and
submits, the centre publishes or returns, a published version is frozen and a
change is a new version; past its review date an article is flagged."""

import datetime as dt

import pytest
from django.utils import timezone

from govhall.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from govhall.core.models import Event
from govhall.knowledge.articles import selectors, services
from govhall.knowledge.articles.models import ArticleStatus, ArticleVersion
from govhall.knowledge.tests.articles_factories import article_data, kb, published_article

__all__ = ["kb"]


def test_draft_submit_publish_then_a_new_version_supersedes(kb):
    v1 = published_article(kb)
    article = v1.article
    article.refresh_from_db()
    assert article.published_version == v1 and article.code == "ZS-0001"
    assert list(article.items.values_list("code", flat=True)) == ["RSJ-0005"]
    # Frozen: a published version is never changed in place.
    v1.title = "改过的标题"
    with pytest.raises(InvalidTransition):
        v1.save()
    v2 = services.article_new_version(actor=kb["writer"], article=article)
    assert (v2.number, v2.status, v2.answer) == (2, ArticleStatus.DRAFT, v1.answer)
    with pytest.raises(InvalidTransition):  # one open version at a time
        services.article_new_version(actor=kb["writer"], article=article)
    services.article_update(actor=kb["writer"], version=v2, data={"answer": "新的解答"})
    services.article_submit(actor=kb["writer"], version=v2)
    services.article_publish(actor=kb["admin"], version=v2)
    article.refresh_from_db()
    assert article.published_version.pk == v2.pk
    assert ArticleVersion.objects.get(pk=v1.pk).status == ArticleStatus.SUPERSEDED
    kinds = list(
        Event.objects.filter(kind__startswith="knowledge.article").values_list("kind", flat=True)
    )
    assert kinds.count("knowledge.article_published") == 2


def test_return_with_a_note_then_rework(kb):
    v = services.article_create(
        actor=kb["writer"], center=kb["center"], department=kb["rsj"], data=article_data()
    )
    services.article_submit(actor=kb["writer"], version=v)
    with pytest.raises(ValidationFailed):
        services.article_return(actor=kb["admin"], version=v, note="  ")
    services.article_return(actor=kb["admin"], version=v, note="请补充挂失电话")
    v.refresh_from_db()
    assert v.status == ArticleStatus.RETURNED and v.review_note == "请补充挂失电话"
    services.article_update(actor=kb["writer"], version=v, data={"answer": "拨打 12333 挂失"})
    services.article_submit(actor=kb["writer"], version=v)
    with pytest.raises(InvalidTransition):  # out of order: submitted twice
        services.article_submit(actor=kb["writer"], version=v)


def test_who_may_do_what(kb):
    data = article_data()
    with pytest.raises(PermissionDenied):  # another department's reviewer
        services.article_create(
            actor=kb["crj_writer"], center=kb["center"], department=kb["rsj"], data=data
        )
    with pytest.raises(PermissionDenied):  # a clerk writes no articles
        services.article_create(
            actor=kb["clerk"], center=kb["center"], department=kb["rsj"], data=data
        )
    v = services.article_create(
        actor=kb["writer"], center=kb["center"], department=kb["rsj"], data=data
    )
    services.article_submit(actor=kb["writer"], version=v)
    with pytest.raises(PermissionDenied):  # the department does not publish its own
        services.article_publish(actor=kb["writer"], version=v)
    with pytest.raises(PermissionDenied):  # nor does another centre's admin
        services.article_publish(actor=kb["other_admin"], version=v)
    with pytest.raises(NotFound):  # and another centre's pages do not find it
        selectors.center_version(kb["other"], v.pk)


def test_bad_input_leaves_nothing_half_written(kb):
    bad = [
        article_data(title=""),
        article_data(answer="x" * 5001),
        article_data(kind="gossip"),
        article_data(review_by="tomorrow"),
    ]
    for data in bad:
        with pytest.raises(ValidationFailed):
            services.article_create(
                actor=kb["writer"], center=kb["center"], department=kb["rsj"], data=data
            )
    with pytest.raises(ValidationFailed) as exc:  # an item the centre does not have
        services.article_create(
            actor=kb["writer"],
            center=kb["center"],
            department=kb["rsj"],
            data=article_data(),
            items=["RSJ-0005", "NOPE-0001"],
        )
    assert "items" in exc.value.fields
    with pytest.raises(ValidationFailed):
        services.article_create(
            actor=kb["writer"],
            center=kb["center"],
            department=kb["rsj"],
            data={**article_data(), "status": "published"},
        )
    assert not ArticleVersion.objects.exists()
    v = services.article_create(
        actor=kb["writer"],
        center=kb["center"],
        department=kb["rsj"],
        data=article_data(review_by=timezone.localdate()),
    )
    with pytest.raises(ValidationFailed):  # a review date that has come already
        services.article_submit(actor=kb["writer"], version=v)


def test_past_its_review_date_an_article_is_flagged_until_republished(kb):
    v = published_article(kb)
    today = timezone.localdate()
    assert not selectors.review_overdue(kb["center"], today).exists()
    later = v.review_by + dt.timedelta(days=1)
    assert list(selectors.review_overdue(kb["center"], later)) == [v.article]
    assert not selectors.review_overdue(kb["other"], later).exists()
    v2 = services.article_new_version(actor=kb["writer"], article=v.article)
    services.article_update(
        actor=kb["writer"], version=v2, data={"review_by": later + dt.timedelta(days=180)}
    )
    services.article_submit(actor=kb["writer"], version=v2)
    services.article_publish(actor=kb["admin"], version=v2)
    assert not selectors.review_overdue(kb["center"], later).exists()
