"""The navigation registry (core.navigation): entries declared by the apps,
shown to the roles they name, with what waits there; and the 待审批办件 page the
centre admin was refused (403) although it oversees the back offices."""

import pytest
from django.urls import reverse

from govhall.cases.tests.factories import intake, world
from govhall.core import navigation
from govhall.core.actors import actor_for_user
from govhall.core.models import Role
from govhall.core.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    e = navigation.Entry(
        key="test.page",
        label="测试页面",
        needs=frozenset({"duty.answer"}),
        url="cases:worklist",
        waiting=lambda actor, center: 7,
        section="cases",
    )
    navigation.register(e)
    yield e
    navigation._entries.pop("test.page")


def test_an_entry_is_shown_to_whom_its_capability_is_granted_with_its_count(entry):
    center = f.center(code="NV")
    courier = actor_for_user(f.staff(Role.DUTY_MANAGER, center_=center))
    clerk = actor_for_user(f.staff(Role.CLERK, center_=center))
    links = {row["key"]: row for row in navigation.links(courier, center, with_waiting=True)}
    assert links["test.page"]["waiting"] == 7
    assert links["test.page"]["url"] == reverse("cases:worklist", args=["NV"])
    assert "test.page" not in {row["key"] for row in navigation.links(clerk, center)}
    # At another centre the duty manager holds no role: nothing.
    assert navigation.links(courier, f.center(code="NX")) == []


def test_every_app_registers_its_pages():
    keys = {e.key for e in navigation.registered()}
    assert {
        "queueing.console",
        "cases.worklist",
        "booking.today",
        "feedback.rectifications",
        "feedback.complaints",
        "hall.duty",
    } <= keys


def test_the_centre_admin_reaches_the_review_list_with_every_department(client):
    w = world()
    intake(w, w["promise"])
    client.force_login(w["admin"].user)
    resp = client.get(reverse("cases:worklist", args=[w["center"].code]))
    assert resp.status_code == 200
    assert resp.context["cases"] and resp.context["title"] == "待审批办件"
    client.force_login(w["p1_user"])  # a reviewer of another department: not theirs
    assert client.get(reverse("cases:worklist", args=[w["center"].code])).context["cases"] == []
    client.force_login(w["clerk"].user)
    assert client.get(reverse("cases:worklist", args=[w["center"].code])).status_code == 403


def test_the_staff_bar_names_the_user_the_centre_and_the_roles(client):
    center = f.center(code="BR")
    clerk = f.staff(Role.CLERK, center_=center)
    clerk.last_name = "张伟"
    clerk.save()
    client.force_login(clerk)
    page = client.get("/workplace/").content.decode()
    assert "张伟" in page and center.name in page and "窗口人员" in page and "退出登录" in page


def test_the_centre_switcher_keeps_to_the_users_centres(client):
    a, b, c = f.center(code="SA"), f.center(code="SB"), f.center(code="SX")
    user = f.staff(Role.CLERK, center_=a)
    user.memberships.create(role=Role.CENTER_ADMIN, center=b)
    client.force_login(user)
    assert client.get("/workplace/").context["center"] == a
    client.post("/workplace/center/", {"center": "SB", "next": "/workplace/"})
    assert client.get("/workplace/").context["center"] == b
    client.post("/workplace/center/", {"center": c.code})  # not theirs: unchanged
    assert client.get("/workplace/").context["center"] == b
