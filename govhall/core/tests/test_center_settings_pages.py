"""The centre's opening hours and rule overrides set in the workplace
(issue 12 §1): services with audit and event, pages for the centre admin, read
only for the district supervisor, refused to everyone else; bad input of every
kind answers 4xx and changes nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.core import services
from govhall.core.center_settings import SETTINGS, center_setting
from govhall.core.errors import PermissionDenied, ValidationFailed
from govhall.core.hours import DAY_KEYS, MAX_INTERVALS, hours_problems, parse_hhmm
from govhall.core.models import AuditLog, Center, Event, Role
from govhall.core.tests import factories as f

pytestmark = pytest.mark.django_db

WEEK = {str(d): [["09:00", "12:00"], ["13:00", "17:00"]] for d in range(5)}


@pytest.fixture
def site(db):
    d = f.district()
    center = f.center(d, code="ST-A")
    other = f.center(d, code="ST-B")
    center.opening_hours = WEEK
    center.save()
    return {
        "center": center,
        "other": other,
        "admin": f.staff(Role.CENTER_ADMIN, center_=center),
        "other_admin": f.staff(Role.CENTER_ADMIN, center_=other),
        "clerk": f.staff(Role.CLERK, center_=center),
        "supervisor": f.staff(Role.SUPERVISOR, district_=d),
    }


def _fresh(center) -> Center:
    return Center.objects.get(pk=center.pk)


# --- the hours validator ------------------------------------------------------------------


def test_saturday_morning_is_stored_audited_and_announced(site):
    hours = {**WEEK, "5": [["09:00", "12:00"]]}
    services.center_hours_set(actor=f.actor(site["admin"]), center=site["center"], hours=hours)
    assert _fresh(site["center"]).opening_hours["5"] == [["09:00", "12:00"]]
    event = Event.objects.get(kind="center.configured")
    assert event.payload == {"what": "opening_hours", "days": ["5"]}
    log = AuditLog.objects.get(action="center.hours_set")
    assert log.detail["after"]["5"] == [["09:00", "12:00"]]


def test_a_day_without_intervals_is_closed_and_left_out(site):
    hours = {**WEEK, "4": []}
    services.center_hours_set(actor=f.actor(site["admin"]), center=site["center"], hours=hours)
    assert "4" not in _fresh(site["center"]).opening_hours


@pytest.mark.parametrize(
    "day",
    [
        [["9:00", "12:00"]],  # not HH:MM
        [["09:00", "24:00"]],
        [["12:00", "09:00"]],  # start after end
        [["09:00", "09:00"]],
        [["09:00", "12:00"], ["11:00", "13:00"]],  # overlapping
        [["13:00", "17:00"], ["09:00", "12:00"]],  # out of order
        [
            ["08:00", "09:00"],
            ["10:00", "11:00"],
            ["12:00", "13:00"],
            ["14:00", "15:00"],
            ["16:00", "17:00"],
        ],
        [["09:00"]],
        "09:00-12:00",
        [[9, 12]],
        [None],
    ],
)
def test_bad_hours_are_refused_and_nothing_changes(site, day):
    with pytest.raises(ValidationFailed) as exc:
        services.center_hours_set(
            actor=f.actor(site["admin"]), center=site["center"], hours={**WEEK, "5": day}
        )
    assert exc.value.code == "invalid_hours" and "5" in exc.value.fields
    assert _fresh(site["center"]).opening_hours == WEEK
    assert not Event.objects.filter(kind="center.configured").exists()


def test_an_unknown_day_and_a_wrong_type_are_refused(site):
    admin = f.actor(site["admin"])
    for hours in ({"7": [["09:00", "12:00"]]}, {"monday": []}, [["09:00", "12:00"]], "x"):
        with pytest.raises(ValidationFailed):
            services.center_hours_set(actor=admin, center=site["center"], hours=hours)
    assert _fresh(site["center"]).opening_hours == WEEK


def test_only_the_centres_own_admin_sets_hours(site):
    for who in ("clerk", "supervisor", "other_admin"):
        with pytest.raises(PermissionDenied):
            services.center_hours_set(
                actor=f.actor(site[who]), center=site["center"], hours={"0": [["08:00", "12:00"]]}
            )
    assert _fresh(site["center"]).opening_hours == WEEK


_times = st.times().map(lambda t: t.replace(second=0, microsecond=0))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_times, _times), max_size=MAX_INTERVALS + 1))
def test_the_validator_accepts_exactly_ordered_disjoint_intervals(pairs):
    day = [[a.strftime("%H:%M"), b.strftime("%H:%M")] for a, b in pairs]
    expected_ok = (
        len(pairs) <= MAX_INTERVALS
        and all(a < b for a, b in pairs)
        and all(pairs[i][1] <= pairs[i + 1][0] for i in range(len(pairs) - 1))
    )
    assert (not hours_problems({"0": day})) == expected_ok


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=8))
def test_only_hh_mm_times_parse(text):
    parsed = parse_hhmm(text)
    if parsed is not None:
        assert parsed.strftime("%H:%M") == text
    else:
        try:
            ok = dt.datetime.strptime(text, "%H:%M").strftime("%H:%M") == text
        except ValueError:
            ok = False
        assert not ok


# --- the rules ------------------------------------------------------------------------------


def test_a_rule_is_overridden_and_reset_to_its_default(site):
    admin, center = f.actor(site["admin"]), site["center"]
    services.center_setting_set(actor=admin, center=center, key="queue.max_recalls", value=3)
    assert center_setting(_fresh(center), "queue.max_recalls") == 3
    services.center_setting_set(actor=admin, center=center, key="queue.max_recalls", value=None)
    assert "queue.max_recalls" not in _fresh(center).settings
    services.center_setting_set(actor=admin, center=center, key="queue.issue_any_time", value=False)
    assert "queue.issue_any_time" not in _fresh(center).settings  # the default: no override
    kinds = list(
        Event.objects.filter(kind="center.configured")
        .order_by("id")
        .values_list("payload", flat=True)
    )
    assert kinds[0] == {"what": "setting", "key": "queue.max_recalls", "value": 3}
    assert AuditLog.objects.filter(action="center.setting_set").count() == 3


@pytest.mark.parametrize(
    ("key", "value", "code"),
    [
        ("queue.max_recalls", 11, "invalid_setting"),  # above the maximum
        ("queue.max_recalls", -1, "invalid_setting"),
        ("queue.max_recalls", "3", "invalid_setting"),  # wrong type
        ("queue.max_recalls", True, "invalid_setting"),
        ("queue.max_recalls", 2.5, "invalid_setting"),
        ("queue.issue_any_time", 1, "invalid_setting"),
        ("queue.issue_any_time", "yes", "invalid_setting"),
        ("queue.nope", 1, "unknown_setting"),
    ],
)
def test_bad_rule_values_are_refused(site, key, value, code):
    before = dict(site["center"].settings)
    with pytest.raises(ValidationFailed) as exc:
        services.center_setting_set(
            actor=f.actor(site["admin"]), center=site["center"], key=key, value=value
        )
    assert exc.value.code == code
    assert _fresh(site["center"]).settings == before


# --- the pages ------------------------------------------------------------------------------


def _url(name, center):
    return reverse(name, args=[center.code])


def test_the_hub_lists_the_settings_pages_with_slots(client, site):
    client.force_login(site["admin"])
    page = client.get(_url("settings:hub", site["center"])).content.decode()
    for key in ("core.hours", "core.rules", "hall.windows", "queueing.queues", "booking.slots"):
        assert f'data-key="{key}"' in page


def test_saturday_hours_through_the_page(client, site):
    client.force_login(site["admin"])
    url = _url("settings:hours", site["center"])
    data = {}
    for key, intervals in WEEK.items():
        for n, (start, end) in enumerate(intervals):
            data[f"d{key}-{n}-start"], data[f"d{key}-{n}-end"] = start, end
    data.update({"d5-0-start": "09:00", "d5-0-end": "12:00"})
    response = client.post(url, data)
    assert response.status_code == 302
    assert _fresh(site["center"]).opening_hours["5"] == [["09:00", "12:00"]]


@pytest.mark.parametrize(
    "data",
    [
        {"d5-0-start": "09:00"},  # half a pair
        {"d5-0-start": "12:00", "d5-0-end": "09:00"},
        {"d5-0-start": "nine", "d5-0-end": "12:00"},
        {"d5-0-start": "09:00", "d5-0-end": "12:00", "d5-1-start": "11:00", "d5-1-end": "13:00"},
        {"d5-0-start": "09:00:00:00", "d5-0-end": "12:00"},  # too long: cut, then refused
    ],
)
def test_bad_hours_re_render_the_form_and_change_nothing(client, site, data):
    client.force_login(site["admin"])
    response = client.post(_url("settings:hours", site["center"]), data)
    assert response.status_code == 422
    assert 'class="field-error"' in response.content.decode()
    assert _fresh(site["center"]).opening_hours == WEEK


def test_a_rule_through_the_page_and_its_bad_input(client, site):
    client.force_login(site["admin"])
    url = _url("settings:rules", site["center"])
    assert client.post(url, {"key": "booking.days_ahead", "value": "10"}).status_code == 302
    assert center_setting(_fresh(site["center"]), "booking.days_ahead") == 10
    for bad in (
        {"key": "booking.days_ahead", "value": "ten"},
        {"key": "booking.days_ahead", "value": "61"},
        {"key": "booking.days_ahead", "value": ""},
        {"key": "booking.days_ahead", "value": "9" * 300},
        {"key": "no.such", "value": "1"},
        {"value": "1"},
        {"key": "queue.issue_any_time", "value": "maybe"},
    ):
        response = client.post(url, bad)
        assert response.status_code == 422, bad
    assert center_setting(_fresh(site["center"]), "booking.days_ahead") == 10
    assert client.post(url, {"key": "booking.days_ahead", "reset": "1"}).status_code == 302
    assert "booking.days_ahead" not in _fresh(site["center"]).settings


def test_the_page_shows_each_rule_with_default_and_the_centres_value(client, site):
    client.force_login(site["admin"])
    page = client.get(_url("settings:rules", site["center"])).content.decode()
    for key in SETTINGS:
        assert f'data-key="{key}"' in page
    assert "（已修改）" in page  # the test centre's queue.issue_any_time


def test_the_supervisor_reads_without_forms_and_cannot_post(client, site):
    client.force_login(site["supervisor"])
    for name in ("settings:hub", "settings:hours", "settings:rules"):
        page = client.get(_url(name, site["center"]))
        assert page.status_code == 200
        assert 'type="submit"' not in page.content.decode()
    response = client.post(
        _url("settings:hours", site["center"]), {"d5-0-start": "09:00", "d5-0-end": "12:00"}
    )
    assert response.status_code == 403
    assert (
        client.post(
            _url("settings:rules", site["center"]), {"key": "queue.max_recalls", "value": "3"}
        ).status_code
        == 403
    )
    assert _fresh(site["center"]).opening_hours == WEEK


def test_a_clerk_and_another_centres_admin_are_refused(client, site):
    for who in ("clerk", "other_admin"):
        client.force_login(site[who])
        for name in ("settings:hub", "settings:hours", "settings:rules"):
            assert client.get(_url(name, site["center"])).status_code == 403
    assert client.get("/settings/NOPE/").status_code == 404


def test_the_guide_shows_the_centres_hours(client, site):
    site["center"].opening_hours = {**WEEK, "5": [["09:00", "11:30"]]}
    site["center"].save()
    page = client.get(reverse("catalog:center_items", args=[site["center"].code])).content.decode()
    assert 'data-day="5"' in page and "09:00–11:30" in page


def test_every_day_key_is_known():
    assert len(DAY_KEYS) == 8
