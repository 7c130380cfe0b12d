"""The rota, staff-change and tenure pages: who may read and change them, and
bad input (missing, too long, wrong type, another centre's person or change, a
step out of order) answered 4xx with the page and nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from govhall.core.models import Event, Role
from govhall.core.months import Month
from govhall.core.tests import factories as f
from govhall.staff.rota import services
from govhall.staff.rota.models import DutyManager, RotaDay, StaffChange, StaffChangeStatus

from .rota_factories import hall_center, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db, client):
    center = hall_center()
    admin = f.staff(Role.CENTER_ADMIN, center_=center)
    a = person(center, Role.DUTY_MANAGER, username="pg_duty")
    b = person(center, username="pg_clerk2")
    c = person(center, username="pg_clerk3")
    actor = f.actor(admin)
    for user in (a, b):
        services.duty_manager_name(actor=actor, center=center, user=user)
    other = hall_center()
    client.force_login(admin)
    return {
        "center": center,
        "admin": admin,
        "a": a,
        "b": b,
        "c": c,
        "actor": actor,
        "other": other,
        "outsider": person(other),
        "client": client,
        "base": f"/staff/{center.code}",
    }


def _snapshot():
    return (
        list(RotaDay.objects.values_list("date", "user_id")),
        list(DutyManager.objects.values_list("user_id", flat=True)),
        list(StaffChange.objects.values_list("pk", "status")),
        Event.objects.count(),
    )


def _month_after_next() -> str:
    first = (timezone.localdate().replace(day=1) + dt.timedelta(days=40)).replace(day=1)
    return f"{first:%Y-%m}"


def test_the_rota_page_reads_for_staff_read_and_changes_for_staff_manage(site, client):
    page = client.get(f"{site['base']}/rota/")
    assert page.status_code == 200 and "生成本月排班" in page.content.decode()
    client.force_login(site["a"])  # a duty manager reads, no forms
    page = client.get(f"{site['base']}/rota/?month=2026-12")
    assert page.status_code == 200 and "生成本月排班" not in page.content.decode()
    assert client.post(f"{site['base']}/rota/generate/", {"month": "2026-12"}).status_code == 403
    client.force_login(site["c"])  # a clerk not named: no staff.read
    assert client.get(f"{site['base']}/rota/").status_code == 403
    client.force_login(f.staff(Role.CENTER_ADMIN, center_=site["other"]))
    assert client.get(f"{site['base']}/rota/").status_code == 403


def test_generating_from_the_page(site, client):
    month = _month_after_next()
    response = client.post(f"{site['base']}/rota/generate/", {"month": month})
    assert response.status_code == 302 and response["Location"].endswith(f"?month={month}")
    assert RotaDay.objects.filter(center=site["center"]).exists()
    page = client.get(response["Location"]).content.decode()
    assert "已排" in page and site["a"].display_name in page


@pytest.mark.parametrize(
    "data",
    [{}, {"month": ""}, {"month": "2026-12-01"}, {"month": "abcd-ef"}, {"month": "2026-13"}],
    ids=["missing", "empty", "too-long", "wrong-type", "no-such-month"],
)
def test_generating_with_bad_input_changes_nothing(site, client, data):
    before = _snapshot()
    response = client.post(f"{site['base']}/rota/generate/", data)
    assert response.status_code == 422 and "alert" in response.content.decode()
    assert _snapshot() == before


def test_a_past_month_is_refused_out_of_order(site, client):
    before = _snapshot()
    response = client.post(f"{site['base']}/rota/generate/", {"month": "2020-01"})
    assert response.status_code == 409 and _snapshot() == before


@pytest.fixture
def laid_out(site):
    month = _month_after_next()
    first = dt.date.fromisoformat(f"{month}-01")
    services.rota_generate(
        actor=site["actor"], center=site["center"], month=Month(first), today=first
    )
    days = list(RotaDay.objects.filter(center=site["center"]).order_by("date")[:2])
    return days


def test_swapping_two_days_from_the_page(site, client, laid_out):
    d1, d2 = laid_out
    response = client.post(
        f"{site['base']}/rota/swap/", {"first": d1.date.isoformat(), "second": d2.date.isoformat()}
    )
    assert response.status_code == 302
    assert RotaDay.objects.get(pk=d1.pk).user_id == d2.user_id
    assert RotaDay.objects.get(pk=d2.pk).user_id == d1.user_id


@pytest.mark.parametrize(
    "data,status",
    [
        ({}, 422),
        ({"first": "2026-12-01"}, 422),
        ({"first": "yesterday", "second": "2026-12-02"}, 422),
        ({"first": "2026-12-01" * 3, "second": "2026-12-02"}, 422),
        ({"first": "2020-01-06", "second": "2020-01-07"}, 409),
    ],
    ids=["missing", "one-day", "wrong-type", "too-long", "past"],
)
def test_swapping_with_bad_input_changes_nothing(site, client, laid_out, data, status):
    before = _snapshot()
    response = client.post(f"{site['base']}/rota/swap/", data)
    assert response.status_code == status
    assert _snapshot() == before


def test_setting_a_day_for_another_centres_person_is_refused(site, client, laid_out):
    before = _snapshot()
    day = laid_out[0].date.isoformat()
    response = client.post(f"{site['base']}/rota/set/", {"date": day, "user": site["outsider"].pk})
    assert response.status_code == 422 and _snapshot() == before
    response = client.post(f"{site['base']}/rota/set/", {"date": day, "user": "x"})
    assert response.status_code == 422 and _snapshot() == before
    response = client.post(f"{site['base']}/rota/set/", {"date": day, "user": 10**30})
    assert response.status_code == 422 and _snapshot() == before
    response = client.post(f"{site['base']}/rota/set/", {"date": day, "user": site["b"].pk})
    assert response.status_code == 302
    assert RotaDay.objects.get(center=site["center"], date=laid_out[0].date).user == site["b"]


def test_naming_and_removing_duty_managers_from_the_page(site, client):
    before = _snapshot()
    for data in ({}, {"user": "abc"}, {"user": site["outsider"].pk}, {"user": 987654321}):
        response = client.post(f"{site['base']}/rota/managers/", data)
        assert 400 <= response.status_code < 500, data
    assert _snapshot() == before
    response = client.post(f"{site['base']}/rota/managers/", {"user": site["c"].pk})
    assert response.status_code == 302
    assert DutyManager.objects.filter(center=site["center"], user=site["c"]).exists()
    response = client.post(f"{site['base']}/rota/managers/remove/", {"user": site["outsider"].pk})
    assert response.status_code == 404
    response = client.post(f"{site['base']}/rota/managers/remove/", {"user": site["c"].pk})
    assert response.status_code == 302
    assert not DutyManager.objects.filter(user=site["c"]).exists()


# --- staff changes --------------------------------------------------------------------------


def _change_form(site, **kw):
    today = timezone.localdate()
    data = {
        "leaving": site["b"].pk,
        "reason": "调回原单位",
        "requested_on": today.isoformat(),
        "end_on": (today + dt.timedelta(days=45)).isoformat(),
        "successor": site["c"].pk,
        "successor_start_on": (today + dt.timedelta(days=38)).isoformat(),
    }
    data.update(kw)
    return {k: v for k, v in data.items() if v is not None}


def test_recording_a_change_from_the_page(site, client):
    assert client.get(f"{site['base']}/changes/new/").status_code == 200
    response = client.post(f"{site['base']}/changes/new/", _change_form(site, successor=""))
    assert response.status_code == 302
    change = StaffChange.objects.get()
    assert change.successor is None and change.status == StaffChangeStatus.PENDING
    page = client.get(f"{site['base']}/changes/").content.decode()
    assert "待定" in page and site["b"].display_name in page


@pytest.mark.parametrize(
    "kw",
    [
        {"reason": None},
        {"reason": "长" * 201},
        {"end_on": "next month"},
        {"leaving": "abc"},
        {"successor_start_on": None},
        {"end_on": (dt.date.today() + dt.timedelta(days=10)).isoformat()},
        {"successor_start_on": (dt.date.today() + dt.timedelta(days=50)).isoformat()},
    ],
    ids=[
        "missing",
        "too-long",
        "wrong-type",
        "wrong-id",
        "no-start",
        "not-a-month-ahead",
        "out-then-in",
    ],
)
def test_recording_a_change_with_bad_input_changes_nothing(site, client, kw):
    before = _snapshot()
    response = client.post(f"{site['base']}/changes/new/", _change_form(site, **kw))
    assert response.status_code == 422
    assert "field-error" in response.content.decode()
    assert _snapshot() == before


def test_another_centres_person_cannot_leave_or_come_in(site, client):
    before = _snapshot()
    for kw in ({"leaving": site["outsider"].pk}, {"successor": site["outsider"].pk}):
        response = client.post(f"{site['base']}/changes/new/", _change_form(site, **kw))
        assert response.status_code == 422, kw
    assert _snapshot() == before


def _pending(site):
    today = timezone.localdate()
    return services.staff_change_request(
        actor=site["actor"],
        center=site["center"],
        leaving=site["b"],
        reason="调回原单位",
        end_on=today + dt.timedelta(days=45),
        successor=site["c"],
        successor_start_on=today + dt.timedelta(days=38),
    )


def test_deciding_from_the_page_and_bad_decisions(site, client):
    change = _pending(site)
    url = f"{site['base']}/changes/{change.pk}/decide/"
    before = _snapshot()
    for data, status in (
        ({}, 422),
        ({"decision": "maybe"}, 422),
        ({"decision": "refuse"}, 422),  # a refusal gives its reason
        ({"decision": "refuse", "reason": "长" * 201}, 422),
        ({"decision": "consent", "successor": "abc"}, 422),
    ):
        response = client.post(url, data)
        assert response.status_code == status, data
    assert _snapshot() == before
    other_change = StaffChange.objects.create(
        center=site["other"],
        leaving=site["outsider"],
        reason="x",
        requested_on=timezone.localdate(),
        end_on=timezone.localdate() + dt.timedelta(days=40),
        successor_start_on=timezone.localdate(),
    )
    response = client.post(
        f"{site['base']}/changes/{other_change.pk}/decide/", {"decision": "consent"}
    )
    assert response.status_code == 404
    assert client.post(url, {"decision": "consent"}).status_code == 302
    change.refresh_from_db()
    assert change.status == StaffChangeStatus.CONSENTED
    again = client.post(url, {"decision": "refuse", "reason": "再议"})
    assert again.status_code == 409  # decided already: out of order
    change.refresh_from_db()
    assert change.status == StaffChangeStatus.CONSENTED


def test_a_duty_manager_reads_changes_but_does_not_decide(site, client):
    change = _pending(site)
    client.force_login(site["a"])
    page = client.get(f"{site['base']}/changes/")
    assert page.status_code == 200 and 'name="decision"' not in page.content.decode()
    assert client.get(f"{site['base']}/changes/new/").status_code == 403
    response = client.post(f"{site['base']}/changes/{change.pk}/decide/", {"decision": "consent"})
    assert response.status_code == 403
    change.refresh_from_db()
    assert change.status == StaffChangeStatus.PENDING


def test_the_tenure_overview(site, client):
    page = client.get(f"{site['base']}/tenure/").content.decode()
    assert site["b"].display_name in page and "24 个月" in page and "已满" in page


def test_a_department_lead_sees_their_departments_people_only(site, client):
    center = site["center"]
    dept = f.department(center.district)
    ours = person(center, Role.REVIEWER, kind="dispatched", department=dept)
    lead = f.staff(Role.DEPT_LEAD, center_=center, department_=dept)
    client.force_login(lead)
    page = client.get(f"{site['base']}/tenure/").content.decode()
    assert ours.display_name in page and site["b"].display_name not in page
