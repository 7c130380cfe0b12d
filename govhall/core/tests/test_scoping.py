"""A clerk of one centre cannot read another centre's data."""

import pytest

from govhall.core import services
from govhall.core.actors import actor_for_user
from govhall.core.errors import NotFound, PermissionDenied
from govhall.core.models import AuditLog, Center, Role, TokenKind
from govhall.core.selectors import centers_visible
from govhall.core.tests import factories as f
from govhall.hall.models import Window, WindowType


def test_clerk_sees_only_own_center(two_centers):
    clerk = actor_for_user(two_centers["clerk_a"])
    assert list(centers_visible(clerk)) == [two_centers["a"]]
    assert clerk.can_see(two_centers["a"]) and not clerk.can_see(two_centers["b"])
    with pytest.raises(PermissionDenied) as err:
        clerk.require(two_centers["b"], "case.intake")
    assert err.value.code == "forbidden_center"


def test_scoped_object_of_another_center_looks_missing(two_centers):
    wb = Window.objects.create(
        center=two_centers["b"], code="B-W1", number=1, name="B1", type=WindowType.COMPREHENSIVE
    )
    clerk = actor_for_user(two_centers["clerk_a"])
    with pytest.raises(NotFound):
        clerk.get_scoped(Window.objects.all(), pk=wb.pk)
    own = Window.objects.create(
        center=two_centers["a"], code="A-W1", number=1, name="A1", type=WindowType.COMPREHENSIVE
    )
    assert clerk.get_scoped(Window.objects.all(), pk=own.pk) == own


def test_supervisor_sees_the_whole_district(two_centers):
    other = f.center()  # another district
    sup = actor_for_user(two_centers["supervisor"])
    assert set(centers_visible(sup)) == {two_centers["a"], two_centers["b"]}
    assert not sup.can_see(other)


def test_role_is_checked_within_the_center(two_centers):
    clerk = actor_for_user(two_centers["clerk_a"])
    with pytest.raises(PermissionDenied) as err:
        clerk.require(two_centers["a"], "booking.manage")
    assert err.value.code == "forbidden_role"


def test_window_token_api_cannot_list_another_centers_windows(client, two_centers):
    _, raw = services.token_create(kind=TokenKind.KIOSK, center=two_centers["a"])
    ok = client.get("/api/v1/centers/CA/windows", headers={"Authorization": f"Bearer {raw}"})
    other = client.get("/api/v1/centers/CB/windows", headers={"Authorization": f"Bearer {raw}"})
    assert ok.status_code == 200
    assert other.status_code == 403
    assert other.json()["error"]["code"] == "forbidden_center"


def test_staff_token_of_clerk_a_cannot_read_center_b(client, two_centers):
    resp = client.post(
        "/api/v1/auth/token",
        {"username": two_centers["clerk_a"].username, "password": "pw-123456-x"},
        content_type="application/json",
    )
    raw = resp.json()["token"]
    auth = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/centers/CA/windows", headers=auth).status_code == 200
    denied = client.get("/api/v1/centers/CB/windows", headers=auth)
    assert denied.status_code == 403
    assert Center.objects.count() == 2 and AuditLog.objects.filter(action="token.created").exists()


def test_admin_lists_only_own_centers(client, two_centers):
    admin_a = f.staff(Role.CENTER_ADMIN, center_=two_centers["a"])
    admin_a.is_staff = True
    admin_a.save()
    from django.contrib.auth.models import Permission

    admin_a.user_permissions.add(Permission.objects.get(codename="view_center"))
    client.force_login(admin_a)
    page = client.get("/admin/core/center/")
    assert page.status_code == 200
    assert two_centers["a"].name in page.content.decode()
    assert two_centers["b"].name not in page.content.decode()
    assert client.get(f"/admin/core/center/{two_centers['b'].pk}/change/").status_code == 302
