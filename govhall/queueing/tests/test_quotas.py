"""Daily quotas (issue 11): a cap of walk-in tickets per queue or item, per day
and per half-day split by the midday break; when reached, 409 `quota_reached`
saying which part of the day and that an appointment can be made. Appointment
check-ins and cancelled tickets do not use a place."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govhall.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from govhall.core.models import Event, Role, TokenKind
from govhall.core.services import token_create
from govhall.core.tests import factories as f
from govhall.queueing import quotas, services
from govhall.queueing.models import DailyQuota, Ticket
from govhall.queueing.tests.factories import hall as make_hall

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def at(hh, mm=0, day=dt.date(2026, 12, 2)):  # a Wednesday
    return dt.datetime.combine(day, dt.time(hh, mm), tzinfo=TZ)


@pytest.fixture
def h(db):
    h = make_hall("QT")
    h["admin"] = f.actor(f.staff(Role.CENTER_ADMIN, center_=h["center"]))
    return h


def cap(h, limit, period="day", **target):
    target = target or {"queue": h["qa"]}
    return quotas.quota_save(
        actor=h["admin"], center=h["center"], period=period, limit=limit, **target
    )


def take(h, now, item=None, **kw):
    item = item or h["licence"]
    return services.ticket_issue(
        actor=h["reception"], center=h["center"], item_code=item.code, now=now, **kw
    )


def test_a_day_quota_refuses_the_next_ticket_and_says_book(h):
    cap(h, 2)
    take(h, at(9)), take(h, at(10))
    with pytest.raises(Conflict) as err:
        take(h, at(15))
    assert err.value.code == "quota_reached" and err.value.status == 409
    assert "今天" in str(err.value.message) and "预约" in str(err.value.message)
    assert Ticket.objects.count() == 2
    # Another queue is not touched; tomorrow starts afresh.
    take(h, at(15), item=h["pension"])
    take(h, at(9, day=dt.date(2026, 12, 3)))


def test_half_days_split_at_the_midday_break(h):
    h["center"].opening_hours = {str(d): [["09:00", "11:30"], ["13:30", "17:00"]] for d in range(5)}
    h["center"].save()
    cap(h, 1, "morning"), cap(h, 2, "afternoon")
    take(h, at(8, 40))
    with pytest.raises(Conflict) as morning:
        take(h, at(11, 20))
    assert "上午" in str(morning.value.message) and "下午再来" in str(morning.value.message)
    # The break has begun at 11:30: the afternoon's places.
    take(h, at(11, 40)), take(h, at(14))
    with pytest.raises(Conflict) as afternoon:
        take(h, at(16))
    assert "下午" in str(afternoon.value.message) and "预约" in str(afternoon.value.message)


def test_without_a_break_the_morning_ends_at_noon(h):
    h["center"].opening_hours = {str(d): [["08:30", "17:00"]] for d in range(5)}
    h["center"].save()
    assert quotas.midday(h["center"], at(9).date()) == at(12)
    cap(h, 1, "morning")
    take(h, at(11, 59))
    take(h, at(12))  # afternoon: no quota set


def test_an_item_quota_counts_that_item_only(h):
    cap(h, 1, item=h["licence"])
    take(h, at(9))
    with pytest.raises(Conflict):
        take(h, at(9, 5))
    take(h, at(9, 10), item=h["pension"])


def test_appointments_do_not_count_and_are_never_refused(h):
    cap(h, 1)
    take(h, at(9), is_appointment=True, channel="appointment")
    take(h, at(9, 5))  # the one walk-in place is still free
    take(h, at(9, 10), is_appointment=True, channel="appointment")  # booked: never refused
    assert Ticket.objects.filter(is_appointment=True).count() == 2


def test_a_cancelled_ticket_gives_its_place_back(h):
    cap(h, 1)
    ticket = take(h, at(9))
    with pytest.raises(Conflict):
        take(h, at(9, 1))
    services.ticket_cancel(actor=h["reception"], ticket=ticket, now=at(9, 2))
    take(h, at(9, 3))


def test_a_zero_quota_stops_walk_ins(h):
    cap(h, 0, "afternoon")
    take(h, at(9))
    with pytest.raises(Conflict):
        take(h, at(14))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(limit=st.integers(0, 6), minutes=st.lists(st.integers(0, 8 * 60), max_size=10))
def test_never_more_tickets_than_the_quota(h, limit, minutes):
    Ticket.objects.all().delete()
    DailyQuota.objects.all().delete()
    cap(h, limit, "day")
    issued = 0
    for m in sorted(minutes):
        try:
            take(h, at(9) + dt.timedelta(minutes=m))
            issued += 1
        except Conflict:
            pass
    assert issued == min(limit, len(minutes))


def test_the_api_answers_409_in_the_error_shape_in_both_languages(h, client):
    cap(h, 0)
    raw = token_create(kind=TokenKind.KIOSK, center=h["center"])[1]
    url = f"/api/v1/centers/{h['center'].code}/tickets"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    body = {"item": h["licence"].code}
    resp = client.post(url, body, content_type="application/json", **auth)
    assert resp.status_code == 409
    error = resp.json()["error"]
    assert error["code"] == "quota_reached" and "预约" in error["message"]
    assert error["fields"] == {}
    en = client.post(url, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en", **auth)
    assert en.status_code == 409 and "appointment" in en.json()["error"]["message"]
    # A kiosk from another vendor sees it before trying.
    queues = {q["code"]: q for q in client.get(f"/api/v1/centers/{h['center'].code}/queues").json()}
    assert queues["QA"]["quota_full"] == "今天的现场取号名额已满"
    assert queues["QB"]["quota_full"] is None


# --- the centre sets them ----------------------------------------------------------------


def test_setting_a_quota_checks_its_target_and_writes_an_event(h):
    quota = cap(h, 5, "morning")
    assert Event.objects.filter(kind="quota.changed").last().payload["limit"] == 5
    with pytest.raises(Conflict) as twice:
        cap(h, 6, "morning")
    assert twice.value.code == "quota_exists"
    quotas.quota_save(
        actor=h["admin"], center=h["center"], queue=h["qa"], period="morning", limit=7, quota=quota
    )
    assert DailyQuota.objects.get().limit == 7
    for bad in [
        {"queue": h["qa"], "item": h["licence"]},
        {},
        {"queue": h["qa"], "limit": -1},
        {"queue": h["qa"], "period": "evening"},
    ]:
        kw = {"period": "day", "limit": 3, **bad}
        with pytest.raises(ValidationFailed) as err:
            quotas.quota_save(actor=h["admin"], center=h["center"], **kw)
        assert err.value.code == "invalid_quota"


def test_another_centres_queue_or_quota_is_refused(h):
    other = make_hall("QO")
    with pytest.raises(ValidationFailed):
        cap(h, 3, queue=other["qa"])
    with pytest.raises(ValidationFailed):
        cap(h, 3, item=other["licence"])  # stationed there, not here
    with pytest.raises(PermissionDenied):
        quotas.quota_save(
            actor=h["admin"], center=other["center"], queue=other["qa"], period="day", limit=1
        )
    other_admin = f.actor(f.staff(Role.CENTER_ADMIN, center_=other["center"]))
    theirs = quotas.quota_save(
        actor=other_admin, center=other["center"], queue=other["qa"], period="day", limit=1
    )
    with pytest.raises(NotFound):
        quotas.quota_save(
            actor=h["admin"], center=h["center"], queue=h["qa"], period="day", limit=9, quota=theirs
        )
    with pytest.raises(PermissionDenied):
        quotas.quota_delete(actor=h["admin"], quota=theirs)
    with pytest.raises(PermissionDenied):
        cap({**h, "admin": h["clerk"]}, 3)
    assert DailyQuota.objects.get().limit == 1


def test_the_centre_admin_edits_quotas_in_the_admin(h, client):
    user = h["admin"].user
    user.is_staff = True
    user.save()
    for action in ("view", "add", "change", "delete"):
        user.user_permissions.add(Permission.objects.get(codename=f"{action}_dailyquota"))
    client.force_login(user)
    other = make_hall("QA2")
    form = client.get("/admin/queueing/dailyquota/add/").content.decode()
    assert h["qa"].name in form and f'value="{other["qa"].pk}"' not in form
    resp = client.post(
        "/admin/queueing/dailyquota/add/",
        {"center": h["center"].pk, "queue": h["qa"].pk, "period": "morning", "limit": "30"},
    )
    assert resp.status_code == 302
    assert DailyQuota.objects.get().limit == 30
    assert Event.objects.filter(kind="quota.changed").exists()
    both = client.post(
        "/admin/queueing/dailyquota/add/",
        {
            "center": h["center"].pk,
            "queue": h["qa"].pk,
            "item": h["licence"].pk,
            "period": "day",
            "limit": "3",
        },
    )
    assert "请指定队列或事项之一" in both.content.decode()
