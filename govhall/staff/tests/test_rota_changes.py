"""Staff changes and tenure (003 §四(一)3(1)-(2), 001 C.2.7-C.2.8): asked in
writing a month ahead, first in then out, the minimum tenure by the kind of post
(a per-centre setting), decided by the centre; consent ends the predecessor's
profile and starts the successor's."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govhall.core.errors import Conflict, PermissionDenied, ValidationFailed
from govhall.core.models import Role
from govhall.core.tests import factories as f
from govhall.staff.profiles.models import StaffKind, StaffProfile
from govhall.staff.rota import services
from govhall.staff.rota.models import RotaDay, StaffChange, StaffChangeStatus
from govhall.staff.rota.tenure import add_months, months_between, tenure_of

from .rota_factories import hall_center, person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def world(db):
    center = hall_center()
    admin = f.staff(Role.CENTER_ADMIN, center_=center)
    dept = f.department(center.district)
    return {
        "center": center,
        "actor": f.actor(admin),
        "leaving": person(center, started_on=dt.date(2024, 3, 1)),
        "new": f.staff(Role.CLERK, center_=center),  # a role here, no profile yet
        "dispatched": person(
            center,
            Role.REVIEWER,
            kind=StaffKind.DISPATCHED,
            department=dept,
            started_on=dt.date(2026, 3, 1),
        ),
        "dept": dept,
    }


def _request(w, **kw):
    args = {
        "actor": w["actor"],
        "center": w["center"],
        "leaving": w["leaving"],
        "reason": "调回原单位",
        "end_on": dt.date(2027, 1, 29),
        "successor": w["new"],
        "successor_start_on": dt.date(2027, 1, 22),
        "today": TODAY,
    }
    args.update(kw)
    return services.staff_change_request(**args)


# --- the rules of the request ---------------------------------------------------------------


def test_a_change_is_asked_for_a_month_ahead(world):
    with pytest.raises(ValidationFailed) as exc:
        _request(world, end_on=TODAY + dt.timedelta(days=29), successor_start_on=TODAY)
    assert "end_on" in exc.value.fields
    assert not StaffChange.objects.exists()
    change = _request(world, end_on=TODAY + dt.timedelta(days=30), successor_start_on=TODAY)
    assert change.status == StaffChangeStatus.PENDING and change.requested_on == TODAY


def test_the_notice_is_the_centres_setting(world):
    center = world["center"]
    center.settings = {**center.settings, "staff.change_notice_days": 60}
    center.save()
    with pytest.raises(ValidationFailed):
        _request(world, end_on=TODAY + dt.timedelta(days=45), successor_start_on=TODAY)
    assert _request(world, end_on=TODAY + dt.timedelta(days=60), successor_start_on=TODAY)


def test_first_in_then_out(world):
    for start in (dt.date(2027, 1, 29), dt.date(2027, 2, 1)):
        with pytest.raises(ValidationFailed) as exc:
            _request(world, successor_start_on=start)
        assert "successor_start_on" in exc.value.fields
    assert not StaffChange.objects.exists()


def test_the_written_date_counts_and_may_not_be_in_the_future(world):
    with pytest.raises(ValidationFailed) as exc:
        _request(world, requested_on=TODAY + dt.timedelta(days=1))
    assert "requested_on" in exc.value.fields
    # Written on 1 November, recorded on 1 December: 30 days from the letter.
    change = _request(
        world,
        requested_on=dt.date(2026, 11, 1),
        end_on=dt.date(2026, 12, 1),
        successor_start_on=dt.date(2026, 11, 25),
    )
    assert change.requested_on == dt.date(2026, 11, 1)


def test_people_of_another_centre_and_the_leaver_as_own_successor_are_refused(world):
    other = hall_center()
    outsider = person(other)
    with pytest.raises(ValidationFailed) as exc:
        _request(world, leaving=outsider)
    assert "leaving" in exc.value.fields
    for successor in (outsider, world["leaving"]):
        with pytest.raises(ValidationFailed) as exc:
            _request(world, successor=successor)
        assert "successor" in exc.value.fields
    assert not StaffChange.objects.exists()


def test_one_pending_change_per_person_and_only_the_centre_records_it(world):
    _request(world)
    with pytest.raises(Conflict):
        _request(world)
    duty = f.actor(f.staff(Role.DUTY_MANAGER, center_=world["center"]))
    with pytest.raises(PermissionDenied):
        _request(world, actor=duty, leaving=world["dispatched"])
    assert StaffChange.objects.count() == 1


# --- the decision ------------------------------------------------------------------------------


def test_consent_ends_the_predecessor_and_starts_the_successor(world):
    center = world["center"]
    RotaDay.objects.create(center=center, date=dt.date(2027, 1, 28), user=world["leaving"])
    RotaDay.objects.create(center=center, date=dt.date(2027, 2, 1), user=world["leaving"])
    change = services.staff_change_decide(
        actor=world["actor"], change=_request(world), consent=True, today=TODAY
    )
    assert change.status == StaffChangeStatus.CONSENTED and change.decided_on == TODAY
    assert not change.tenure_waived
    old = StaffProfile.objects.get(center=center, user=world["leaving"])
    assert old.ended_on == dt.date(2027, 1, 29)
    new = StaffProfile.objects.get(center=center, user=world["new"])
    assert new.started_on == dt.date(2027, 1, 22) and new.kind == old.kind
    # The leaver keeps the days up to the end, not after.
    assert list(RotaDay.objects.values_list("date", flat=True)) == [dt.date(2027, 1, 28)]
    with pytest.raises(Conflict):
        services.staff_change_decide(actor=world["actor"], change=change, consent=False, reason="x")


def test_a_successor_who_already_serves_keeps_their_start(world):
    serving = person(world["center"], started_on=dt.date(2025, 5, 1))
    change = _request(world, successor=serving)
    services.staff_change_decide(actor=world["actor"], change=change, consent=True, today=TODAY)
    profile = StaffProfile.objects.get(center=world["center"], user=serving)
    assert profile.started_on == dt.date(2025, 5, 1)


def test_short_of_the_minimum_tenure_consent_needs_a_reason(world):
    # Dispatched since 2026-03-01: 12 months (003) are reached on 2027-03-01.
    change = _request(world, leaving=world["dispatched"])
    with pytest.raises(ValidationFailed) as exc:
        services.staff_change_decide(actor=world["actor"], change=change, consent=True, today=TODAY)
    assert "reason" in exc.value.fields
    change.refresh_from_db()
    assert change.status == StaffChangeStatus.PENDING
    assert StaffProfile.objects.get(user=world["dispatched"]).ended_on is None
    done = services.staff_change_decide(
        actor=world["actor"], change=change, consent=True, reason="部门工作急需，同意", today=TODAY
    )
    assert done.tenure_waived and done.decision_reason == "部门工作急需，同意"


def test_the_minimum_is_a_per_centre_setting(world):
    profile = StaffProfile.objects.get(user=world["dispatched"])
    assert tenure_of(profile, dt.date(2027, 3, 1)).reached(dt.date(2027, 3, 1))
    center = world["center"]
    center.settings = {**center.settings, "staff.tenure_dispatched_months": 24}  # 001 C.2.7
    center.save()
    profile = StaffProfile.objects.select_related("center").get(user=world["dispatched"])
    tenure = tenure_of(profile, dt.date(2027, 3, 1))
    assert tenure.minimum == 24 and not tenure.reached(dt.date(2027, 3, 1))
    assert tenure.reached_on == dt.date(2028, 3, 1)


def test_refusal_needs_a_reason_and_changes_no_profile(world):
    change = _request(world)
    with pytest.raises(ValidationFailed):
        services.staff_change_decide(actor=world["actor"], change=change, consent=False)
    done = services.staff_change_decide(
        actor=world["actor"], change=change, consent=False, reason="未满期限", today=TODAY
    )
    assert done.status == StaffChangeStatus.REFUSED
    assert StaffProfile.objects.get(user=world["leaving"]).ended_on is None
    assert not StaffProfile.objects.filter(user=world["new"]).exists()


def test_a_successor_to_be_named_must_be_named_before_consent(world):
    change = _request(world, successor=None)
    with pytest.raises(ValidationFailed) as exc:
        services.staff_change_decide(actor=world["actor"], change=change, consent=True, today=TODAY)
    assert "successor" in exc.value.fields
    done = services.staff_change_decide(
        actor=world["actor"], change=change, consent=True, successor=world["new"], today=TODAY
    )
    assert done.successor == world["new"]
    assert StaffProfile.objects.filter(user=world["new"], center=world["center"]).exists()


# --- months, as arithmetic ------------------------------------------------------------------------


@given(start=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)), k=st.integers(0, 240))
def test_months_between_undoes_add_months(start, k):
    assert months_between(start, add_months(start, k)) == k


@given(
    start=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
    end=st.dates(dt.date(2000, 1, 1), dt.date(2035, 12, 31)),
    minimum=st.integers(1, 60),
)
def test_the_minimum_is_reached_exactly_when_enough_whole_months_have_passed(start, end, minimum):
    reached_on = add_months(start, minimum)
    assert (end >= reached_on) == (months_between(start, end) >= minimum)
