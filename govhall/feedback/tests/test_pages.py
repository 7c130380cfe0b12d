"""The evaluation pages through the test client: the pad needs its own device,
the citizen's page refuses staff, the console has no rating controls, the work
lists are the centre's own, and the public page shows no personal data."""

import pytest

from govhall.core.actors import ANONYMOUS
from govhall.core.models import AuditLog, Role
from govhall.core.tests import factories as f

from ..models import Evaluation, Finding, Rectification
from ..services import evaluations as services
from .factories import PHONE, feedback_hall, serve


def _pair(client, raw):
    assert client.post("/device/pair/", {"token": raw}).status_code == 302


def test_the_pad_shows_the_service_and_takes_the_rating(client, h):
    _pair(client, h["pad_raw"])
    idle = client.get("/feedback/pad/")
    assert idle.status_code == 200
    assert "欢迎您对我们的服务作出评价" in idle.content.decode()
    evaluation = serve(h)
    page = client.get("/feedback/pad/", headers={"HX-Request": "true"}).content.decode()
    assert evaluation.reference in page and "营业执照遗失补领" in page
    assert h["clerk"].user.staff_number in page
    # A bad rating without a reason is explained, and nothing is saved.
    url = f"/feedback/pad/rate/{evaluation.token}/"
    refused = client.post(url, {"level": "2"})
    assert refused.status_code == 422
    assert "请至少选择一个不满意的原因" in refused.content.decode()
    assert Evaluation.objects.get(pk=evaluation.pk).rated_at is None
    done = client.post(url, {"level": "2", "reasons": ["slow"], "comment": "等太久"})
    assert done.status_code == 200 and "感谢您的评价" in done.content.decode()
    assert Rectification.objects.filter(evaluation=evaluation).exists()
    again = client.post(url, {"level": "5"})
    assert again.status_code == 409


def test_the_pad_is_for_a_paired_pad_only(client, h):
    assert client.get("/feedback/pad/").status_code == 403
    client.force_login(h["clerk"].user)
    assert client.get("/feedback/pad/").status_code == 403
    _pair(client, h["window_raw"])
    assert client.get("/feedback/pad/").status_code == 403


def test_pairing_a_pad_sends_it_to_the_pad(client, h):
    resp = client.post("/device/pair/", {"token": h["pad_raw"]})
    assert resp["Location"] == "/feedback/pad/"


def test_the_console_has_no_rating_controls(client, h):
    serve(h)
    _pair(client, h["window_raw"])
    page = client.get(f"/hall/window/{h['w1'].code}/").content.decode()
    assert 'name="level"' not in page and "非常满意" not in page


def test_citizen_rates_on_the_phone_page(client, h):
    evaluation = serve(h, phone=PHONE)
    url = f"/e/{evaluation.token}/"
    page = client.get(url).content.decode()
    assert "非常满意" in page and "长辈模式" in page
    assert PHONE not in page
    resp = client.post(url, {"level": "1", "reasons": ["attitude", "rules"], "comment": "态度差"})
    assert resp.status_code == 302
    thanks = client.get(url).content.decode()
    assert "感谢您的评价" in thanks and "1 个工作日" in thanks
    bad = client.post(url, {"level": "1", "reasons": ["attitude"]})
    assert bad.status_code == 409  # already rated: the thanks page, nothing changes
    assert "感谢您的评价" in bad.content.decode()
    assert Evaluation.objects.get(pk=evaluation.pk).reasons == ["attitude", "rules"]


@pytest.mark.parametrize(
    "post",
    [
        {"level": "0"},
        {"level": "6"},
        {"level": "x"},
        {},
        {"level": "2", "reasons": ["nope"]},
        {"level": "4", "comment": "长" * 100_000},
    ],
)
def test_citizen_page_bad_input(client, h, post):
    evaluation = serve(h)
    resp = client.post(f"/e/{evaluation.token}/", post)
    assert resp.status_code == 422
    assert 'role="alert"' in resp.content.decode()
    assert Evaluation.objects.get(pk=evaluation.pk).rated_at is None


def test_track_page_links_to_the_rating(client, h):
    evaluation = serve(h)
    page = client.get(f"/t/{evaluation.ticket.track_token}/").content.decode()
    assert f"/e/{evaluation.token}/" in page
    services.evaluation_rate(actor=ANONYMOUS, token=evaluation.token, level=5)
    page = client.get(f"/t/{evaluation.ticket.track_token}/").content.decode()
    assert f"/e/{evaluation.token}/" not in page


def _rectification(h, phone=PHONE):
    evaluation = serve(h, phone=phone)
    services.evaluation_rate(actor=ANONYMOUS, token=evaluation.token, level=2, reasons=["slow"])
    return Rectification.objects.get(evaluation=evaluation)


def test_rectification_pages_for_the_centre_admin(client, h):
    record = _rectification(h)
    client.force_login(h["admin"].user)
    listing = client.get(f"/feedback/center/{h['center'].code}/rectifications/").content.decode()
    assert "实名差评回复率" in listing and record.evaluation.reference in listing
    url = f"/feedback/rectifications/{record.pk}/"
    page = client.get(url).content.decode()
    assert PHONE not in page and "139****5678" in page
    revealed = client.get(url + "?reveal=phone").content.decode()
    assert PHONE in revealed
    assert AuditLog.objects.filter(action="evaluation.phone_read").count() == 1
    # Out of order is explained with 409; missing text with 422; then in order.
    out_of_order = client.post(url, {"step": "classify", "finding": "objective", "note": "x"})
    assert out_of_order.status_code == 409
    assert client.post(url, {"step": "contact", "note": ""}).status_code == 422
    assert client.post(url, {"step": "nonsense"}).status_code == 404
    assert client.post(url, {"step": "contact", "note": "已电话联系"}).status_code == 302
    assert (
        client.post(url, {"step": "classify", "finding": "objective", "note": "属实"}).status_code
        == 302
    )
    assert client.post(url, {"step": "rectify", "measures": "增开窗口"}).status_code == 302
    record.refresh_from_db()
    assert record.status == "to_reply"


def test_other_staff_cannot_see_the_records(client, h):
    record = _rectification(h)
    client.force_login(h["clerk"].user)
    assert client.get(f"/feedback/center/{h['center'].code}/rectifications/").status_code == 403
    assert client.get(f"/feedback/rectifications/{record.pk}/").status_code == 403
    other = feedback_hall("G")
    client.force_login(other["admin"].user)
    assert client.get(f"/feedback/center/{h['center'].code}/rectifications/").status_code == 403
    assert client.get(f"/feedback/rectifications/{record.pk}/").status_code == 404
    assert (
        client.post(
            f"/feedback/rectifications/{record.pk}/", {"step": "contact", "note": "x"}
        ).status_code
        == 404
    )
    assert client.get("/feedback/rectifications/99999999/").status_code == 404
    assert Rectification.objects.get(pk=record.pk).contacted_at is None


def test_the_supervisor_reviews_appeals(client, h):
    record = _rectification(h)
    services.rectification_contact(actor=h["admin"], rectification=record, note="已联系")
    services.rectification_classify(
        actor=h["admin"], rectification=record, finding=Finding.UNFOUNDED, note="监控显示正常"
    )
    district = h["center"].district.code
    client.force_login(h["admin"].user)
    assert client.get(f"/feedback/district/{district}/appeals/").status_code == 403
    assert (
        client.post(
            f"/feedback/appeals/{record.pk}/", {"upheld": "yes", "opinion": "x"}
        ).status_code
        == 403
    )
    client.force_login(h["supervisor"].user)
    page = client.get(f"/feedback/district/{district}/appeals/").content.decode()
    assert "监控显示正常" in page
    assert (
        client.post(
            f"/feedback/appeals/{record.pk}/", {"upheld": "maybe", "opinion": "x"}
        ).status_code
        == 422
    )
    resp = client.post(
        f"/feedback/appeals/{record.pk}/", {"upheld": "yes", "opinion": "经核查不属实"}
    )
    assert resp.status_code == 302
    record.refresh_from_db()
    assert record.appeal_upheld is True and record.status == "to_reply"


def test_figures_and_the_public_page(client, h):
    record = _rectification(h)
    record.evaluation.comment = "电话13912345678，身份证310104195003121246，窗口人员态度差"
    record.evaluation.save()
    serve_good = serve(h)
    services.evaluation_rate(actor=ANONYMOUS, token=serve_good.token, level=5)
    public = client.get(f"/feedback/center/{h['center'].code}/public/")
    assert public.status_code == 200
    text = public.content.decode()
    assert "评价结果公开" in text and "窗口人员态度差" in text
    assert "13912345678" not in text and "310104195003121246" not in text
    assert h["clerk"].user.staff_number not in text
    assert client.get(f"/feedback/center/{h['center'].code}/figures/").status_code == 401
    client.force_login(h["admin"].user)
    figures = client.get(f"/feedback/center/{h['center'].code}/figures/?month=garbage")
    assert figures.status_code == 200
    assert h["clerk"].user.staff_number in figures.content.decode()
    clerk = f.staff(Role.CLERK, center_=h["center"])
    client.force_login(clerk)
    assert client.get(f"/feedback/center/{h['center'].code}/figures/").status_code == 403


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "2026-13", "中文"])
def test_monthly_pages_take_any_month(client, h, month):
    client.force_login(h["admin"].user)
    code = h["center"].code
    for url in (
        f"/feedback/center/{code}/public/",
        f"/feedback/center/{code}/figures/",
        f"/feedback/center/{code}/rectifications/",
        f"/feedback/center/{code}/complaints/",
    ):
        assert client.get(url, {"month": month}).status_code == 200, url
