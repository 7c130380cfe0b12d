"""Who serves at a window (001 附录B B.4): A at post serves; A away, B takes
over; both away, the cover named for the absence. Absences and punches come
from sources registered with staff.presence, as leave and attendance will."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from govhall.hall import selectors as hall_selectors
from govhall.staff import posts, presence
from govhall.staff.presence import Absence, Status
from govhall.staff.profiles import services

from .profiles_factories import world

pytestmark = pytest.mark.django_db

AWAY: list[Absence] = []
HERE: set[int] = set()


def _absences(center, user_ids, start, end):
    return [
        a
        for a in AWAY
        if a.user_id in user_ids and a.start < end and (a.end is None or a.end > start)
    ]


def _present(center, user_ids, at):
    return HERE & set(user_ids)


@pytest.fixture
def w():
    presence.register_absence_source(_absences)
    presence.register_present_source(_present)
    data = world()
    for post, key in (("A", "a"), ("B", "b")):
        services.post_assign(actor=data["actor"], window=data["w1"], post=post, user=data[key].user)
    yield data
    AWAY.clear()
    HERE.clear()
    presence._absence_sources.remove(_absences)
    presence._present_sources.remove(_present)


def _away(profile, cover=None, status=Status.LEAVE):
    now = timezone.now()
    AWAY.append(
        Absence(
            user_id=profile.user_id,
            status=status,
            start=now - dt.timedelta(hours=1),
            end=now + dt.timedelta(hours=3),
            label="事假",
            cover_user_id=cover.user_id if cover else None,
        )
    )


def _who(window):
    found = posts.serving(window)
    return (found.user.pk, found.post) if found else None


def test_a_at_post_serves(w):
    assert _who(w["w1"]) == (w["a"].user_id, "A")
    assert hall_selectors.serving_user(w["w1"]) == w["a"].user


def test_a_away_b_takes_over(w):
    _away(w["a"])
    assert _who(w["w1"]) == (w["b"].user_id, "B")
    assert hall_selectors.serving_user(w["w1"]) == w["b"].user


def test_both_away_the_named_cover_serves(w):
    _away(w["a"], cover=w["c"])
    _away(w["b"], status=Status.TRAINING)
    assert _who(w["w1"]) == (w["c"].user_id, "cover")


def test_both_away_without_a_cover_nobody_serves(w):
    _away(w["a"])
    _away(w["b"], status=Status.AWAY)
    assert _who(w["w1"]) is None
    assert posts.uncovered_windows(
        w["center"], w["a"].user, timezone.now(), timezone.now() + dt.timedelta(hours=1)
    ) == [w["w1"]]


def test_a_cover_who_is_away_too_does_not_serve(w):
    _away(w["a"], cover=w["c"])
    _away(w["b"])
    _away(w["c"])
    assert _who(w["w1"]) is None


def test_who_has_punched_in_serves_before_who_has_not(w):
    HERE.add(w["b"].user_id)
    assert _who(w["w1"]) == (w["b"].user_id, "B")
    HERE.add(w["a"].user_id)
    assert _who(w["w1"]) == (w["a"].user_id, "A")


def test_an_absence_that_ended_leaves_a_serving(w):
    now = timezone.now()
    AWAY.append(
        Absence(
            w["a"].user_id, Status.LEAVE, now - dt.timedelta(hours=3), now - dt.timedelta(hours=1)
        )
    )
    assert _who(w["w1"]) == (w["a"].user_id, "A")


def test_the_console_and_the_hall_screen_say_who_serves_now(w):
    client = Client()
    client.force_login(w["admin"])
    _away(w["a"])
    console = client.get(reverse("queueing:console", args=[w["w1"].code]))
    body = console.content.decode()
    assert console.status_code == 200
    assert "当前在岗" in body and w["b"].user.display_name in body and "B岗（A岗不在岗）" in body
    screen = client.get(f"/staff/service-screen/{w['center'].code}/")
    cell = screen.content.decode().split(f'data-window="{w["w1"].code}"')[1].split("screen-cell")[0]
    assert w["b"].user.display_name in cell and "B岗" in cell
    assert w["a"].user.display_name not in cell
