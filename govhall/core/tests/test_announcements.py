"""Announcements of a centre (000 第八条; issue 11 "Announcements"): set by the
centre admin through the services, with an event the boards listen to; shown
while current on the chosen screens; bad input and other centres refused."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govhall.core import selectors, services
from govhall.core.errors import NotFound, PermissionDenied, ValidationFailed
from govhall.core.models import Announcement, AuditLog, Event, Role
from govhall.core.tests import factories as f

pytestmark = pytest.mark.django_db
NOW = timezone.now()
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def admins(two_centers):
    return {
        **two_centers,
        "admin_a": f.actor(f.staff(Role.CENTER_ADMIN, center_=two_centers["a"])),
        "admin_b": f.actor(f.staff(Role.CENTER_ADMIN, center_=two_centers["b"])),
    }


def save(actor, center, **kw):
    fields = {
        "title": "为老服务专窗今日开放",
        "text": "60周岁以上老年人可到9号窗口优先办理。",
        "starts_at": NOW - HOUR,
        "ends_at": NOW + HOUR,
    }
    return services.announcement_save(actor=actor, center=center, **{**fields, **kw})


def test_saving_writes_the_event_the_boards_listen_to(admins):
    a = save(admins["admin_a"], admins["a"], screens=["display", "kiosk"])
    event = Event.objects.get(kind="announcement.changed")
    assert event.center_id == admins["a"].pk
    assert event.payload == {
        "announcement": a.pk,
        "action": "created",
        "screens": ["display", "kiosk"],
    }
    assert AuditLog.objects.filter(action="announcement.saved", object_id=str(a.pk)).exists()
    save(admins["admin_a"], admins["a"], announcement=a, title="窗口调整")
    assert Event.objects.filter(kind="announcement.changed").count() == 2
    assert Announcement.objects.get().title == "窗口调整"
    services.announcement_delete(actor=admins["admin_a"], announcement=a)
    assert not Announcement.objects.exists()
    assert Event.objects.filter(kind="announcement.changed").last().payload["action"] == "deleted"


def test_shown_only_while_current_and_only_where_chosen(admins):
    a, center = admins["admin_a"], admins["a"]
    now = save(a, center, title="现在", screens=["display"])
    save(a, center, title="明天", starts_at=NOW + 24 * HOUR, ends_at=NOW + 30 * HOUR)
    save(a, center, title="指南", screens=["guide", "kiosk"])
    save(admins["admin_b"], admins["b"], title="别的中心")
    assert [x.title for x in selectors.announcements_current(center, "display")] == ["现在"]
    assert [x.title for x in selectors.announcements_current(center, "guide")] == ["指南"]
    assert selectors.announcements_current(center, "display", NOW + 2 * HOUR) == []
    # The board re-reads when the next one starts or the current one ends.
    assert selectors.announcements_next_change(center, "display") == now.ends_at
    assert selectors.announcements_next_change(center, "kiosk", NOW + 2 * HOUR) == NOW + 24 * HOUR


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_at": NOW - 2 * HOUR}, "ends_at"),  # end before start
        ({"starts_at": NOW - 3 * HOUR, "ends_at": NOW - 2 * HOUR}, "ends_at"),  # over already
        ({"ends_at": NOW + dt.timedelta(days=400)}, "ends_at"),
        ({"title": "  "}, "title"),
        ({"title": "公" * 41}, "title"),
        ({"title": "为老\u202e服务"}, "title"),  # turns the text around on screen
        ({"text": "响铃\x07"}, "text"),
        ({"text": "字" * 301}, "text"),
        ({"screens": []}, "on_display"),
    ],
)
def test_bad_input_is_refused_with_the_field(admins, change, field):
    with pytest.raises(ValidationFailed) as err:
        save(admins["admin_a"], admins["a"], **change)
    assert err.value.code == "invalid_announcement" and field in err.value.fields
    assert not Announcement.objects.exists() and not Event.objects.exists()


def test_line_breaks_and_symbols_are_fine_in_the_text(admins):
    a = save(admins["admin_a"], admins["a"], text="上午 9:00–12:00\r\n下午 13:30 开放 ☎ 12345")
    assert a.text == "上午 9:00–12:00\n下午 13:30 开放 ☎ 12345"


def test_another_centres_announcement_is_refused(admins):
    theirs = save(admins["admin_b"], admins["b"])
    with pytest.raises(PermissionDenied):
        save(admins["admin_a"], admins["b"])
    with pytest.raises(PermissionDenied):
        # Moving B's announcement to A is still touching B's.
        save(admins["admin_a"], admins["b"], announcement=theirs)
    with pytest.raises(NotFound):
        save(admins["admin_a"], admins["a"], announcement=theirs)
    with pytest.raises(PermissionDenied):
        services.announcement_delete(actor=admins["admin_a"], announcement=theirs)
    clerk = f.actor(admins["clerk_a"])
    with pytest.raises(PermissionDenied):
        save(clerk, admins["a"])
    assert Announcement.objects.get().center == admins["b"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(start=st.integers(-600, 600), length=st.integers(1, 600), probe=st.integers(-900, 900))
def test_current_exactly_between_start_and_end(admins, start, length, probe):
    Announcement.objects.all().delete()
    starts = NOW + dt.timedelta(minutes=start)
    a = Announcement.objects.create(
        center=admins["a"],
        title="t",
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=length),
    )
    at = NOW + dt.timedelta(minutes=probe)
    shown = selectors.announcements_current(admins["a"], "display", at) == [a]
    assert shown == (a.starts_at <= at < a.ends_at)


# --- the centre admin in the Django admin -------------------------------------------


@pytest.fixture
def admin_client(client, admins):
    user = admins["admin_a"].user
    user.is_staff = True
    user.save()
    for action in ("view", "add", "change", "delete"):
        user.user_permissions.add(Permission.objects.get(codename=f"{action}_announcement"))
    client.force_login(user)
    return client


def _form(center, **kw):
    # Date and time of the same moment: an hour back may be yesterday (run after midnight).
    starts, ends = timezone.localtime(NOW - HOUR), timezone.localtime(NOW + 3 * HOUR)
    return {
        "center": center.pk,
        "title": "今日9号窗口暂停服务",
        "text": "请到1号窗口办理",
        "starts_at_0": starts.strftime("%Y-%m-%d"),
        "starts_at_1": starts.strftime("%H:%M:%S"),
        "ends_at_0": ends.strftime("%Y-%m-%d"),
        "ends_at_1": ends.strftime("%H:%M:%S"),
        "on_display": "on",
        "on_kiosk": "on",
        **kw,
    }


def test_admin_adds_through_the_service_for_its_own_centre(admin_client, admins):
    resp = admin_client.post("/admin/core/announcement/add/", _form(admins["a"]))
    assert resp.status_code == 302, resp.content.decode()[:2000]
    a = Announcement.objects.get()
    assert a.center == admins["a"] and a.on_display and not a.on_guide
    assert Event.objects.filter(kind="announcement.changed", center=admins["a"]).exists()


def test_admin_shows_field_errors_and_refuses_another_centre(admin_client, admins):
    bad = _form(admins["a"], title="暂停\u200b服务", ends_at_1="00:00:00", ends_at_0="2000-01-01")
    page = admin_client.post("/admin/core/announcement/add/", bad).content.decode()
    assert "结束时间须晚于开始时间" in page and "控制字符" in page
    other = admin_client.post("/admin/core/announcement/add/", _form(admins["b"]))
    assert other.status_code == 200  # the form again: B is not a choice
    assert not Announcement.objects.exists()
    theirs = save(admins["admin_b"], admins["b"], title="B的公告")
    listing = admin_client.get("/admin/core/announcement/").content.decode()
    assert "B的公告" not in listing
    assert admin_client.get(f"/admin/core/announcement/{theirs.pk}/change/").status_code == 302


def test_the_api_lists_what_a_screen_shows_for_other_vendors_devices(admins, client):
    a = save(admins["admin_a"], admins["a"], screens=["display", "kiosk"])
    save(admins["admin_a"], admins["a"], title="指南", screens=["guide"])
    url = f"/api/v1/centers/{admins['a'].code}/announcements"
    rows = client.get(url, {"screen": "kiosk"}).json()
    assert [r["id"] for r in rows] == [a.pk] and rows[0]["screens"] == ["display", "kiosk"]
    assert rows[0]["ends_at"].endswith("+08:00")
    assert [r["title"] for r in client.get(url, {"screen": "guide"}).json()] == ["指南"]
    bad = client.get(url, {"screen": "cases"})
    assert bad.status_code == 422 and "error" in bad.json()
    missing = client.get("/api/v1/centers/NOPE/announcements")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "center_not_found"
