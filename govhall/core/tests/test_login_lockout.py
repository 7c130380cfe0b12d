"""Finding 3 of issue 10: 15 wrong passwords to the API token endpoint and 30 to
the admin login were answered normally, and the right password then worked.
Every login now locks after AXES_FAILURE_LIMIT failures per username and per
address, the right password included, until the cool-off or an unlock."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory, override_settings

from govhall.core import services
from govhall.core.tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("limit_five")]
PASSWORD = "pw-123456-x"
ATTACKER = "203.0.113.9"


@pytest.fixture
def limit_five():
    with override_settings(AXES_FAILURE_LIMIT=5):
        yield


def _token(client, username, password, address=ATTACKER, **meta):
    return client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR=address,
        **meta,
    )


def _admin_login(client, username, password, address=ATTACKER):
    data = {"username": username, "password": password, "next": "/admin/"}
    return client.post("/admin/login/", data, REMOTE_ADDR=address)


def test_api_token_locks_after_five_wrong_passwords(client):
    f.user("clerk")
    answers = [_token(client, "clerk", f"wrong-{n}").status_code for n in range(15)]
    assert answers[:4] == [401] * 4 and set(answers[4:]) == {429}
    right = _token(client, "clerk", PASSWORD)
    assert right.status_code == 429
    error = right.json()["error"]
    assert error["code"] == "login_locked" and "锁定" in error["message"]
    assert int(right["Retry-After"]) == 30 * 60
    english = _token(client, "clerk", PASSWORD, HTTP_ACCEPT_LANGUAGE="en")
    assert "locked" in english.json()["error"]["message"]
    # The username is locked from every address, not only the attacker's.
    assert _token(client, "clerk", PASSWORD, address="198.51.100.1").status_code == 429


def test_admin_login_locks_and_says_so(client):
    f.user("admin1", is_staff=True, is_superuser=True)
    for n in range(4):
        page = _admin_login(client, "admin1", f"wrong-{n}")
        assert page.status_code == 200  # the form again, with its error
    for n in range(26):
        assert _admin_login(client, "admin1", f"wrong-{n}").status_code == 429
    page = _admin_login(client, "admin1", PASSWORD)
    assert page.status_code == 429 and "锁定" in page.content.decode()
    assert "_auth_user_id" not in client.session


def test_one_address_trying_many_usernames_is_locked(client):
    for n in range(5):
        f.user(f"user{n}")
        _token(client, f"user{n}", "wrong")
    f.user("victim")
    assert _token(client, "victim", PASSWORD).status_code == 429
    assert _token(client, "victim", PASSWORD, address="198.51.100.1").status_code == 201
    call_command("unlock", "--address", ATTACKER)
    assert _token(client, "victim", PASSWORD).status_code == 201


def test_any_authenticate_with_a_request_is_covered():
    """A future staff /login/ page calls authenticate(request=...) like the admin."""
    user = f.user("staffer")
    rf = RequestFactory()
    for n in range(5):
        assert (
            authenticate(
                rf.post("/login/", REMOTE_ADDR=ATTACKER), username="staffer", password=str(n)
            )
            is None
        )
    request = rf.post("/login/", REMOTE_ADDR=ATTACKER)
    assert authenticate(request, username="staffer", password=PASSWORD) is None
    assert request.axes_locked_out
    other = rf.post("/login/", REMOTE_ADDR="198.51.100.1")
    assert authenticate(other, username="staffer", password=PASSWORD) is None
    assert user.check_password(PASSWORD)


def test_cool_off_ends_the_lockout(client):
    f.user("clerk")
    for _n in range(5):
        _token(client, "clerk", "wrong")
    assert _token(client, "clerk", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    assert _token(client, "clerk", PASSWORD).status_code == 201


def test_a_login_to_ones_own_account_does_not_reset_the_count(client):
    f.user("victim")
    f.user("insider")
    for n in range(4):
        assert _token(client, "victim", f"guess-{n}").status_code == 401
    assert _token(client, "insider", PASSWORD).status_code == 201
    assert _token(client, "victim", "guess-5").status_code == 429
    assert _token(client, "victim", PASSWORD, address="198.51.100.1").status_code == 429


def test_unlock_command_lifts_the_lockout_and_is_audited(client, capsys):
    from govhall.core.models import AuditLog

    f.user("clerk")
    for _n in range(5):
        _token(client, "clerk", "wrong", address="198.51.100.1")
    assert _token(client, "clerk", PASSWORD).status_code == 429
    call_command("unlock", "clerk")
    assert "unlocked clerk" in capsys.readouterr().out
    assert _token(client, "clerk", PASSWORD).status_code == 201
    assert AuditLog.objects.filter(action="login.unlocked").exists()
    assert services.login_unlock(username="clerk") == 0


def test_lockout_records_are_for_the_superuser_only(client):
    root = f.user("root", is_staff=True, is_superuser=True)
    f.user("clerk")
    for _n in range(5):
        _token(client, "clerk", "wrong")
    client.force_login(root)
    page = client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200 and "clerk" in page.content.decode()
    client.force_login(f.user("centre_admin", is_staff=True))
    assert client.get("/admin/axes/accessattempt/").status_code == 403


@pytest.mark.parametrize("forwarded", ["", "not-an-address", "1.2.3.4.5, 10.0.0.1"])
def test_a_missing_or_forged_address_is_no_500(client, settings, forwarded):
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_FORWARDED_FOR"
    f.user("clerk")
    wrong = _token(client, "clerk", "wrong", HTTP_X_FORWARDED_FOR=forwarded)
    assert wrong.status_code == 401
    assert _token(client, "clerk", PASSWORD, HTTP_X_FORWARDED_FOR=forwarded).status_code == 201
