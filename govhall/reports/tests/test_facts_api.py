"""GET /centers/{center}/reports/summary and /districts/{district}/reports/summary
(API.md): the shape, the scoping (another district's centre or district
refused), and bad periods answered with the error shape."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from govhall.core.models import Role
from govhall.core.services import token_create
from govhall.core.tests import factories as f
from govhall.queueing.models import Ticket
from govhall.queueing.tests.factories import hall as make_hall
from govhall.reports.facts import services

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
DAY = dt.date(2026, 5, 6)


@pytest.fixture
def w():
    h = make_hall("RA")
    center = h["center"]
    other = make_hall("RB")["center"]  # another district
    sibling = f.center(center.district, code="RA-S")
    users = {
        "admin": f.staff(Role.CENTER_ADMIN, center_=center),
        "supervisor": f.staff(Role.SUPERVISOR, district_=center.district),
        "clerk": h["clerk"].user,
        "other_admin": f.staff(Role.CENTER_ADMIN, center_=other),
        "other_supervisor": f.staff(Role.SUPERVISOR, district_=other.district),
    }
    tokens = {k: token_create(kind="staff", user=u)[1] for k, u in users.items()}
    issued = dt.datetime.combine(DAY, dt.time(9), tzinfo=SH)
    for i in range(3):
        Ticket.objects.create(
            center=center,
            queue=h["qa"],
            service_date=DAY,
            seq=i + 1,
            number=f"A{i + 1:03d}",
            status="done",
            channel="kiosk",
            sort_at=issued,
            issued_at=issued,
            first_called_at=issued + dt.timedelta(minutes=10 * (i + 1)),
            started_at=issued + dt.timedelta(minutes=10 * (i + 1)),
            finished_at=issued + dt.timedelta(minutes=10 * (i + 1) + 4),
        )
    services.facts_write_day(center=center, day=DAY)
    return {"center": center, "other": other, "sibling": sibling, "tokens": tokens}


def get(w, who, path):
    headers = {"Authorization": f"Bearer {w['tokens'][who]}"} if who else {}
    return Client(headers=headers).get(f"/api/v1{path}")


SHAPE = {
    "tickets",
    "served",
    "no_shows",
    "wait",
    "service",
    "bookings",
    "cases",
    "evaluations",
    "complaints",
}


def test_the_centre_summary_for_the_admin_and_the_supervisor(w):
    path = f"/centers/{w['center'].code}/reports/summary?from=2026-05-01&to=2026-05-31"
    for who in ("admin", "supervisor"):
        r = get(w, who, path)
        assert r.status_code == 200, r.content
        body = r.json()
        assert SHAPE <= set(body)
        assert body["tickets"] == 3 and body["served"] == 3 and body["no_shows"] == 0
        assert body["wait"] == {"mean_minutes": 20.0, "p90_minutes": 30.0}
        assert body["service"] == {"mean_minutes": 4.0}
        assert body["bookings"] == {"made": 0, "kept": 0, "no_show": 0}
        assert set(body["cases"]) == {"accepted", "completed", "on_time_rate", "overdue"}
        assert set(body["evaluations"]) == {
            "count",
            "satisfaction_rate",
            "bad",
            "real_name_bad_reply_rate",
            "objective_bad_rectify_rate",
        }
        assert set(body["complaints"]) == {"received", "closed", "on_time_rate"}


def test_the_district_summary_per_centre_and_in_total(w):
    d = w["center"].district.code
    r = get(w, "supervisor", f"/districts/{d}/reports/summary?from=2026-05-01&to=2026-05-31")
    assert r.status_code == 200, r.content
    body = r.json()
    codes = [c["center"] for c in body["centers"]]
    assert set(codes) == {w["center"].code, w["sibling"].code}
    assert body["total"]["tickets"] == 3
    assert sum(c["tickets"] for c in body["centers"]) == 3


def test_scoping_another_district_is_refused(w):
    path = f"/centers/{w['center'].code}/reports/summary?from=2026-05-01&to=2026-05-31"
    for who in ("other_admin", "other_supervisor"):
        r = get(w, who, path)
        assert r.status_code in (403, 404) and "error" in r.json()
    assert get(w, "clerk", path).status_code == 403
    assert get(w, None, path).status_code == 401
    d = w["center"].district.code
    for who in ("other_supervisor", "admin"):
        r = get(w, who, f"/districts/{d}/reports/summary")
        assert r.status_code == 403 and r.json()["error"]["code"] in (
            "forbidden_district",
            "forbidden_role",
        ), r.content
    r = get(w, "supervisor", "/districts/NOPE/reports/summary")
    assert r.status_code == 404 and r.json()["error"]["code"] == "district_not_found"
    assert get(w, "admin", "/centers/NOPE/reports/summary").status_code == 404


@pytest.mark.parametrize(
    "query, field",
    [
        ("from=2026-05-31&to=2026-05-01", "from"),
        ("from=2000-01-01&to=2019-12-31", "to"),
        ("from=2026-13-01&to=2026-05-01", "from"),
        ("from=yesterday&to=2026-05-01", "from"),
        ("from=2026-05-01", "to"),
        ("to=2026-05-01", "from"),
        ("from=" + "9" * 300 + "&to=2026-05-01", "from"),
    ],
)
def test_bad_periods_answer_the_error_shape(w, query, field):
    for path in (
        f"/centers/{w['center'].code}/reports/summary?{query}",
        f"/districts/{w['center'].district.code}/reports/summary?{query}",
    ):
        r = get(w, "supervisor", path)
        assert r.status_code == 422, (path, r.content)
        error = r.json()["error"]
        assert error["code"] in ("bad_period", "bad_date", "period_too_long")
        assert field in error["fields"]
