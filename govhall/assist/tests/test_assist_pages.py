"""The assist pages through the test client: each form with good and bad input
(the error shown, the status 4xx, nothing changed), personal data masked, the
papers as PDFs, and the case page and API naming the 代办 and who."""

from __future__ import annotations

import pytest
from django.test import Client

from govhall.cases import services as cases
from govhall.core.actors import actor_for_user
from govhall.core.models import AuditLog, TokenKind
from govhall.core.services import token_create
from govhall.core.tests import factories as f
from govhall.core.web import SESSION_KEY

from ..models import AssistRequest, Status, TeamMember
from . import factories as af

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return af.world()


def client_for(actor) -> Client:
    c = Client()
    c.force_login(actor.user)
    return c


def test_the_desk_takes_a_request_and_refuses_bad_input(w):
    c = client_for(w["reception"])
    url = f"/assist/{w['center'].code}/"
    page = c.get(url)
    assert page.status_code == 200 and "登记服务需求" in page.content.decode()
    bad = c.post(url, {"kind": "bangban", "id_number": "310117198506121230"})
    assert bad.status_code == 422 and "校验位" in bad.content.decode()
    bad = c.post(url, {"kind": "nope"})
    assert bad.status_code == 422
    assert not AssistRequest.objects.exists()
    ok = c.post(
        url, {"kind": "peiban", "id_number": af.elderly_id(), "name": "李秀英"}, follow=True
    )
    text = ok.content.decode()
    assert ok.status_code == 200 and "已登记" in text
    assert af.elderly_id() not in text and "李秀英" not in text and "李**" in text


def test_a_paired_kiosk_gets_the_form_but_reads_no_requests(w):
    af.daiban(w)
    token, _raw = token_create(kind=TokenKind.KIOSK, center=w["center"])
    c = Client()
    session = c.session
    session[SESSION_KEY] = token.digest
    session.save()
    page = c.get(f"/assist/{w['center'].code}/")
    assert page.status_code == 200 and "open-requests" not in page.content.decode()


def test_the_kiosk_button_takes_a_request_in_one_press(w):
    token, _raw = token_create(kind=TokenKind.KIOSK, center=w["center"])
    c = Client()
    session = c.session
    session[SESSION_KEY] = token.digest
    session.save()
    home = c.get(f"/hall/{w['center'].code}/kiosk/").content.decode()
    assert f"/assist/{w['center'].code}/kiosk/" in home and "需要帮办" in home
    url = f"/assist/{w['center'].code}/kiosk/"
    assert c.get(url).status_code == 200
    assert c.post(url, {"kind": "daiban"}).status_code == 422  # 代办 needs the desk
    bad = c.post(url, {"kind": "peiban", "id_number": "123"})
    assert bad.status_code == 422 and "18位" in bad.content.decode()
    assert not AssistRequest.objects.exists()
    ok = c.post(url, {"kind": "peiban", "id_number": af.elderly_id()})
    text = ok.content.decode()
    req = AssistRequest.objects.get()
    assert ok.status_code == 200 and req.number in text and req.channel == "kiosk" and req.elderly
    assert af.elderly_id() not in text


def test_the_daiban_steps_on_the_request_page(w):
    req = af.daiban(w)
    c = client_for(w["assistant"])
    url = f"/assist/{w['center'].code}/r/{req.number}/"
    page = c.get(url).content.decode()
    assert "当场审查材料" in page and af.elderly_id() not in page
    act = url + "act/"
    # out of order: the entrustment before the check
    r = c.post(act, {"step": "entrust", "signature": af.signature()})
    assert r.status_code == 409
    # the check with every line provided
    data = {"step": "check"}
    for m in w["promise"].published_version.materials.all():
        data[f"m{m.pk}_status"] = "provided"
    assert c.post(act, data).status_code == 302
    # a blank signature changes nothing
    r = c.post(act, {"step": "entrust", "signature": af.signature(blank=True)})
    assert r.status_code == 422 and "签名为空" in r.content.decode()
    req.refresh_from_db()
    assert req.status == Status.CHECKED
    assert c.post(act, {"step": "entrust", "signature": af.signature()}).status_code == 302
    assert c.post(act, {"step": "submit"}).status_code == 302
    req.refresh_from_db()
    assert req.status == Status.IN_PROGRESS
    pdf = c.get(f"/assist/{w['center'].code}/r/{req.number}/paper/entrustment.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert AuditLog.objects.filter(action="assist.paper_read").exists()
    assert c.get(f"/assist/{w['center'].code}/r/{req.number}/paper/nope.pdf").status_code == 404
    # unknown step, bad payment
    assert c.post(act, {"step": "fly"}).status_code == 422
    r = c.post(act, {"step": "payment", "amount": "-1", "purpose": "x", "receipt_number": "R-1"})
    assert r.status_code == 422 and not req.payments.exists()
    # the case names its 代办 and who, on the page and in the API
    clerk = client_for(w["clerk"])
    case_page = clerk.get(f"/cases/c/{req.case.number}/").content.decode()
    assert "case-assist" in case_page and w["m_assistant"].name in case_page
    token = token_create(kind=TokenKind.STAFF, user=w["clerk"].user)[1]
    detail = (
        Client()
        .get(f"/api/v1/cases/{req.case.number}", HTTP_AUTHORIZATION=f"Bearer {token}")
        .json()
    )
    assert detail["assist"]["kind"] == "daiban" and detail["assist"]["number"] == req.number
    # a case without a 代办 says null
    other = cases.case_intake(
        actor=w["clerk"],
        center=w["center"],
        item_code=w["promise"].code,
        applicant={
            "kind": "person",
            "name": "张三",
            "id_number": af.elderly_id(),
            "phone": "13812345678",
        },
        materials=[
            {"material": m.pk, "status": "provided"}
            for m in w["promise"].published_version.materials.all()
        ],
    )
    detail = Client().get(f"/api/v1/cases/{other.number}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert detail.json()["assist"] is None


def test_another_assistant_cannot_work_a_request_not_theirs(w):
    req = af.daiban(w)
    other = actor_for_user(f.staff("assistant", center_=w["center"]))
    r = client_for(other).post(
        f"/assist/{w['center'].code}/r/{req.number}/act/", {"step": "submit"}
    )
    assert r.status_code in (403, 409)
    # another centre's assistant does not even see it
    r = client_for(w["other_assistant"]).get(f"/assist/{w['center'].code}/r/{req.number}/")
    assert r.status_code == 403


def test_the_team_page(w):
    c = client_for(w["admin"])
    url = f"/assist/{w['center'].code}/team/"
    page = c.get(url).content.decode()
    assert "王芳" in page and "手语" in page
    before = TeamMember.objects.count()
    r = c.post(url, {"op": "member", "kind": "volunteer", "name": "", "skills": ["peiban"]})
    assert r.status_code == 422
    r = c.post(
        url, {"op": "member", "kind": "volunteer", "name": "赵敏", "skills": ["foreign_language"]}
    )
    assert r.status_code == 422 and "外语语种" in r.content.decode()
    assert TeamMember.objects.count() == before
    r = c.post(
        url,
        {
            "op": "member",
            "kind": "volunteer",
            "name": "赵敏",
            "skills": ["foreign_language"],
            "languages": "法语",
            "active": "on",
        },
    )
    assert r.status_code == 302 and TeamMember.objects.count() == before + 1
    assert c.post(url, {"op": "coordinator", "department": "x", "user": "y"}).status_code == 422
    r = c.post(
        url, {"op": "coordinator", "department": w["lead"].pk, "user": w["dept_lead"].user.pk}
    )
    assert r.status_code == 302
    again = c.post(
        url, {"op": "coordinator", "department": w["lead"].pk, "user": w["dept_lead"].user.pk}
    )
    assert again.status_code == 409
    assert c.post(url, {"op": "what"}).status_code == 422
    # the department lead sees the team and their department's requests, may not change the team
    mine, other = af.daiban(w), af.daiban(w, item_code=None)
    lead = client_for(w["dept_lead"])
    page = lead.get(url).content.decode()
    assert "department-requests" in page and mine.number in page and other.number not in page
    r = lead.post(url, {"op": "member", "kind": "volunteer", "name": "钱", "skills": ["peiban"]})
    assert r.status_code == 403
