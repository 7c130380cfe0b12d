"""The centre's announcements set in the workplace (issue 12 §1): the page
lists current, coming and past ones; the centre admin publishes, changes,
ends one now and withdraws one not yet begun, through the services (audit,
event); the supervisor reads without forms; bad input of every kind answers
4xx with the field and changes nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from govhall.core import selectors, services
from govhall.core.errors import InvalidTransition, NotFound, PermissionDenied
from govhall.core.models import Announcement, AuditLog, Event, Role
from govhall.core.tests import factories as f

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def site(two_centers):
    a = two_centers["a"]
    return {
        **two_centers,
        "admin": f.staff(Role.CENTER_ADMIN, center_=a),
        "other_admin": f.staff(Role.CENTER_ADMIN, center_=two_centers["b"]),
    }


def _make(site, center=None, *, start=-HOUR, end=HOUR, title="为老服务专窗今日开放"):
    center = center or site["a"]
    admin = site["admin"] if center == site["a"] else site["other_admin"]
    now = timezone.now()
    return services.announcement_save(
        actor=f.actor(admin),
        center=center,
        title=title,
        text="60周岁以上老年人可到9号窗口优先办理。",
        starts_at=now + start,
        ends_at=now + end,
        now=now + start - HOUR,  # made before it began
    )


def _local(moment: dt.datetime) -> tuple[str, str]:
    moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d"), moment.strftime("%H:%M")


def _post(**kw) -> dict:
    start = timezone.now() - dt.timedelta(minutes=5)
    end = timezone.now() + 3 * HOUR
    (sd, st), (ed, et) = _local(start), _local(end)
    data = {
        "title": "今日下午系统升级",
        "text": "14:00–15:00 不动产登记暂停受理，\n请您谅解。",
        "starts_at_0": sd,
        "starts_at_1": st,
        "ends_at_0": ed,
        "ends_at_1": et,
        "screens": ["display", "kiosk"],
    }
    data.update(kw)
    return {k: v for k, v in data.items() if v is not None}


def _login(client, user):
    client.force_login(user)
    return client


def _url(site, name="settings:announcements", *args, center=None):
    return reverse(name, args=[(center or site["a"]).code, *args])


def _state():
    rows = Announcement.objects.order_by("pk").values_list(
        "title", "text", "starts_at", "ends_at", "on_display", "on_kiosk", "on_guide"
    )
    return list(rows), Event.objects.filter(kind="announcement.changed").count()


# --- the services ----------------------------------------------------------------------------


def test_ending_now_keeps_it_on_record_audited_and_announced(site):
    a = _make(site)
    now = timezone.now()
    services.announcement_end(actor=f.actor(site["admin"]), announcement=a, now=now)
    a.refresh_from_db()
    assert a.ends_at == now
    event = Event.objects.filter(kind="announcement.changed").latest("id")
    assert event.payload["action"] == "ended"
    assert AuditLog.objects.get(action="announcement.ended").object_id == str(a.pk)


@pytest.mark.parametrize(("start", "end", "code"), [(-2 * HOUR, -HOUR, "announcement_ended")])
def test_an_ended_announcement_does_not_end_again(site, start, end, code):
    a = _make(site, start=start, end=end)
    with pytest.raises(InvalidTransition) as exc:
        services.announcement_end(actor=f.actor(site["admin"]), announcement=a)
    assert exc.value.code == code


def test_one_not_yet_begun_is_withdrawn_not_ended(site):
    a = _make(site, start=HOUR, end=2 * HOUR)
    with pytest.raises(InvalidTransition) as exc:
        services.announcement_end(actor=f.actor(site["admin"]), announcement=a)
    assert exc.value.code == "announcement_not_started"
    services.announcement_withdraw(actor=f.actor(site["admin"]), announcement=a)
    assert not Announcement.objects.exists()
    assert AuditLog.objects.filter(action="announcement.deleted").count() == 1


def test_one_already_shown_is_not_withdrawn(site):
    a = _make(site)
    with pytest.raises(InvalidTransition):
        services.announcement_withdraw(actor=f.actor(site["admin"]), announcement=a)
    assert Announcement.objects.filter(pk=a.pk).exists()


def test_ending_another_centres_or_as_a_reader_is_refused(site):
    a = _make(site)
    with pytest.raises(NotFound):
        services.announcement_end(actor=f.actor(site["other_admin"]), announcement=a)
    with pytest.raises(PermissionDenied):
        services.announcement_end(actor=f.actor(site["supervisor"]), announcement=a)
    with pytest.raises(PermissionDenied):
        services.announcement_end(actor=f.actor(site["clerk_a"]), announcement=a)
    a.refresh_from_db()
    assert a.ends_at > timezone.now()


# --- the page -----------------------------------------------------------------------------


def test_the_page_lists_current_coming_and_past(client, site):
    _make(site, title="正在显示的公告")
    _make(site, start=HOUR, end=2 * HOUR, title="明天的公告")
    _make(site, start=-3 * HOUR, end=-2 * HOUR, title="昨天的公告")
    _make(site, site["b"], title="别的中心的公告")
    body = _login(client, site["admin"]).get(_url(site)).content.decode()
    current, coming, past = (body.index(f'data-group="{g}"') for g in ("current", "coming", "past"))
    assert current < body.index("正在显示的公告") < coming < body.index("明天的公告") < past
    assert body.index("昨天的公告") > past
    assert "别的中心的公告" not in body
    assert 'id="announcement-form"' in body and "立即结束" in body and "撤销" in body


def test_the_admin_publishes_and_the_boards_hear_of_it(client, site):
    response = _login(client, site["admin"]).post(_url(site), _post())
    assert response.status_code == 302
    a = Announcement.objects.get()
    assert (a.title, a.on_display, a.on_kiosk, a.on_guide) == (
        "今日下午系统升级",
        True,
        True,
        False,
    )
    assert a.text == "14:00–15:00 不动产登记暂停受理，\n请您谅解。"
    assert a.center == site["a"]
    assert Event.objects.get(kind="announcement.changed").payload["action"] == "created"
    assert selectors.announcements_current(site["a"], "display") == [a]
    assert selectors.announcements_current(site["a"], "guide") == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": None}, "title"),  # missing
        ({"title": "   "}, "title"),
        ({"title": "长" * 41}, "title"),  # too long
        ({"title": "标题\u202e反转"}, "title"),  # a format character
        ({"text": "字" * 301}, "text"),
        ({"text": "内容\x07"}, "text"),
        ({"starts_at_0": None, "starts_at_1": None}, "starts_at"),
        ({"starts_at_0": "明天"}, "starts_at"),  # wrong type
        ({"starts_at_1": "25:00"}, "starts_at"),
        ({"starts_at_1": "9点"}, "starts_at"),
        ({"ends_at_0": "2026-02-30"}, "ends_at"),
        ({"ends_at_0": None, "ends_at_1": None}, "ends_at"),
        ({"ends_at_0": "2000-01-01", "ends_at_1": "08:00"}, "ends_at"),  # end before start
        ({"ends_at_0": "2999-01-01"}, "ends_at"),  # more than a year
        ({"screens": []}, "screens"),
        ({"screens": ["elsewhere"]}, "screens"),
    ],
)
def test_bad_input_is_shown_beside_its_field_and_nothing_changes(client, site, change, field):
    _make(site)
    before = _state()
    response = _login(client, site["admin"]).post(_url(site), _post(**change))
    assert response.status_code == 422
    assert f'data-field="{field}"' in response.content.decode()
    assert _state() == before


def test_the_end_equal_to_the_start_is_refused(client, site):
    start = timezone.localtime() + HOUR
    d, t = _local(start)
    data = _post(starts_at_0=d, starts_at_1=t, ends_at_0=d, ends_at_1=t)
    response = _login(client, site["admin"]).post(_url(site), data)
    assert response.status_code == 422
    assert "结束时间须晚于开始时间" in response.content.decode()
    assert not Announcement.objects.exists()


def test_the_admin_changes_one(client, site):
    a = _make(site)
    url = _url(site, "settings:announcement", a.pk)
    page = _login(client, site["admin"]).get(url)
    assert page.status_code == 200 and "为老服务专窗今日开放" in page.content.decode()
    response = client.post(url, _post(title="为老服务专窗改到10号窗口", screens=["guide"]))
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.title, a.on_display, a.on_guide) == ("为老服务专窗改到10号窗口", False, True)
    assert Event.objects.filter(kind="announcement.changed").latest("id").payload["action"] == (
        "changed"
    )
    before = _state()
    bad = client.post(url, _post(ends_at_0="2000-01-01", ends_at_1="08:00"))
    assert bad.status_code == 422 and _state() == before


def test_the_admin_ends_one_now_and_withdraws_a_coming_one(client, site):
    current = _make(site)
    coming = _make(site, start=HOUR, end=2 * HOUR, title="下周公告")
    _login(client, site["admin"])
    assert client.post(_url(site, "settings:announcement_end", current.pk)).status_code == 302
    current.refresh_from_db()
    assert current.ends_at <= timezone.now()
    # Ending twice, or withdrawing one already shown: refused, the page says why.
    again = client.post(_url(site, "settings:announcement_end", current.pk))
    assert again.status_code == 409 and "已经结束" in again.content.decode()
    assert client.post(_url(site, "settings:announcement_withdraw", current.pk)).status_code == 409
    assert client.post(_url(site, "settings:announcement_end", coming.pk)).status_code == 409
    assert client.post(_url(site, "settings:announcement_withdraw", coming.pk)).status_code == 302
    assert list(Announcement.objects.values_list("pk", flat=True)) == [current.pk]


def test_another_centres_announcement_is_404_everywhere(client, site):
    theirs = _make(site, site["b"])
    before = _state()
    _login(client, site["admin"])
    for name in ("settings:announcement", "settings:announcement_end"):
        assert client.get(_url(site, name, theirs.pk)).status_code in (404, 405)
        assert client.post(_url(site, name, theirs.pk), _post()).status_code == 404
    assert client.post(_url(site, "settings:announcement_withdraw", theirs.pk)).status_code == 404
    assert client.get(_url(site, "settings:announcement", 999999)).status_code == 404
    # Their centre's page itself is refused.
    assert client.get(_url(site, center=site["b"])).status_code == 403
    assert client.post(_url(site, center=site["b"]), _post()).status_code == 403
    assert _state() == before


def test_the_supervisor_reads_without_forms_and_may_not_post(client, site):
    a = _make(site)
    before = _state()
    _login(client, site["supervisor"])
    body = client.get(_url(site)).content.decode()
    assert "为老服务专窗今日开放" in body
    assert 'id="announcement-form"' not in body and "立即结束" not in body
    detail = client.get(_url(site, "settings:announcement", a.pk)).content.decode()
    assert "为老服务专窗今日开放" in detail and 'name="title"' not in detail
    for url in (
        _url(site),
        _url(site, "settings:announcement", a.pk),
        _url(site, "settings:announcement_end", a.pk),
        _url(site, "settings:announcement_withdraw", a.pk),
    ):
        assert client.post(url, _post()).status_code == 403
    assert _state() == before


def test_a_clerk_and_an_anonymous_visitor_are_refused(client, site):
    assert _login(client, site["clerk_a"]).get(_url(site)).status_code == 403
    client.logout()
    assert client.get(_url(site)).status_code in (302, 401, 403)
    assert client.post(_url(site), _post()).status_code in (302, 401, 403)
    assert not Announcement.objects.exists()


def test_the_hub_links_the_announcements_page(client, site):
    body = _login(client, site["admin"]).get(reverse("settings:hub", args=["CA"])).content
    assert b'data-key="core.announcements"' in body


def test_a_browsers_crlf_line_breaks_are_kept_as_lines(client, site):
    """A textarea sends CRLF: neither refused as a control character nor stored."""
    response = _login(client, site["admin"]).post(_url(site), _post(text="第一行\r\n第二行"))
    assert response.status_code == 302
    assert Announcement.objects.get().text == "第一行\n第二行"
