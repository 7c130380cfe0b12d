"""GET /api/v1/centers/{center}/ask (API.md): answers from the guide's own
fields and the published articles, always with their sources; a question with
nothing to answer it is handed over; bad input gets the error shape, never a 500."""

import pytest
from django.core.cache import cache
from django.test import Client

from govhall.knowledge.articles import services as articles
from govhall.knowledge.enquiries.models import Enquiry
from govhall.knowledge.tests.articles_factories import article_data, kb, published_article

__all__ = ["kb"]


def ask(q, center="SC-QZX", **params):
    cache.clear()  # the anonymous throttle counts per address
    return Client().get(f"/api/v1/centers/{center}/ask", {"q": q, **params})


def test_answers_from_the_guide_fields_with_the_item_as_source(kb):
    r = ask("办护照要带什么")
    assert r.status_code == 200, r.content
    body = r.json()
    assert set(body) >= {"answer", "sources", "confidence", "handoff"}
    assert body["handoff"] is False and body["confidence"] >= 0.75
    assert body["sources"][0] == {
        "kind": "item",
        "code": "CRJ-0001",
        "title": "普通护照签发",
        "url": "/guide/items/CRJ-0001/",
    }
    assert "申请人有效身份证件" in body["answer"] and "申请表" in body["answer"]
    assert "materials" in body["intents"]
    time = ask("护照多久能办好").json()
    assert "7 个工作日" in time["answer"] and "15 个工作日" in time["answer"]
    fee = ask("huzhao duoshao qian").json()
    assert fee["sources"][0]["code"] == "CRJ-0001" and "每本120元" in fee["answer"]
    # No windows profiled for the item in this world: the citizen is sent to the desk.
    assert "总服务台" in ask("护照在哪个窗口办").json()["answer"]


def test_an_article_answers_and_is_cited_and_a_draft_never_is(kb):
    v = published_article(kb)
    body = ask("社保卡丢了怎么办").json()
    kinds = {(s["kind"], s["code"]) for s in body["sources"]}
    assert ("article", v.article.code) in kinds or ("item", "RSJ-0005") in kinds
    assert body["handoff"] is False
    assert Client().get(f"/knowledge/SC-QZX/kb/{v.article.code}/").status_code == 200
    articles.article_create(
        actor=kb["writer"],
        center=kb["center"],
        department=kb["rsj"],
        data=article_data(title="独角兽饲养补贴怎么申请？", questions="独角兽补贴"),
    )
    assert ask("独角兽饲养补贴怎么申请").json()["handoff"] is True


def test_nothing_to_answer_it_is_handed_over_not_answered(kb):
    body = ask("我家猫丢了怎么办").json()
    assert body["handoff"] is True and body["confidence"] < 0.5
    assert body["handoff_url"].startswith("/knowledge/SC-QZX/chat/?q=")
    assert "转人工" in body["answer"]
    # Only the frame of a question, no item: asked back, handed over.
    assert ask("多久能办好").json()["handoff"] is True
    # ... unless it was asked on the item's guide page.
    on_guide = ask("多久能办好", item="CRJ-0001").json()
    assert on_guide["handoff"] is False and "7 个工作日" in on_guide["answer"]


def test_the_centre_answers_its_own_hours(kb):
    body = ask("你们几点开门").json()
    assert body["handoff"] is False and "09:00" in body["answer"]


@pytest.mark.parametrize(
    "q,params,center,status,code",
    [
        ("", {}, "SC-QZX", 422, "question_empty"),
        ("   ", {}, "SC-QZX", 422, "question_empty"),
        ("？！。，、……——!!!", {}, "SC-QZX", 422, "question_empty"),
        ("社保卡" * 334, {}, "SC-QZX", 422, "question_too_long"),
        ("社" * 2001, {}, "SC-QZX", 422, "validation_error"),
        ("社保卡", {}, "NOPE", 404, "center_not_found"),
        ("护照要带什么", {}, "SC-YX", 200, None),  # not stationed there: not answered
        ("护照要带什么", {"item": "CRJ-0001"}, "SC-YX", 404, "item_not_found"),
        ("护照要带什么", {"item": "x" * 41}, "SC-QZX", 422, "validation_error"),
        ("\x00社保卡", {}, "SC-QZX", 400, "bad_request"),
    ],
)
def test_bad_input_gets_the_error_shape(kb, q, params, center, status, code):
    r = ask(q, center, **params)
    assert r.status_code == status, r.content
    body = r.json()
    if code:
        assert body["error"]["code"] == code and body["error"]["message"]
    elif center == "SC-YX":
        assert all(s["code"] != "CRJ-0001" for s in body["sources"]) and body["handoff"]


def test_english_messages_and_the_throttle(kb):
    cache.clear()
    r = Client().get("/api/v1/centers/SC-QZX/ask", {"q": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert r.json()["error"]["message"] == "Please type your question"
    client = Client()
    statuses = [client.get("/api/v1/centers/SC-QZX/ask", {"q": "?"}).status_code for _ in range(61)]
    assert statuses[-1] == 429 and 500 not in statuses
    cache.clear()


def test_a_phone_left_for_a_call_back_is_an_unclaimed_enquiry(kb):
    cache.clear()
    client = Client()
    url = "/knowledge/SC-QZX/ask/callback/"
    r = client.post(url, {"q": "我家猫丢了怎么办", "phone": "12"})
    assert r.status_code == 302 and not Enquiry.objects.exists()
    r = client.post(url, {"q": "护照加急", "phone": "13912345678", "item": "CRJ-0001"})
    assert r.status_code == 302
    enquiry = Enquiry.objects.get()
    assert (enquiry.origin, enquiry.status, enquiry.item.code) == ("ask", "unclaimed", "CRJ-0001")
    assert enquiry.callback_due is not None
    for _ in range(6):
        client.post(url, {"q": "护照加急", "phone": "13912345678"})
    assert Enquiry.objects.count() == 5  # five an hour from one address
    cache.clear()
