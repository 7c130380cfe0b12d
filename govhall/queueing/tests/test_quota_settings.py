"""The daily ticket quotas set in the workplace (issue 11, issue 12 §1): the
page shows each queue's quota per period with today's walk-in count against
it, and the items' quotas; the centre admin sets and clears them through
quotas.py (audit, event); one bad number changes nothing; the supervisor
reads without forms; another centre's queue or quota is 404."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govhall.core.errors import PermissionDenied, ValidationFailed
from govhall.core.models import AuditLog, Event, Role
from govhall.core.tests import factories as f
from govhall.queueing import quotas, services
from govhall.queueing.models import DailyQuota, TicketStatus
from govhall.queueing.tests.factories import hall as make_hall

pytestmark = pytest.mark.django_db


@pytest.fixture
def h(db):
    h = make_hall("QS")
    center = h["center"]
    h["admin_user"] = f.staff(Role.CENTER_ADMIN, center_=center)
    h["admin"] = f.actor(h["admin_user"])
    h["supervisor"] = f.staff(Role.SUPERVISOR, district_=center.district)
    h["other"] = make_hall("QX")
    h["other_admin"] = f.actor(f.staff(Role.CENTER_ADMIN, center_=h["other"]["center"]))
    return h


def _take(h, item="licence"):
    return services.ticket_issue(actor=h["reception"], center=h["center"], item_code=h[item].code)


def _state():
    rows = DailyQuota.objects.order_by("pk").values_list("queue", "item", "period", "limit")
    return list(rows), Event.objects.filter(kind="quota.changed").count()


def _url(h, name="queues:quotas", *args, center=None):
    return reverse(name, args=[(center or h["center"]).code, *args])


def _login(client, user):
    client.force_login(user)
    return client


# --- the services ----------------------------------------------------------------------------


def test_a_queues_three_numbers_are_set_changed_and_cleared_at_once(h):
    qa = h["qa"]
    quotas.queue_quotas_set(actor=h["admin"], queue=qa, limits={"day": 80, "morning": 50})
    assert dict(DailyQuota.objects.values_list("period", "limit")) == {"day": 80, "morning": 50}
    quotas.queue_quotas_set(
        actor=h["admin"], queue=qa, limits={"day": 60, "morning": None, "afternoon": 30}
    )
    assert dict(DailyQuota.objects.values_list("period", "limit")) == {"day": 60, "afternoon": 30}
    actions = [e.payload["action"] for e in Event.objects.filter(kind="quota.changed")]
    assert actions == ["created", "created", "changed", "deleted", "created"]
    assert AuditLog.objects.filter(action="quota.deleted").count() == 1
    # The same numbers again write nothing.
    before = _state()
    quotas.queue_quotas_set(actor=h["admin"], queue=qa, limits={"day": 60, "afternoon": 30})
    assert _state() == before


@pytest.mark.parametrize(
    "limits",
    [
        {"day": 50, "morning": -1},
        {"day": 50, "morning": quotas.MAX_LIMIT + 1},
        {"day": 50, "morning": "十"},
        {"day": 50, "morning": 2.5},
        {"day": 50, "morning": True},
        {"day": 50, "evening": 3},
    ],
)
def test_one_bad_number_changes_nothing(h, limits):
    quotas.queue_quotas_set(actor=h["admin"], queue=h["qa"], limits={"day": 10})
    before = _state()
    with pytest.raises(ValidationFailed) as exc:
        quotas.queue_quotas_set(actor=h["admin"], queue=h["qa"], limits=limits)
    assert exc.value.code == "invalid_quota" and exc.value.fields
    assert _state() == before


def test_another_centres_queue_and_readers_are_refused(h):
    with pytest.raises(PermissionDenied):
        quotas.queue_quotas_set(actor=h["admin"], queue=h["other"]["qa"], limits={"day": 5})
    with pytest.raises(PermissionDenied):
        quotas.queue_quotas_set(actor=f.actor(h["supervisor"]), queue=h["qa"], limits={"day": 5})
    assert not DailyQuota.objects.exists()


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(day=st.one_of(st.none(), st.integers(-5, quotas.MAX_LIMIT + 5)))
def test_a_number_is_kept_exactly_when_it_is_in_range(h, day):
    DailyQuota.objects.all().delete()
    try:
        quotas.queue_quotas_set(actor=h["admin"], queue=h["qa"], limits={"day": day})
    except ValidationFailed:
        assert day is not None and not 0 <= day <= quotas.MAX_LIMIT
        assert not DailyQuota.objects.exists()
    else:
        assert list(DailyQuota.objects.values_list("limit", flat=True)) == (
            [] if day is None else [day]
        )


def test_usage_counts_walk_ins_as_the_quota_does(h):
    tickets = [_take(h) for _ in range(3)] + [_take(h, "pension")]
    tickets[0].status = TicketStatus.CANCELLED
    tickets[0].save(update_fields=["status"])
    usage = quotas.quota_usage(h["center"])
    assert usage[("queue", h["qa"].pk)]["day"] == 2
    assert usage[("queue", h["qb"].pk)]["day"] == 1
    assert usage[("item", h["licence"].pk)]["day"] == 2
    counted = usage[("queue", h["qa"].pk)]
    assert counted["morning"] + counted["afternoon"] == counted["day"]


# --- the page -----------------------------------------------------------------------------


def test_the_page_shows_each_queue_with_todays_count_against_its_quota(client, h):
    quotas.queue_quotas_set(actor=h["admin"], queue=h["qa"], limits={"day": 2})
    _take(h)
    _take(h)
    quotas.quota_save(
        actor=h["admin"], center=h["center"], item=h["pension"], period="morning", limit=40
    )
    body = _login(client, h["admin_user"]).get(_url(h)).content.decode()
    row = body.split(f'data-queue="{h["qa"].code}"')[1].split("</tr>")[0]
    assert '<span class="used">2</span>' in row and 'value="2"' in row and "已满" in row
    assert h["qb"].name in body and "城乡居民养老保险参保登记" in body
    assert 'id="item-quota-form"' in body


def test_the_admin_sets_and_clears_a_queue_quota_on_the_page(client, h):
    _login(client, h["admin_user"])
    data = {"queue": h["qa"].pk, "day": "120", "morning": "70", "afternoon": ""}
    assert client.post(_url(h), data).status_code == 302
    assert dict(DailyQuota.objects.values_list("period", "limit")) == {"day": 120, "morning": 70}
    data = {"queue": h["qa"].pk, "day": "", "morning": "70", "afternoon": " 40 "}
    assert client.post(_url(h), data).status_code == 302
    assert dict(DailyQuota.objects.values_list("period", "limit")) == {
        "morning": 70,
        "afternoon": 40,
    }


@pytest.mark.parametrize(
    "typed",
    [
        {"day": "-1"},
        {"day": "0.5"},
        {"day": "十"},
        {"day": "10000"},
        {"day": "9" * 40},  # too long
        {"day": "1e3"},
    ],
)
def test_bad_numbers_are_shown_in_their_row_and_nothing_changes(client, h, typed):
    quotas.queue_quotas_set(actor=h["admin"], queue=h["qa"], limits={"day": 10, "morning": 5})
    before = _state()
    data = {"queue": h["qa"].pk, "day": "10", "morning": "5", "afternoon": "", **typed}
    response = _login(client, h["admin_user"]).post(_url(h), data)
    assert response.status_code == 422
    body = response.content.decode()
    row = body.split(f'data-queue="{h["qa"].code}"')[1].split("</tr>")[0]
    assert "has-error" in row.split(">")[0]  # the row's own class
    assert "field-error" in row
    assert _state() == before


def test_a_missing_wrong_or_foreign_queue_is_404(client, h):
    _login(client, h["admin_user"])
    for queue in ("", "abc", "999999", str(h["other"]["qa"].pk), "1" * 40):
        assert client.post(_url(h), {"queue": queue, "day": "5"}).status_code == 404
    assert client.post(_url(h), {"day": "5"}).status_code == 404
    assert not DailyQuota.objects.exists()


def test_item_quotas_are_added_and_cleared(client, h):
    _login(client, h["admin_user"])
    data = {"item": h["licence"].pk, "period": "afternoon", "limit": "15"}
    assert client.post(_url(h, "queues:item_quota_add"), data).status_code == 302
    quota = DailyQuota.objects.get(item=h["licence"])
    assert (quota.period, quota.limit) == ("afternoon", 15)
    again = client.post(_url(h, "queues:item_quota_add"), data)
    assert again.status_code == 409 and DailyQuota.objects.count() == 1
    assert client.post(_url(h, "queues:quota_clear", quota.pk)).status_code == 302
    assert not DailyQuota.objects.exists()
    assert Event.objects.filter(kind="quota.changed").latest("id").payload["action"] == "deleted"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"item": ""}, "item"),
        ({"item": "abc"}, "item"),
        ({"item": "OTHER"}, "item"),  # stationed at another centre only
        ({"limit": ""}, "limit"),
        ({"limit": "-3"}, "limit"),
        ({"limit": "abc"}, "limit"),
        ({"limit": "100000"}, "limit"),
        ({"period": "evening"}, "period"),
        ({"period": ""}, "period"),
    ],
)
def test_bad_item_quotas_are_refused_beside_the_field(client, h, change, field):
    before = _state()
    data = {"item": str(h["licence"].pk), "period": "day", "limit": "10", **change}
    if data["item"] == "OTHER":
        data["item"] = str(h["other"]["licence"].pk)
    response = _login(client, h["admin_user"]).post(_url(h, "queues:item_quota_add"), data)
    assert response.status_code == 422
    assert f'data-field="{field}"' in response.content.decode()
    assert _state() == before


def test_another_centres_quota_or_page_is_refused(client, h):
    theirs = quotas.quota_save(
        actor=h["other_admin"],
        center=h["other"]["center"],
        queue=h["other"]["qa"],
        period="day",
        limit=5,
    )
    before = _state()
    _login(client, h["admin_user"])
    assert client.post(_url(h, "queues:quota_clear", theirs.pk)).status_code == 404
    assert client.post(_url(h, "queues:quota_clear", 999999)).status_code == 404
    other = h["other"]["center"]
    assert client.get(_url(h, center=other)).status_code == 403
    data = {"queue": h["other"]["qa"].pk, "day": "9"}
    assert client.post(_url(h, center=other), data).status_code == 403
    assert _state() == before


def test_the_supervisor_reads_without_forms_and_may_not_post(client, h):
    quota = quotas.quota_save(
        actor=h["admin"], center=h["center"], queue=h["qa"], period="day", limit=30
    )
    before = _state()
    _login(client, h["supervisor"])
    body = client.get(_url(h)).content.decode()
    assert '<span class="limit">30</span>' in body
    assert "quota-input" not in body and 'id="item-quota-form"' not in body
    posts = [
        (_url(h), {"queue": h["qa"].pk, "day": ""}),
        (_url(h, "queues:item_quota_add"), {"item": h["licence"].pk, "period": "day", "limit": 1}),
        (_url(h, "queues:quota_clear", quota.pk), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403
    assert _state() == before
    assert client.get(_url(h, "queues:quota_clear", quota.pk)).status_code == 405


def test_the_hub_links_the_quotas_page(client, h):
    body = _login(client, h["admin_user"]).get(reverse("settings:hub", args=[h["center"].code]))
    assert b'data-key="queueing.quotas"' in body.content
