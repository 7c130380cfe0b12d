"""Calling the duty manager (004 第五条5, 001 6.4.1.4): from a window console or
the reception page; it reaches the duty managers' workbench (open-call count)
and phones (SMS), and is recorded with how it ended."""

import pytest
from django.urls import reverse

from govhall.core.errors import Conflict, PermissionDenied, ValidationFailed
from govhall.core.models import Event, Notification, Role
from govhall.core.tests import factories as f
from govhall.hall import selectors, services
from govhall.hall.models import DutyCall, DutyCallStatus, Window

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(db):
    center = f.center(code="DC")
    window = Window.objects.create(center=center, code="DC-W01", number=1, name="综合窗口")
    admin = f.staff(Role.CENTER_ADMIN, center_=center, username="dc_admin")
    admin.mobile = "13900001111"
    admin.save()
    manager = f.staff(Role.DUTY_MANAGER, center_=center, username="dc_duty")
    manager.mobile = "13900002222"
    manager.save()
    return {
        "center": center,
        "window": window,
        "admin": admin,
        "manager": manager,
        "clerk": f.staff(Role.CLERK, center_=center, username="dc_clerk"),
        "reception": f.staff(Role.RECEPTION, center_=center, username="dc_reception"),
        "courier": f.staff(Role.COURIER, center_=center, username="dc_courier"),
    }


def test_a_call_from_a_window_is_recorded_with_its_event_and_sms(hall):
    call = services.duty_call_raise(
        actor=f.actor(hall["clerk"]), center=hall["center"], window=hall["window"], reason="争执"
    )
    assert call.status == DutyCallStatus.OPEN and call.where == str(hall["window"])
    event = Event.objects.get(kind="duty.called")
    assert event.payload["window"] == "DC-W01"
    sms = Notification.objects.filter(key__startswith=f"duty:{call.pk}:")
    assert sorted(n.recipient for n in sms) == ["13900001111", "13900002222"]
    assert "呼叫值班长" in sms[0].body
    assert list(selectors.open_calls(hall["center"])) == [call]


def test_the_duty_manager_resolves_it_once_with_a_note(hall):
    call = services.duty_call_raise(
        actor=f.actor(hall["reception"]), center=hall["center"], place="接待台"
    )
    with pytest.raises(ValidationFailed):
        services.duty_call_resolve(actor=f.actor(hall["manager"]), call=call, resolution="  ")
    with pytest.raises(PermissionDenied):
        services.duty_call_resolve(actor=f.actor(hall["clerk"]), call=call, resolution="x")
    done = services.duty_call_resolve(
        actor=f.actor(hall["manager"]), call=call, resolution="已安抚，改约明日"
    )
    assert done.status == DutyCallStatus.RESOLVED and done.resolved_by == hall["manager"]
    assert Event.objects.filter(kind="duty.resolved").count() == 1
    with pytest.raises(Conflict):
        services.duty_call_resolve(actor=f.actor(hall["admin"]), call=call, resolution="again")
    assert not selectors.open_calls(hall["center"]).exists()


def test_a_call_names_its_place_and_its_own_centre(hall):
    other = Window.objects.create(center=f.center(code="OT"), code="OT-W01", number=1, name="w")
    clerk = f.actor(hall["clerk"])
    with pytest.raises(ValidationFailed):
        services.duty_call_raise(actor=clerk, center=hall["center"])
    with pytest.raises(ValidationFailed):
        services.duty_call_raise(actor=clerk, center=hall["center"], window=other)
    with pytest.raises(PermissionDenied):
        services.duty_call_raise(actor=f.actor(hall["courier"]), center=hall["center"], place="x")
    assert not DutyCall.objects.exists()


def test_the_button_and_the_duty_page(client, hall):
    client.force_login(hall["clerk"])
    resp = client.post(
        reverse("hall:duty_call", args=["DC"]),
        {"window": "DC-W01", "reason": "群众情绪激动", "next": "/hall/window/DC-W01/"},
    )
    assert resp.status_code == 302 and resp["Location"] == "/hall/window/DC-W01/"
    assert client.get(reverse("hall:duty", args=["DC"])).status_code == 403
    client.force_login(hall["manager"])
    bench = client.get("/workplace/").content.decode()
    assert 'data-key="hall.duty"' in bench
    page = client.get(reverse("hall:duty", args=["DC"])).content.decode()
    assert "群众情绪激动" in page
    call = DutyCall.objects.get()
    bad = client.post(reverse("hall:duty_resolve", args=["DC", call.pk]), {"resolution": ""})
    assert bad.status_code == 422
    ok = client.post(reverse("hall:duty_resolve", args=["DC", call.pk]), {"resolution": "已处理"})
    assert ok.status_code == 302
    call.refresh_from_db()
    assert call.status == DutyCallStatus.RESOLVED


def test_a_call_with_a_far_away_next_goes_back_to_the_duty_page(client, hall):
    client.force_login(hall["reception"])
    resp = client.post(
        reverse("hall:duty_call", args=["DC"]), {"place": "接待台", "next": "https://evil.example/"}
    )
    assert resp.status_code == 302 and resp["Location"] == reverse("hall:duty", args=["DC"])
