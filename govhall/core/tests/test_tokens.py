"""Staff login tokens and device tokens (API.md "Authentication")."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from govhall.core import services
from govhall.core.models import ApiToken, TokenKind
from govhall.core.tests import factories as f

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
    )


def test_login_returns_token_and_expiry(client):
    u = f.user("clerk")
    resp = _login(client, "clerk", "pw-123456-x")
    assert resp.status_code == 201
    body = resp.json()
    assert body["token"].startswith("gh_") and body["expires_at"].endswith("+08:00")
    stored = ApiToken.objects.get(user=u)
    assert stored.digest != body["token"] and body["token"] not in stored.prefix + stored.digest


@pytest.mark.parametrize(
    "payload,status,code",
    [
        ({"username": "clerk", "password": "wrong"}, 401, "invalid_credentials"),
        ({"username": "nobody", "password": "x"}, 401, "invalid_credentials"),
        ({"username": "clerk"}, 422, "validation_error"),
        ({"username": "", "password": "x"}, 422, "validation_error"),
        ({"username": "x" * 500, "password": "x"}, 422, "validation_error"),
        ({"username": 5, "password": ["x"]}, 422, "validation_error"),
    ],
)
def test_bad_logins(client, payload, status, code):
    f.user("clerk")
    resp = client.post("/api/v1/auth/token", payload, content_type="application/json")
    assert resp.status_code == status
    assert resp.json()["error"]["code"] == code
    assert not ApiToken.objects.exists()


def test_malformed_json_is_400(client):
    resp = client.post("/api/v1/auth/token", "{not json", content_type="application/json")
    assert resp.status_code == 400
    assert resp.json()["error"]["code"] == "malformed_json"


def test_inactive_user_token_stops_working(client, two_centers):
    clerk = two_centers["clerk_a"]
    raw = _login(client, clerk.username, "pw-123456-x").json()["token"]
    auth = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/centers/CA/windows", headers=auth).status_code == 200
    clerk.is_active = False
    clerk.save()
    assert client.get("/api/v1/centers/CA/windows", headers=auth).status_code == 401


def test_expired_and_revoked_tokens_are_refused(client, two_centers):
    token, raw = services.token_create(kind=TokenKind.DISPLAY, center=two_centers["a"])
    auth = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/centers/CA/windows", headers=auth).status_code == 200
    token.expires_at = timezone.now() - dt.timedelta(seconds=1)
    token.save()
    assert client.get("/api/v1/centers/CA/windows", headers=auth).status_code == 401
    token.expires_at = None
    token.save()
    services.token_revoke(token=token)
    resp = client.get("/api/v1/centers/CA/windows", headers=auth)
    assert resp.status_code == 401 and resp.json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("header", ["Bearer nope", "Basic abc", "Bearer " + "gh_" + "x" * 300, "x"])
def test_garbage_authorization_is_401(client, two_centers, header):
    resp = client.get("/api/v1/centers/CA/windows", headers={"Authorization": header})
    assert resp.status_code == 401


def test_no_token_is_401_on_protected_endpoint(client, two_centers):
    resp = client.get("/api/v1/centers/CA/windows")
    assert resp.status_code == 401 and resp.json()["error"]["code"] == "unauthorized"


def test_cli_creates_a_window_token(capsys, two_centers):
    from govhall.hall.models import Window, WindowType

    Window.objects.create(
        center=two_centers["a"], code="W05", number=5, name="5", type=WindowType.COMPREHENSIVE
    )
    call_command("token", "create", "--center", "CA", "--role", "window", "--window", "W05")
    raw = capsys.readouterr().out.strip()
    token = services.token_authenticate(raw)
    assert token.kind == "window" and token.window.code == "W05" and token.center.code == "CA"


@pytest.mark.parametrize(
    "args",
    [
        ["--center", "NOPE", "--role", "kiosk"],
        ["--center", "CA", "--role", "window"],  # a window token needs a window
        ["--center", "CA", "--role", "window", "--window", "W99"],
        ["--role", "kiosk"],
    ],
)
def test_cli_refuses_bad_input(two_centers, args):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("token", "create", *args)
    assert not ApiToken.objects.exists()


def test_window_of_another_center_is_refused(two_centers):
    from govhall.core.errors import ValidationFailed
    from govhall.hall.models import Window, WindowType

    wb = Window.objects.create(
        center=two_centers["b"], code="W1", number=1, name="1", type=WindowType.COMPREHENSIVE
    )
    with pytest.raises(ValidationFailed):
        services.token_create(kind=TokenKind.WINDOW, center=two_centers["a"], window=wb)


def test_device_token_actor_is_scoped_to_its_center(two_centers):
    from govhall.core.actors import actor_for_token

    token, _ = services.token_create(kind=TokenKind.KIOSK, center=two_centers["a"])
    actor = actor_for_token(token)
    assert actor.can_see(two_centers["a"]) and not actor.can_see(two_centers["b"])
    assert not actor.can(two_centers["a"], "case.intake")
