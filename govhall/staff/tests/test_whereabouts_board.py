"""The whereabouts board (工作人员去向栏): one row per post holder of the active
windows, by window; statuses from presence; the public page and the API are
built by one selector and agree for every status; names and staff numbers only."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from govhall.core.models import Event
from govhall.core.tests import factories as f
from govhall.hall.models import Post, WindowPost
from govhall.queueing.tests.factories import window as make_window
from govhall.staff.whereabouts import selectors, services

from . import whereabouts_world as ww
from .whereabouts_world import MORNING, person

fake, hall, morning = ww.fake, ww.hall, ww.morning
pytestmark = pytest.mark.django_db


def api(client, center):
    return client.get(f"/api/v1/centers/{center.code}/whereabouts")


def every_status(h, fake):
    """Four people at four posts, in every status (and one off)."""
    c = h["center"]
    w3, w4 = make_window(c, 3), make_window(c, 4)
    t, lv = person(c, name="刘洋"), person(c, name="赵强")
    WindowPost.objects.create(window=w3, post=Post.A, user=t)
    WindowPost.objects.create(window=w4, post=Post.A, user=lv)
    fake.here |= {h["b"].pk}
    fake.training(t, MORNING - dt.timedelta(hours=1), MORNING + dt.timedelta(hours=2))
    fake.leave(lv, MORNING - dt.timedelta(days=1), MORNING + dt.timedelta(days=2), "病假")
    services.away_start(
        actor=f.actor(h["a"]),
        center=c,
        reason="meeting",
        expected_back_at=MORNING + dt.timedelta(minutes=45),
    )
    off = person(c, name="孙丽")
    WindowPost.objects.create(window=make_window(c, 5), post=Post.A, user=off)
    return {"training": t, "leave": lv, "off": off}


def test_the_selector_gives_each_status(hall, fake, morning):
    h = hall
    more = every_status(h, fake)
    rows = selectors.board_rows(h["center"])
    by = {(r.window_number, r.post): r for r in rows}
    assert [(r.window_number, r.post) for r in rows] == sorted(by)  # by window, A then B
    assert by[(1, "A")].status == "away" and by[(1, "A")].status_label == "暂离"
    assert by[(1, "A")].until == MORNING + dt.timedelta(minutes=45)
    assert by[(1, "B")].status == "at_post" and by[(1, "B")].serving  # B serves window 1
    assert not by[(1, "A")].serving
    assert by[(2, "A")].status == "at_post" and by[(2, "A")].serving
    assert (by[(3, "A")].status, by[(3, "A")].status_label) == ("training", "培训")
    assert (by[(4, "A")].status, by[(4, "A")].status_label) == ("leave", "休假")
    assert by[(4, "A")].until == MORNING + dt.timedelta(days=2)
    assert (by[(5, "A")].status, by[(5, "A")].status_label) == ("off", "未到岗")
    assert by[(5, "A")].until is None and by[(5, "A")].name == more["off"].display_name


def test_off_reads_rest_when_the_hall_is_closed(hall, morning):
    morning.move_to(MORNING.replace(hour=12, minute=30))  # the midday break
    rows = selectors.board_rows(hall["center"])
    assert {r.status_label for r in rows} == {"休息"}


def test_page_and_api_agree_for_every_status(client, hall, fake, morning):
    h = hall
    every_status(h, fake)
    data = api(client, h["center"]).json()
    page = client.get(f"/staff/whereabouts/{h['center'].code}/board/").content.decode()
    shown = re.findall(
        r'data-window="([^"]+)">.*?(?=<article|</section>)', page, flags=re.S
    )  # one card per window
    assert len(shown) == len({d["window"] for d in data})
    statuses = {d["status"] for d in data}
    assert statuses == {"at_post", "away", "leave", "training", "off"}
    for d in data:
        row = re.search(
            rf'<li class="wb-row status-(\w+)[^"]*" data-post="{d["post"]}" data-status="(\w+)" '
            rf'data-staff="{d["staff_number"]}">(.*?)</li>',
            page,
            flags=re.S,
        )
        assert row, d
        assert row.group(1) == row.group(2) == d["status"]
        assert d["name"] in row.group(3)
        if d["status"] == "away":
            assert "暂离" in row.group(3) and d["until"][11:16] in row.group(3)
    # The same rows, the same order, from the one selector.
    rows = selectors.board_rows(h["center"])
    assert data == json.loads(json.dumps([r.as_api() for r in rows], default=_iso))


def _iso(value):
    from django.utils import timezone

    return timezone.localtime(value).isoformat()


def test_the_api_shape_is_the_contract_and_nothing_personal(client, hall, morning):
    h = hall
    h["a"].mobile = "13900001111"
    h["a"].save()
    services.away_start(
        actor=f.actor(h["a"]),
        center=h["center"],
        reason="other",
        note="去医院取药",
        expected_back_at=MORNING + dt.timedelta(minutes=30),
    )
    response = api(client, h["center"])
    assert response.status_code == 200
    body = response.content.decode()
    for secret in ("13900001111", "医院", "other", "meeting", h["a"].username):
        assert secret not in body
    rows = response.json()
    assert [(r["window"], r["post"]) for r in rows] == [
        (h["w1"].code, "A"),
        (h["w1"].code, "B"),
        (h["w2"].code, "A"),
        (h["w2"].code, "B"),
    ]
    away = rows[0]
    assert set(away) == {"window", "window_name", "post", "staff_number", "name", "status", "until"}
    assert away["until"].endswith("+08:00") and away["status"] == "away"
    assert "until" not in rows[1]  # omitted when there is none


def test_unknown_centre_is_a_404_in_the_error_shape(client, hall):
    response = client.get("/api/v1/centers/NOPE/whereabouts")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "center_not_found"
    assert set(response.json()["error"]) == {"code", "message", "fields"}
    assert client.get("/staff/whereabouts/NOPE/board/").status_code == 404
    odd = client.get("/api/v1/centers/a%00b/whereabouts")
    assert odd.status_code in (400, 404) and "error" in odd.json()


def test_an_inactive_centre_is_not_found(client, hall):
    hall["center"].is_active = False
    hall["center"].save()
    assert api(client, hall["center"]).status_code == 404


def test_inactive_windows_are_hidden(client, hall, morning):
    hall["w2"].is_active = False
    hall["w2"].save()
    rows = api(client, hall["center"]).json()
    assert {r["window"] for r in rows} == {hall["w1"].code}
    page = client.get(f"/staff/whereabouts/{hall['center'].code}/board/").content.decode()
    assert hall["w2"].code not in page


def test_the_public_api_is_rate_limited(client, hall):
    from govhall.api import api as ninja_api

    throttle = ninja_api.throttle[0]
    old = throttle.rate, throttle.num_requests, throttle.duration
    throttle.rate, throttle.num_requests, throttle.duration = "2/m", 2, 60
    try:
        codes = [
            client.get(
                f"/api/v1/centers/{hall['center'].code}/whereabouts", REMOTE_ADDR="10.9.9.8"
            ).status_code
            for _ in range(3)
        ]
        refused = client.get(
            f"/api/v1/centers/{hall['center'].code}/whereabouts", REMOTE_ADDR="10.9.9.8"
        )
    finally:
        throttle.rate, throttle.num_requests, throttle.duration = old
    assert codes == [200, 200, 429]
    assert refused.json()["error"]["code"] == "rate_limited"


def test_the_board_refreshes_itself_and_its_fragment_is_the_cards(client, hall, morning):
    url = f"/staff/whereabouts/{hall['center'].code}/board/"
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 15s"' in page and "htmx.min.js" in page
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.strip().startswith('<div id="wb-cards">') and "<html" not in fragment
    assert "张伟" in fragment


def test_the_board_is_public_and_writes_nothing(client, hall, morning):
    before = Event.objects.count()
    assert client.get(f"/staff/whereabouts/{hall['center'].code}/board/").status_code == 200
    assert Event.objects.count() == before


def test_english_board(client, hall, morning):
    page = client.get(
        f"/staff/whereabouts/{hall['center'].code}/board/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Staff whereabouts" in page
