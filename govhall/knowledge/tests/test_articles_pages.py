"""The knowledge base pages with bad input: a 4xx and the form again, never a
500 nor a half-written article; another centre's objects look missing; the
ask page answers without JavaScript."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from govhall.knowledge.articles import services
from govhall.knowledge.articles.models import Article, ArticleVersion
from govhall.knowledge.tests.articles_factories import article_data, kb, published_article

__all__ = ["kb"]


def client_for(actor):
    c = Client()
    c.force_login(actor.user)
    return c


def test_new_article_form_refuses_bad_input_and_saves_good(kb):
    c = client_for(kb["writer"])
    url = "/knowledge/SC-QZX/articles/new/"
    assert c.get(url).status_code == 200
    good = {
        "department": kb["rsj"].pk,
        "kind": "qa",
        "title": "社保卡能代办吗？",
        "questions": "社保卡代办",
        "answer": "可以，带双方身份证。",
        "items": "RSJ-0005",
        "review_by": (timezone.localdate() + dt.timedelta(days=90)).isoformat(),
    }
    for bad in (
        {**good, "title": ""},
        {**good, "kind": "rumour"},
        {**good, "review_by": "明天"},
        {**good, "department": kb["crj"].pk},  # not the writer's department
        {**good, "answer": "长" * 5001},
        {**good, "items": "NOPE-1"},
    ):
        r = c.post(url, bad)
        assert 400 <= r.status_code < 500, (bad, r.status_code)
    assert not Article.objects.exists()
    r = c.post(url, good)
    assert r.status_code == 302
    version = ArticleVersion.objects.get()
    r = c.post(f"/knowledge/SC-QZX/articles/versions/{version.pk}/submit/")
    assert r.status_code == 302
    version.refresh_from_db()
    assert version.status == "submitted"
    # Submitted: the editor no longer saves.
    r = c.post(f"/knowledge/SC-QZX/articles/versions/{version.pk}/", {**good, "title": "改"})
    assert r.status_code == 409
    assert ArticleVersion.objects.get().title == "社保卡能代办吗？"


def test_review_page_steps_and_scope(kb):
    v = services.article_create(
        actor=kb["writer"], center=kb["center"], department=kb["rsj"], data=article_data()
    )
    admin = client_for(kb["admin"])
    url = f"/knowledge/SC-QZX/articles/review/{v.pk}/"
    r = admin.post(url, {"decision": "publish"})  # a step out of order: not submitted yet
    assert r.status_code == 409
    services.article_submit(actor=kb["writer"], version=v)
    assert admin.post(url, {"decision": "burn"}).status_code == 400
    assert admin.post(url, {"decision": "return", "note": ""}).status_code == 422
    assert (
        client_for(kb["other_admin"]).get(f"/knowledge/SC-YX/articles/review/{v.pk}/").status_code
        == 404
    )
    assert client_for(kb["writer"]).get(url).status_code == 403
    r = admin.post(url, {"decision": "publish", "note": "同意"})
    assert r.status_code == 302
    v.refresh_from_db()
    assert v.status == "published"
    r = admin.get("/knowledge/SC-QZX/articles/")
    assert r.status_code == 200 and "社保卡丢了怎么挂失？" in r.content.decode()


def test_ask_page_answers_without_javascript_and_refuses_nonsense(kb):
    published_article(kb)
    c = Client()
    r = c.get("/knowledge/SC-QZX/ask/", {"q": "办护照要带什么"})
    page = r.content.decode()
    assert (
        r.status_code == 200 and "申请人有效身份证件" in page and "/guide/items/CRJ-0001/" in page
    )
    r = c.get("/knowledge/SC-QZX/ask/", {"q": "？？？"})
    assert r.status_code == 422 and "请输入您要咨询的问题" in r.content.decode()
    assert c.get("/knowledge/NOPE/ask/").status_code == 404
    assert c.get("/knowledge/SC-QZX/kb/ZS-9999/").status_code == 404
    guide = c.get("/guide/items/CRJ-0001/").content.decode()
    assert "data-guide-box" in guide and 'value="CRJ-0001"' in guide
