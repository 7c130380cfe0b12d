"""The centre's windows set in the workplace (issue 12 §1): create, change,
deactivate through services with audit and event; the pages refuse bad input
with the form's errors and change nothing."""

import pytest
from django.urls import reverse

from govhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from govhall.core.models import AuditLog, Event, Role
from govhall.core.tests import factories as f
from govhall.hall import services
from govhall.hall.models import Window, WindowState, WindowType, Zone, ZoneKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    d = f.district()
    center = f.center(d, code="SC-WS")
    other = f.center(d, code="SC-WT")
    zone = Zone.objects.create(center=center, code="B", name="窗口服务区", kind=ZoneKind.WINDOWS)
    w1 = Window.objects.create(
        center=center, code="WS-W01", number=1, name="1号窗口", type="comprehensive"
    )
    foreign = Window.objects.create(
        center=other, code="WT-W01", number=1, name="1号窗口", type="comprehensive"
    )
    return {
        "center": center,
        "other": other,
        "zone": zone,
        "other_zone": Zone.objects.create(
            center=other, code="B", name="窗口区", kind=ZoneKind.WINDOWS
        ),
        "w1": w1,
        "foreign": foreign,
        "admin": f.actor(f.staff(Role.CENTER_ADMIN, center_=center)),
        "admin_user": None,
        "clerk": f.actor(f.staff(Role.CLERK, center_=center)),
        "supervisor": f.actor(f.staff(Role.SUPERVISOR, district_=d)),
        "other_admin": f.actor(f.staff(Role.CENTER_ADMIN, center_=other)),
    }


def _create(site, **kw):
    args = {"number": 7, "name": "7号窗口", "type": WindowType.COMPREHENSIVE, "zone": site["zone"]}
    return services.window_create(actor=site["admin"], center=site["center"], **{**args, **kw})


def test_a_window_is_created_with_the_proposed_code_closed_audited_and_announced(site):
    window = _create(site)
    assert window.code == "WS-W07" and window.state == WindowState.CLOSED and window.is_active
    event = Event.objects.get(kind="window.configured")
    assert event.payload["window_code"] == "WS-W07" and event.payload["action"] == "created"
    assert AuditLog.objects.filter(action="window.created", object_id=str(window.pk)).exists()


def test_a_typed_code_is_kept_and_a_taken_one_refused(site):
    assert _create(site, code="QZX-SPECIAL").code == "QZX-SPECIAL"
    with pytest.raises(Conflict) as exc:
        _create(site, number=8, code="WT-W01")  # another centre's window has it
    assert exc.value.code == "window_code_taken"


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"number": 1}, "number"),  # taken at this centre
        ({"number": 0}, "number"),
        ({"number": 1000}, "number"),
        ({"number": "7"}, "number"),
        ({"number": True}, "number"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "窗" * 61}, "name"),
        ({"type": "nope"}, "type"),
        ({"type": WindowType.DOMAIN, "domain": ""}, "domain"),
        ({"domain": "astrology"}, "domain"),
        ({"code": "有 空格"}, "code"),
        ({"code": "x" * 40}, "code"),
    ],
)
def test_bad_windows_are_refused_and_nothing_is_written(site, kw, field):
    with pytest.raises(ValidationFailed) as exc:
        _create(site, **kw)
    assert field in exc.value.fields
    assert Window.objects.filter(center=site["center"]).count() == 1
    assert not Event.objects.filter(kind="window.configured").exists()


def test_another_centres_zone_and_a_refused_name(site):
    with pytest.raises(ValidationFailed) as exc:
        _create(site, zone=site["other_zone"])
    assert "zone" in exc.value.fields
    with pytest.raises(ValidationFailed) as exc:
        _create(site, name="窗口\u202e")
    assert exc.value.code == "invalid_name"


def test_only_the_centres_admin_changes_windows(site):
    for who in ("clerk", "supervisor", "other_admin"):
        with pytest.raises(PermissionDenied):
            services.window_create(
                actor=site[who],
                center=site["center"],
                number=9,
                name="9号窗口",
                type="comprehensive",
            )
        with pytest.raises((PermissionDenied, NotFound)):
            services.window_deactivate(actor=site[who], window=site["w1"])
    assert Window.objects.get(pk=site["w1"].pk).is_active


def test_a_window_is_changed_and_its_code_stays(site):
    window = services.window_update(
        actor=site["admin"],
        window=site["w1"],
        number=3,
        name="社保医保窗口",
        type=WindowType.DOMAIN,
        domain="social_security",
        zone=None,
    )
    assert (window.number, window.code, window.domain) == (3, "WS-W01", "social_security")
    log = AuditLog.objects.get(action="window.updated")
    assert log.detail["before"]["window"] == 1 and log.detail["after"]["window"] == 3


def test_deactivating_closes_and_twice_is_fine_and_it_comes_back(site):
    site["w1"].state = WindowState.OPEN
    site["w1"].save()
    window = services.window_deactivate(actor=site["admin"], window=site["w1"])
    assert not window.is_active and window.state == WindowState.CLOSED
    services.window_deactivate(actor=site["admin"], window=site["w1"])
    assert Event.objects.filter(kind="window.configured").count() == 1
    assert services.window_activate(actor=site["admin"], window=site["w1"]).is_active


# --- the pages ------------------------------------------------------------------------------


def _login(client, site, who="admin"):
    client.force_login(site[who].user)


def test_the_list_and_adding_a_window_through_the_page(client, site):
    _login(client, site)
    url = reverse("windows:list", args=[site["center"].code])
    page = client.get(url).content.decode()
    assert 'data-window="WS-W01"' in page and 'placeholder="WS-W02"' in page
    data = {
        "number": "2",
        "name": "2号窗口",
        "type": "comprehensive",
        "domain": "",
        "zone": str(site["zone"].pk),
        "code": "",
    }
    assert client.post(url, data).status_code == 302
    assert Window.objects.get(center=site["center"], number=2).code == "WS-W02"


@pytest.mark.parametrize(
    "data",
    [
        {"number": "abc", "name": "x", "type": "comprehensive"},
        {"number": "", "name": "x", "type": "comprehensive"},
        {"number": "1", "name": "重复", "type": "comprehensive"},  # taken
        {"number": "5", "name": "x" * 61, "type": "comprehensive"},
        {"number": "5", "name": "x", "type": "domain"},
        {"number": "5", "name": "x", "type": "bogus"},
        {"number": "5", "name": "x", "type": "comprehensive", "zone": "abc"},
        {"number": "5", "name": "x", "type": "comprehensive", "code": "WT-W01"},
        {"number": "5", "name": "☃", "type": "comprehensive"},
        {},
    ],
)
def test_bad_input_re_renders_the_form_and_adds_nothing(client, site, data):
    _login(client, site)
    response = client.post(reverse("windows:list", args=[site["center"].code]), data)
    assert response.status_code in (409, 422)
    assert "field-error" in response.content.decode() or response.status_code == 409
    assert Window.objects.filter(center=site["center"]).count() == 1


def test_another_centres_zone_id_through_the_page_is_ignored_as_unknown(client, site):
    _login(client, site)
    data = {"number": "5", "name": "x", "type": "comprehensive", "zone": str(site["other_zone"].pk)}
    response = client.post(reverse("windows:list", args=[site["center"].code]), data)
    assert response.status_code == 422
    assert not Window.objects.filter(number=5).exists()


def test_editing_and_deactivating_through_the_pages(client, site):
    _login(client, site)
    code = site["center"].code
    edit = reverse("windows:edit", args=[code, "WS-W01"])
    assert client.get(edit).status_code == 200
    bad = client.post(edit, {"number": "1", "name": "", "type": "comprehensive"})
    assert bad.status_code == 422 and Window.objects.get(pk=site["w1"].pk).name == "1号窗口"
    ok = client.post(edit, {"number": "1", "name": "综合受理", "type": "comprehensive"})
    assert ok.status_code == 302 and Window.objects.get(pk=site["w1"].pk).name == "综合受理"
    assert client.post(reverse("windows:deactivate", args=[code, "WS-W01"])).status_code == 302
    assert not Window.objects.get(pk=site["w1"].pk).is_active


def test_another_centres_window_is_not_found(client, site):
    _login(client, site)
    code = site["center"].code
    assert client.get(reverse("windows:edit", args=[code, "WT-W01"])).status_code == 404
    assert client.post(reverse("windows:deactivate", args=[code, "WT-W01"])).status_code == 404
    assert (
        client.post(
            reverse("windows:edit", args=[code, "WT-W01"]),
            {"number": "1", "name": "x", "type": "comprehensive"},
        ).status_code
        == 404
    )
    assert Window.objects.get(pk=site["foreign"].pk).is_active


def test_the_supervisor_reads_and_the_clerk_is_refused(client, site):
    code = site["center"].code
    _login(client, site, "supervisor")
    page = client.get(reverse("windows:list", args=[code]))
    assert page.status_code == 200 and "新增窗口" not in page.content.decode()
    assert client.get(reverse("windows:edit", args=[code, "WS-W01"])).status_code == 200
    assert client.post(reverse("windows:deactivate", args=[code, "WS-W01"])).status_code == 403
    assert (
        client.post(
            reverse("windows:list", args=[code]),
            {"number": "4", "name": "x", "type": "comprehensive"},
        ).status_code
        == 403
    )
    _login(client, site, "clerk")
    assert client.get(reverse("windows:list", args=[code])).status_code == 403
    assert Window.objects.filter(center=site["center"]).count() == 1
