"""The workplace login of issue 12: every staff role logs in at /login/ (not the
admin's login, which admits only is_staff), with a Chinese message on a wrong
password and on lockout, `next` kept to this site, POST logout, the password
change, the first-login change an admin-set password forces, and the idle end."""

import time

import pytest
import time_machine
from django.test import override_settings

from govhall.core.models import Role, User
from govhall.core.tests import factories as f

pytestmark = pytest.mark.django_db
PASSWORD = "pw-123456-x"


@pytest.fixture
def clerk(db):
    return f.staff(Role.CLERK, center_=f.center(code="CL"), username="clerk_a")


def _login(client, username, password=PASSWORD, **extra):
    return client.post("/login/", {"username": username, "password": password, **extra})


def test_a_clerk_without_admin_access_logs_in_and_lands_on_the_workbench(client, clerk):
    assert not clerk.is_staff
    resp = _login(client, "clerk_a")
    assert resp.status_code == 302 and resp["Location"] == "/workplace/"
    page = client.get("/workplace/")
    assert page.status_code == 200
    assert "工作台" in page.content.decode()


def test_a_wrong_password_is_refused_in_chinese_and_english(client, clerk):
    resp = _login(client, "clerk_a", "wrong-password")
    assert resp.status_code == 400
    assert "用户名或密码不正确" in resp.content.decode()
    english = client.post(
        "/login/",
        {"username": "clerk_a", "password": "nope"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Incorrect username or password" in english.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_lockout_is_said_on_the_login_form_and_the_right_password_waits(client, clerk):
    for _ in range(3):
        _login(client, "clerk_a", "wrong-password", REMOTE_ADDR="203.0.113.5")
    resp = _login(client, "clerk_a", REMOTE_ADDR="203.0.113.6")
    assert resp.status_code == 429
    body = resp.content.decode()
    assert "已锁定" in body and 'name="username"' in body
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "target,landing",
    [
        ("/cases/progress/", "/cases/progress/"),
        ("https://evil.example/steal", "/workplace/"),
        ("//evil.example/", "/workplace/"),
    ],
)
def test_next_is_followed_only_within_the_site(client, clerk, target, landing):
    resp = _login(client, "clerk_a", next=target)
    assert resp.status_code == 302 and resp["Location"] == landing


def test_a_staff_page_sends_a_stranger_to_the_workplace_login(client):
    resp = client.get("/workplace/")
    assert resp.status_code == 302 and resp["Location"].startswith("/login/?next=/workplace/")


def test_logout_is_a_post(client, clerk):
    client.force_login(clerk)
    assert client.get("/logout/").status_code == 405
    assert "_auth_user_id" in client.session
    resp = client.post("/logout/")
    assert resp.status_code == 302 and resp["Location"] == "/login/"
    assert "_auth_user_id" not in client.session


def test_password_change_keeps_the_session_and_the_new_password_works(client, clerk):
    client.force_login(clerk)
    bad = client.post(
        "/password/",
        {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
    )
    assert bad.status_code == 400
    resp = client.post(
        "/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-Pass-2026",
            "new_password2": "a-new-Pass-2026",
        },
    )
    assert resp.status_code == 302 and resp["Location"] == "/workplace/"
    assert client.get("/workplace/").status_code == 200  # still logged in
    clerk.refresh_from_db()
    assert clerk.check_password("a-new-Pass-2026")


def test_a_password_set_by_an_admin_must_be_changed_before_work(client, admin_client):
    f.center(code="AD")
    resp = admin_client.post(
        "/admin/core/user/add/",
        {
            "username": "newclerk",
            "password1": "Set-by-admin-1",
            "password2": "Set-by-admin-1",
            "usable_password": "true",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    user = User.objects.get(username="newclerk")
    assert user.must_change_password
    assert _login(client, "newclerk", "Set-by-admin-1").status_code == 302
    for path in ("/workplace/", "/cases/center/AD/work/"):
        sent = client.get(path)
        assert sent.status_code == 302 and sent["Location"] == "/password/"
    page = client.get("/password/")
    assert "请先设置自己的新密码" in page.content.decode()
    client.post(
        "/password/",
        {
            "old_password": "Set-by-admin-1",
            "new_password1": "Mine-own-2026",
            "new_password2": "Mine-own-2026",
        },
    )
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get("/workplace/").status_code == 200
    # A reset by the admin puts the obligation back.
    admin_client.post(
        f"/admin/core/user/{user.pk}/password/",
        {"password1": "Reset-by-admin-2", "password2": "Reset-by-admin-2"},
    )
    user.refresh_from_db()
    assert user.must_change_password


@override_settings(GOVHALL_SESSION_IDLE_MINUTES=30)
def test_the_session_ends_after_the_idle_time(client, clerk):
    start = time.time()
    with time_machine.travel(start, tick=False) as traveller:
        client.force_login(clerk)
        assert client.get("/workplace/").status_code == 200
        traveller.shift(29 * 60)
        assert client.get("/workplace/").status_code == 200  # activity renews it
        traveller.shift(29 * 60)
        assert client.get("/workplace/").status_code == 200
        traveller.shift(31 * 60)
        resp = client.get("/workplace/")
        assert resp.status_code == 302 and resp["Location"].startswith("/login/")
        assert "_auth_user_id" not in client.session


@override_settings(GOVHALL_SESSION_IDLE_MINUTES=30)
def test_the_workbench_refreshing_itself_does_not_keep_the_session_alive(client, clerk):
    with time_machine.travel(time.time(), tick=False) as traveller:
        client.force_login(clerk)
        client.get("/workplace/")
        for _ in range(4):
            traveller.shift(10 * 60)
            poll = client.get("/workplace/", HTTP_X_GOVHALL_POLL="1", HTTP_HX_REQUEST="true")
            if poll.status_code != 200:  # the session ended
                break
        # htmx is told to leave the whole page for the login, not to swap a fragment.
        assert poll.status_code == 204 and poll["HX-Redirect"].startswith("/login/?next=")
