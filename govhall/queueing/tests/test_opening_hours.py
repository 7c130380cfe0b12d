"""Tickets follow the hall's opening hours (issue 11, "Opening hours and
holidays"): weekday hours with the midday break, public holidays closed unless
the centre gives holiday hours (无休日, 001 表14), 调休 make-up days open, a few
minutes' early issuing; the refusal and the kiosk say when it opens next."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.core.errors import Conflict
from govhall.core.opening import issue_window
from govhall.queueing import services
from govhall.queueing.tests.factories import hall as make_hall

TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hh=10, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=TZ)


@pytest.fixture
def h(db):
    h = make_hall("OH")
    c = h["center"]
    c.settings = {**c.settings, "queue.issue_any_time": False, "queue.issue_early_minutes": 30}
    c.opening_hours = {
        **{str(d): [["09:00", "12:00"], ["13:30", "17:00"]] for d in range(5)},
        "5": [["09:00", "12:00"]],
    }
    c.save()
    return h


def take(h, now):
    return services.ticket_issue(
        actor=h["reception"], center=h["center"], item_code=h["licence"].code, now=now
    )


def test_open_hours_take_tickets_and_the_break_and_night_do_not(h):
    assert take(h, at(2026, 12, 1, 10)).number == "A001"  # a Tuesday morning
    assert take(h, at(2026, 12, 1, 8, 40)).number == "A002"  # 20 min early is fine
    for closed in (at(2026, 12, 1, 12, 30), at(2026, 12, 1, 17, 0), at(2026, 12, 1, 23, 59)):
        with pytest.raises(Conflict) as refused:
            take(h, closed)
        assert refused.value.code == "hall_closed"
    with pytest.raises(Conflict) as refused:
        take(h, at(2026, 12, 1, 12, 30))
    # The refusal says when the hall opens next: the afternoon session.
    assert refused.value.fields["next_opening"] == at(2026, 12, 1, 13, 30).isoformat()
    assert "12月1日" in str(refused.value.message) and "13:30" in str(refused.value.message)


def test_saturday_morning_only_and_sunday_closed(h):
    assert take(h, at(2026, 12, 5, 11)).number  # Saturday extended service
    with pytest.raises(Conflict):
        take(h, at(2026, 12, 5, 14))
    with pytest.raises(Conflict) as refused:
        take(h, at(2026, 12, 6, 10))  # Sunday
    assert refused.value.fields["next_opening"] == at(2026, 12, 7, 9).isoformat()


def test_a_public_holiday_is_closed_unless_the_centre_serves_on_holidays(h):
    # 2026-10-01 (Thursday) is National Day; the holiday runs to 7 October.
    with pytest.raises(Conflict) as refused:
        take(h, at(2026, 10, 1, 10))
    assert refused.value.fields["next_opening"] == at(2026, 10, 8, 9).isoformat()
    c = h["center"]
    c.opening_hours = {**c.opening_hours, "holiday": [["09:00", "12:00"]]}  # 无休日
    c.save()
    assert take(h, at(2026, 10, 1, 10)).number


def test_a_make_up_working_day_on_a_weekend_opens_with_working_hours(h):
    # Sunday 2026-09-20 is a make-up working day (调休) before the National Day.
    assert take(h, at(2026, 9, 20, 15)).number


def test_a_centre_with_no_hours_at_all_says_no_opening_is_planned(h):
    c = h["center"]
    c.opening_hours = {}
    c.save()
    with pytest.raises(Conflict) as refused:
        take(h, at(2026, 12, 1, 10))
    assert "next_opening" not in refused.value.fields


def test_unreadable_hours_are_skipped_not_an_error(h):
    c = h["center"]
    c.opening_hours = {"1": [["09:00"], ["25:00", "26:00"], "x", ["14:00", "16:00"]]}
    c.save()
    assert issue_window(c, at(2026, 12, 1, 15)).open
    assert not issue_window(c, at(2026, 12, 1, 10)).open


def test_kiosk_says_when_the_hall_opens(h, client):
    from govhall.core.tests import factories as f

    client.force_login(f.staff("reception", center_=h["center"]))
    from time_machine import travel

    with travel(at(2026, 12, 1, 20), tick=False):
        page = client.get(f"/hall/{h['center'].code}/kiosk/").content.decode()
    assert "现在不在取号时间" in page and "12月2日" in page and "09:00" in page
    with travel(at(2026, 12, 1, 10), tick=False):
        page = client.get(f"/hall/{h['center'].code}/kiosk/").content.decode()
    assert "现在不在取号时间" not in page


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(minutes=st.integers(min_value=0, max_value=14 * 24 * 60))
def test_next_opening_is_later_and_open_then(minutes):
    """For any moment in a fortnight: when closed, the next opening is later and
    issuing is open from then on (property, on the hours of the fixture)."""
    from govhall.core.models import Center

    c = Center(
        code="P",
        name="P",
        opening_hours={str(d): [["09:00", "12:00"], ["13:30", "17:00"]] for d in range(5)},
        settings={"queue.issue_early_minutes": 0},
    )
    moment = at(2026, 11, 2, 0) + dt.timedelta(minutes=minutes)
    window = issue_window(c, moment)
    if not window.open:
        assert window.next_opening > moment
        assert issue_window(c, window.next_opening).open
        assert not issue_window(c, window.next_opening - dt.timedelta(minutes=1)).open
