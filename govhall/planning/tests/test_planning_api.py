"""GET /api/v1/centers/{center}/planning/day (API.md) and the pages: the row
shape, and every bad input answered with the error shape, never a 500."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from govhall.core.services import token_create

from .planning_world import NEXT_MONDAY, SH, TODAY

KEYS = {
    "start",
    "end",
    "arrivals_expected",
    "service_minutes",
    "windows_needed",
    "windows_rostered",
    "expected_wait_minutes",
}


@pytest.fixture
def api(world):
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(15), tzinfo=SH), tick=False):
        yield world


def get(world, who, path, **params):
    raw = token_create(kind="staff", user=world[who])[1]
    return Client(headers={"Authorization": f"Bearer {raw}"}).get(path, params)


def url(world, center=None):
    return f"/api/v1/centers/{center or world['center'].code}/planning/day"


def error(response, status, code=None):
    assert response.status_code == status, response.content
    body = response.json()["error"]
    assert set(body) == {"code", "message", "fields"} and body["message"]
    if code:
        assert body["code"] == code
    return body


def test_the_day_per_half_hour(api):
    rows = get(api, "admin", url(api), date=NEXT_MONDAY.isoformat()).json()
    assert len(rows) == 14 and all(set(r) == KEYS for r in rows)  # 9-12, 13-17
    assert rows[0]["start"] == "2026-11-30T09:00:00+08:00" and rows[-1]["end"].endswith(
        "17:00:00+08:00"
    )
    for r in rows:
        load = r["arrivals_expected"] * r["service_minutes"] / 30
        assert r["windows_needed"] >= load - 0.1 and r["windows_rostered"] == 3
    # One queue; the duty manager may read it too; no date: the next working day.
    one = get(api, "duty", url(api), date=NEXT_MONDAY.isoformat(), queue=api["qa"].code).json()
    assert sum(r["arrivals_expected"] for r in one) < sum(r["arrivals_expected"] for r in rows)
    nxt = get(api, "admin", url(api)).json()
    assert nxt[0]["start"].startswith("2026-11-26")
    # A closed day has no half hours.
    assert get(api, "admin", url(api), date="2026-11-29").json() == []


def test_bad_input_gets_the_error_shape(api):
    error(get(api, "admin", url(api), date="1999-01-04"), 422, "date_out_of_range")
    error(get(api, "admin", url(api), date="2030-01-07"), 422, "date_out_of_range")
    error(get(api, "admin", url(api), date="2026-13-45"), 422)
    error(get(api, "admin", url(api), date="tomorrow"), 422)
    error(get(api, "admin", url(api), queue="NOPE"), 404, "queue_not_found")
    error(get(api, "admin", url(api), queue="Q" * 40), 422)
    error(get(api, "admin", url(api), queue=""), 422)
    error(get(api, "admin", url(api, "NO-SUCH")), 404, "center_not_found")
    # Another centre's admin; a clerk without planning.read; nobody.
    error(get(api, "other_admin", url(api)), 403)
    error(get(api, "plain_clerk", url(api)), 403)
    assert Client().get(url(api)).status_code == 401


def test_pages_answer_and_refuse(api, client):
    client.force_login(api["admin"])
    page = f"/planning/{api['center'].code}/"
    ok = client.get(page, {"date": NEXT_MONDAY.isoformat(), "simulate": "1", "extra": "1"})
    assert ok.status_code == 200
    text = ok.content.decode()
    assert (
        "所需窗口" in text and "仿真等候" in text and "假设前所需" not in text
    )  # (chart label in JS)
    assert ok.context["base"] is not None and ok.context["sim"] is not None
    merged = client.get(
        page, {"date": NEXT_MONDAY.isoformat(), "queue": api["qa"].code, "merge": api["qb"].code}
    )
    assert (
        merged.status_code == 200
        and merged.context["separate"] >= merged.context["plan"].peak_needed
    )
    assert client.get(page, {"date": "1999-01-04"}).status_code == 422
    assert client.get(page, {"date": "x"}).status_code == 422
    assert client.get(page, {"extra": "-3"}).status_code == 422
    assert client.get(page, {"queue": "NOPE"}).status_code == 404
    assert client.get(page, {"merge": "NOPE", "queue": api["qa"].code}).status_code == 404
    year = f"/planning/{api['center'].code}/year/"
    assert client.get(year).status_code == 200
    assert client.get(year, {"year": "1999"}).status_code == 422
    assert client.get(year, {"year": "2999"}).status_code == 422
    client.force_login(api["other_admin"])
    assert client.get(page).status_code == 403
    assert client.get("/planning/NO-SUCH/").status_code == 404
