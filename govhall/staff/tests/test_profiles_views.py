"""The profiles' pages with good and bad input: bad input re-renders the form
with its errors (4xx, never a 500) and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from govhall.core.models import Role, User
from govhall.core.tests import factories as f
from govhall.hall.models import WindowPost
from govhall.queueing.tests.factories import window as make_window
from govhall.staff.profiles import services
from govhall.staff.profiles.models import Certificate, StaffKind, StaffProfile

from .profiles_factories import image_bytes, person, world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def w():
    return world()


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def base(w) -> str:
    return f"/staff/profiles/{w['center'].code}"


NEW = {
    "username": "wangfang",
    "full_name": "王芳",
    "staff_number": "SC0777",
    "role": "clerk",
    "kind": "comprehensive",
    "department": "",
    "title": "",
    "started_on": "2026-11-02",
    "mobile": "",
}


def test_the_list_shows_the_centres_people_with_tenure_and_posts(w):
    services.post_assign(actor=w["actor"], window=w["w1"], post="A", user=w["a"].user)
    page = login(w["admin"]).get(base(w) + "/")
    body = page.content.decode()
    assert page.status_code == 200
    assert w["a"].user.staff_number in body and "1号窗口 A岗" in body and "年" in body
    assert login(w["a"].user).get(base(w) + "/").status_code == 403


def test_a_department_lead_lists_only_their_department(w):
    mine = person(w["center"], kind=StaffKind.DISPATCHED, department=w["dept"], name="派驻甲")
    lead = person(w["center"], Role.DEPT_LEAD, kind=StaffKind.DISPATCHED, department=w["dept"])
    body = login(lead.user).get(base(w) + "/").content.decode()
    assert mine.user.staff_number in body and w["a"].user.staff_number not in body
    assert login(lead.user).get(f"{base(w)}/{w['a'].pk}/").status_code == 404
    assert login(lead.user).get(f"{base(w)}/{mine.pk}/").status_code == 200


def test_creating_shows_the_first_password_once(w):
    client = login(w["admin"])
    response = client.post(base(w) + "/new/", NEW)
    assert response.status_code == 302
    profile = StaffProfile.objects.get(user__username="wangfang")
    page = client.get(response["Location"]).content.decode()
    assert 'id="first-password"' in page
    user = User.objects.get(username="wangfang")
    assert user.must_change_password
    again = client.get(f"{base(w)}/{profile.pk}/").content.decode()
    assert 'id="first-password"' not in again


def test_the_first_password_logs_in_and_must_be_changed(w):
    client = login(w["admin"])
    client.post(base(w) + "/new/", NEW)
    profile = StaffProfile.objects.get(user__username="wangfang")
    page = client.get(f"{base(w)}/{profile.pk}/").content.decode()
    password = page.split("初始密码 <code>")[1].split("</code>")[0]
    fresh = Client()
    landed = fresh.post("/login/", {"username": "wangfang", "password": password}, follow=True)
    # Logged in, and sent to choose a password of their own first.
    assert landed.redirect_chain and fresh.get("/workplace/").status_code == 302
    assert "/password/" in fresh.get("/workplace/")["Location"]


@pytest.mark.parametrize(
    "over",
    [
        {"username": ""},
        {"username": "x" * 31},
        {"staff_number": "x" * 33},
        {"staff_number": "带中文"},
        {"role": "supervisor"},
        {"kind": "nope"},
        {"department": "999999"},
        {"started_on": "not-a-date"},
        {"mobile": "12345"},
        {"kind": "dispatched"},  # needs a department
    ],
)
def test_creating_with_bad_input_rerenders_the_form(w, over):
    users = User.objects.count()
    response = login(w["admin"]).post(base(w) + "/new/", {**NEW, **over})
    assert response.status_code == 422
    assert 'class="errorlist' in response.content.decode()
    assert User.objects.count() == users


def test_a_taken_username_comes_back_on_its_field(w):
    client = login(w["admin"])
    client.post(base(w) + "/new/", NEW)
    response = client.post(base(w) + "/new/", {**NEW, "staff_number": "SC0778"})
    assert response.status_code == 422 and "该用户名已被使用" in response.content.decode()


def test_editing_and_bad_edits(w):
    client = login(w["admin"])
    url = f"{base(w)}/{w['a'].pk}/edit/"
    data = {
        "full_name": "甲",
        "kind": "dispatched",
        "department": str(w["dept"].pk),
        "title": "业务骨干",
        "started_on": "2022-02-01",
    }
    assert client.post(url, data).status_code == 302
    assert StaffProfile.objects.get(pk=w["a"].pk).title == "业务骨干"
    bad = client.post(url, {**data, "department": "", "started_on": "2022-13-01"})
    assert bad.status_code == 422
    assert StaffProfile.objects.get(pk=w["a"].pk).started_on == dt.date(2022, 2, 1)
    assert login(w["b"].user).post(url, data).status_code == 403


def test_ending_with_a_future_or_missing_date_is_refused(w):
    client = login(w["admin"])
    url = f"{base(w)}/{w['a'].pk}/end/"
    assert client.post(url, {"ended_on": "2999-01-01"}).status_code == 422
    assert client.post(url, {}).status_code == 422
    assert StaffProfile.objects.get(pk=w["a"].pk).is_active
    assert client.post(url, {"ended_on": dt.date.today().isoformat()}).status_code == 302
    assert not StaffProfile.objects.get(pk=w["a"].pk).is_active
    # A step out of order: ending twice.
    assert client.post(url, {"ended_on": dt.date.today().isoformat()}).status_code == 409


def test_photo_upload_and_who_may_see_it(w):
    client = login(w["admin"])
    url = f"{base(w)}/{w['a'].pk}/photo/"
    gif = SimpleUploadedFile("a.gif", image_bytes("GIF"), "image/gif")
    bad = client.post(url, {"photo": gif})
    assert bad.status_code == 422 and "JPG 或 PNG" in bad.content.decode()
    assert client.post(url, {}).status_code == 422
    png = SimpleUploadedFile("a.png", image_bytes("PNG"), "image/png")
    assert client.post(url, {"photo": png}).status_code == 302
    photo = f"{base(w)}/{w['a'].pk}/photo.jpg"
    shown = client.get(photo)
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
    assert b"".join(shown.streaming_content)[:2] == b"\xff\xd8"
    # The person themself and the board's readers (a clerk holds board.read) see it.
    assert login(w["a"].user).get(photo).status_code == 200
    courier = f.staff(Role.COURIER, center_=w["center"])
    assert login(courier).get(photo).status_code == 403
    assert Client().get(photo).status_code == 401
    stranger = f.staff(Role.CENTER_ADMIN, center_=f.center())
    assert login(stranger).get(photo).status_code == 403
    # A reviewer (staff.self only) sees their own, not someone else's.
    reviewer = person(w["center"], Role.REVIEWER, kind=StaffKind.BACK_OFFICE, department=w["dept"])
    assert login(reviewer.user).get(photo).status_code == 404
    assert login(reviewer.user).get(f"{base(w)}/{reviewer.pk}/photo.jpg").status_code == 404


def test_certificates_through_the_page(w):
    client = login(w["admin"])
    url = f"{base(w)}/{w['a'].pk}/certificates/"
    bad = client.post(url, {"name": "", "issued_on": "2024-01-01"})
    assert bad.status_code == 422
    later = client.post(url, {"name": "证", "issued_on": "2024-02-01", "expires_on": "2024-01-01"})
    assert later.status_code == 422 and "有效期不能早于发证日期" in later.content.decode()
    assert not Certificate.objects.exists()
    soon = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    ok = client.post(
        url, {"name": "上岗证", "number": "N1", "issued_on": "2024-01-01", "expires_on": soon}
    )
    assert ok.status_code == 302
    page = client.get(f"{base(w)}/{w['a'].pk}/").content.decode()
    assert "即将到期" in page
    listing = client.get(base(w) + "/?certs=1").content.decode()
    assert w["a"].user.staff_number in listing and w["b"].user.staff_number not in listing
    due = client.get(f"/staff/profiles/{w['center'].code}/certificates-due/").content.decode()
    assert w["a"].user.staff_number in due and "即将到期" in due
    assert (
        login(w["a"].user).get(f"/staff/profiles/{w['center'].code}/certificates-due/").status_code
        == 403
    )
    bench = client.get("/workplace/").content.decode()
    card = bench.split('data-key="staff.certificates"')[1].split("</a>")[0]
    assert 'class="count"' in card and ">1<" in card
    cert = Certificate.objects.get()
    remove = f"{base(w)}/{w['a'].pk}/certificates/{cert.pk}/remove/"
    assert login(w["b"].user).post(remove).status_code == 403
    assert client.post(f"{base(w)}/{w['b'].pk}/certificates/{cert.pk}/remove/").status_code == 404
    assert client.post(remove).status_code == 302 and not Certificate.objects.exists()


def test_own_profile_for_staff_self(w):
    client = login(w["a"].user)
    page = client.get(base(w) + "/me/")
    assert page.status_code == 200 and w["a"].user.staff_number in page.content.decode()
    assert client.get(f"{base(w)}/{w['a'].pk}/").status_code == 200
    assert client.get(f"{base(w)}/{w['b'].pk}/").status_code == 404
    nobody = f.staff(Role.CLERK, center_=w["center"])
    assert "尚未建立" in login(nobody).get(base(w) + "/me/").content.decode()


# --- the A/B posts page -------------------------------------------------------------------


def posts_url(w) -> str:
    return f"/staff/posts/{w['center'].code}/"


def test_assigning_posts_and_refusals(w):
    client = login(w["admin"])
    assign = posts_url(w) + "assign/"
    ok = client.post(assign, {"window": w["w1"].code, "post": "A", "user": w["a"].user_id})
    assert ok.status_code == 302
    both = client.post(assign, {"window": w["w1"].code, "post": "B", "user": w["a"].user_id})
    assert both.status_code == 409 and "同一人不能同时担任" in both.content.decode()
    assert not WindowPost.objects.filter(post="B").exists()
    page = client.get(posts_url(w)).content.decode()
    assert "未配置B岗" in page and "未配置AB岗" in page
    foreign = make_window(f.center(w["center"].district), 5)
    away = client.post(assign, {"window": foreign.code, "post": "A", "user": w["b"].user_id})
    assert away.status_code == 404
    for bad in (
        {"window": w["w1"].code, "post": "C", "user": w["b"].user_id},
        {"window": w["w1"].code, "post": "B", "user": "abc"},
        {"post": "B"},
        {"window": "x" * 40, "post": "B"},
    ):
        assert client.post(assign, bad).status_code == 422, bad
    missing = client.post(assign, {"window": w["w1"].code, "post": "B", "user": 999999})
    assert missing.status_code == 404
    stranger = person(f.center(w["center"].district))
    other = client.post(assign, {"window": w["w1"].code, "post": "B", "user": stranger.user_id})
    assert other.status_code == 404
    assert WindowPost.objects.count() == 1
    empty = client.post(assign, {"window": w["w1"].code, "post": "A", "user": ""})
    assert empty.status_code == 302 and not WindowPost.objects.exists()
    assert login(w["a"].user).post(assign, {"window": w["w1"].code, "post": "A"}).status_code == 403


def test_the_service_board_shows_only_what_it_may(w):
    w["a"].user.mobile = "13912345678"
    w["a"].user.save()
    services.post_assign(actor=w["actor"], window=w["w1"], post="A", user=w["a"].user)
    services.post_assign(actor=w["actor"], window=w["w1"], post="B", user=w["b"].user)
    client = login(w["admin"])
    board = client.get(f"/staff/service-board/{w['center'].code}/").content.decode()
    assert w["a"].user.display_name in board and w["a"].user.staff_number in board
    assert "13912345678" not in board and w["a"].user.username not in board
    one = client.get(f"/staff/service-board/{w['center'].code}/{w['w1'].code}/")
    assert one.status_code == 200 and one.content.decode().count('class="board-page"') == 1
    assert client.get(f"/staff/service-board/{w['center'].code}/NOPE/").status_code == 404
    assert "未配置AB岗" in board  # window 2
