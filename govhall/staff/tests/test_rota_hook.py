"""A duty call (hall) reaches today's duty manager on the rota only (hook
`hall.duty_managers`); on a day without a rota day, or when today's person is
on leave, it reaches everyone holding duty.answer as before. The duty page and
the workbench name today's duty manager."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from govhall.core.models import Notification, Role
from govhall.core.tests import factories as f
from govhall.hall import selectors as hall_selectors
from govhall.hall import services as hall_services
from govhall.hall.models import Window
from govhall.staff.rota import services
from govhall.staff.rota.models import RotaDay

from .rota_factories import hall_center, leave_source, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_leave():
    yield from leave_source()


@pytest.fixture
def hall(db):
    center = hall_center()
    window = Window.objects.create(center=center, code="RH-W01", number=1, name="综合窗口")
    admin = f.staff(Role.CENTER_ADMIN, center_=center)
    admin.mobile = "13900000001"
    admin.save()
    duty = person(center, Role.DUTY_MANAGER, mobile="13900000002")
    clerk2 = person(center, Role.CLERK, mobile="13900000003")
    actor = f.actor(admin)
    for user in (duty, clerk2):
        services.duty_manager_name(actor=actor, center=center, user=user)
    return {
        "center": center,
        "window": window,
        "admin": admin,
        "duty": duty,
        "clerk2": clerk2,
        "clerk": f.staff(Role.CLERK, center_=center),
    }


def _call(hall):
    call = hall_services.duty_call_raise(
        actor=f.actor(hall["clerk"]), center=hall["center"], window=hall["window"], reason="争执"
    )
    return sorted(
        Notification.objects.filter(key__startswith=f"duty:{call.pk}:").values_list(
            "recipient", flat=True
        )
    )


def _today_is(hall, user):
    RotaDay.objects.update_or_create(
        center=hall["center"], date=timezone.localdate(), defaults={"user": user}
    )


def test_a_duty_call_sms_goes_to_todays_rota_person_only(hall):
    _today_is(hall, hall["clerk2"])
    assert _call(hall) == ["13900000003"]
    assert hall_selectors.duty_managers_on_rota(hall["center"]) == [hall["clerk2"]]


def test_without_a_rota_day_today_everyone_holding_duty_answer_is_called(hall):
    RotaDay.objects.create(
        center=hall["center"], date=timezone.localdate() + dt.timedelta(days=1), user=hall["duty"]
    )
    # The admin, the duty manager, and the clerk given the role by being named.
    assert _call(hall) == ["13900000001", "13900000002", "13900000003"]
    assert hall_selectors.duty_managers_on_rota(hall["center"]) is None


def test_todays_person_on_leave_falls_back_to_everyone(hall, fake_leave):
    _today_is(hall, hall["duty"])
    fake_leave.add(hall["duty"], timezone.localdate())
    assert _call(hall) == ["13900000001", "13900000002", "13900000003"]


def test_another_centres_rota_does_not_answer_here(hall):
    other = hall_center()
    stranger = person(other, mobile="13900000009")
    RotaDay.objects.create(center=other, date=timezone.localdate(), user=stranger)
    assert "13900000009" not in _call(hall)


def test_the_duty_page_and_the_workbench_name_todays_duty_manager(hall, client):
    _today_is(hall, hall["clerk2"])
    name = hall["clerk2"].display_name
    client.force_login(hall["duty"])
    page = client.get(f"/duty/{hall['center'].code}/")
    assert page.status_code == 200
    assert "今日值班长" in page.content.decode() and name in page.content.decode()
    bench = client.get("/workplace/").content.decode()
    assert f"今日值班长：{name}" in bench
    client.force_login(hall["clerk"])  # no staff.read: no rota entry
    assert "今日值班长" not in client.get("/workplace/").content.decode()
