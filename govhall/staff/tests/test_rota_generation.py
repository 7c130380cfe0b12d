"""The duty manager rota (003 §四(一)3(5)): two or more named staff take turns,
one a service day (working days of the calendar and the Saturday service),
never a person on leave that day or without a profile at the centre."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govhall.core.errors import Conflict, PermissionDenied, ValidationFailed
from govhall.core.models import Event, Membership, Role
from govhall.core.months import Month
from govhall.core.opening import intervals_on
from govhall.core.tests import factories as f
from govhall.core.workdays import WorkingCalendar
from govhall.staff.rota import days as rota_days
from govhall.staff.rota import services
from govhall.staff.rota.days import plan_turns
from govhall.staff.rota.models import DutyManager, RotaDay

from .rota_factories import hall_center, leave_source, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_leave():
    yield from leave_source()


@pytest.fixture
def rota(db):
    center = hall_center()
    admin = f.staff(Role.CENTER_ADMIN, center_=center)
    people = [
        person(center, username=f"rota_p{i}", started_on=dt.date(2020, 1, 1)) for i in range(3)
    ]
    actor = f.actor(admin)
    for p in people:
        services.duty_manager_name(actor=actor, center=center, user=p, today=dt.date(2026, 1, 5))
    return {"center": center, "admin": admin, "actor": actor, "people": people}


# --- the turns, as a pure rule ----------------------------------------------------------------

days_st = st.lists(
    st.dates(dt.date(2026, 1, 1), dt.date(2026, 3, 31)), unique=True, max_size=40
).map(sorted)


@given(
    days=days_st,
    n=st.integers(2, 5),
    blocked_bits=st.lists(st.integers(0, 31), max_size=40),
    after=st.one_of(st.none(), st.integers(0, 4)),
)
def test_turns_skip_the_blocked_and_otherwise_go_round(days, n, blocked_bits, after):
    people = list(range(100, 100 + n))
    blocked = {
        d: {people[i] for i in range(n) if bits >> i & 1}
        for d, bits in zip(days, blocked_bits, strict=False)
    }
    start = people[after] if after is not None and after < n else None
    plan, unfilled = plan_turns(days, people, taken={}, blocked=blocked, after=start)
    assert sorted([*plan, *unfilled]) == days  # every day: someone, or nobody could
    for day in unfilled:
        assert blocked.get(day, set()) >= set(people)
    for day, who in plan.items():
        assert who not in blocked.get(day, set())
    if not any(blocked.values()):
        first = (people.index(start) + 1) % n if start else 0
        assert [plan[d] for d in days] == [people[(first + k) % n] for k in range(len(days))]


@given(days=days_st, kept=st.lists(st.integers(0, 39), max_size=10))
def test_days_already_on_the_rota_stay_and_move_the_turn_on(days, kept):
    people = [1, 2]
    taken = {days[i]: 2 for i in kept if i < len(days)}
    plan, unfilled = plan_turns(days, people, taken=taken, blocked={})
    assert not unfilled and not set(plan) & set(taken)
    merged = {**plan, **taken}
    for earlier, later in itertools.pairwise(days):
        if later in plan:  # a generated day follows whoever had the day before
            assert merged[later] != merged[earlier]


# --- the service, on the real calendar ----------------------------------------------------------


def _service_day(center, day: dt.date) -> bool:
    return WorkingCalendar().is_working_day(day) or bool(intervals_on(center, day))


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    month=st.tuples(st.integers(2024, 2026), st.integers(1, 12)),
    leaves=st.lists(
        st.tuples(st.integers(0, 2), st.integers(1, 28), st.integers(0, 6)), max_size=6
    ),
)
def test_a_generated_month_alternates_on_service_days_and_never_on_leave(
    rota, fake_leave, month, leaves
):
    center, people = rota["center"], rota["people"]
    RotaDay.objects.filter(center=center).delete()
    fake_leave.spans.clear()
    first = dt.date(*month, 1)
    for who, day, length in leaves:
        start = first.replace(day=day)
        fake_leave.add(people[who], start, start + dt.timedelta(days=length))
    result = services.rota_generate(
        actor=rota["actor"], center=center, month=Month(first), today=first
    )
    rows = list(RotaDay.objects.filter(center=center).order_by("date"))
    last = Month(first).following_first - dt.timedelta(days=1)
    expected = [
        d
        for d in (first + dt.timedelta(days=k) for k in range((last - first).days + 1))
        if _service_day(center, d)
    ]
    assert sorted([r.date for r in rows] + result.unfilled) == expected
    for row in rows:
        assert not fake_leave.on_leave(row.user_id, row.date), row
    for day in result.unfilled:
        assert all(fake_leave.on_leave(p.pk, day) for p in people)
    if not leaves:
        ids = [p.pk for p in people]
        assert [r.user_id for r in rows] == [ids[k % 3] for k in range(len(rows))]


def test_saturday_service_and_make_up_days_are_on_the_rota_holidays_are_not(rota):
    center = rota["center"]
    result = services.rota_generate(
        actor=rota["actor"],
        center=center,
        month=Month(dt.date(2026, 10, 1)),
        today=dt.date(2026, 10, 1),
    )
    dates = {r.date for r in result.created}
    assert dt.date(2026, 10, 10) in dates  # 调休 Saturday
    assert dt.date(2026, 10, 17) in dates  # the Saturday service
    assert not dates & {dt.date(2026, 10, d) for d in range(1, 8)}  # 国庆
    assert dt.date(2026, 10, 18) not in dates  # Sunday
    town = hall_center(saturday=False)
    assert dt.date(2026, 10, 17) not in rota_days.service_days(
        town, dt.date(2026, 10, 1), dt.date(2026, 10, 31)
    )


def test_generation_continues_the_turn_of_the_month_before_and_keeps_edited_days(rota):
    center, (a, b, c) = rota["center"], rota["people"]
    actor = rota["actor"]
    services.rota_generate(
        actor=actor, center=center, month=Month(dt.date(2026, 11, 1)), today=dt.date(2026, 11, 1)
    )
    last_nov = RotaDay.objects.filter(center=center, date__month=11).order_by("-date").first()
    services.rota_set_day(
        actor=actor, center=center, day=dt.date(2026, 12, 2), user=a, today=dt.date(2026, 11, 20)
    )
    services.rota_generate(
        actor=actor, center=center, month=Month(dt.date(2026, 12, 1)), today=dt.date(2026, 11, 20)
    )
    ids = [a.pk, b.pk, c.pk]
    dec1 = RotaDay.objects.get(center=center, date=dt.date(2026, 12, 1))
    assert dec1.user_id == ids[(ids.index(last_nov.user_id) + 1) % 3]
    assert RotaDay.objects.get(center=center, date=dt.date(2026, 12, 2)).user == a
    dec3 = RotaDay.objects.get(center=center, date=dt.date(2026, 12, 3))
    assert dec3.user == b  # after the kept day's person
    again = services.rota_generate(
        actor=actor, center=center, month=Month(dt.date(2026, 12, 1)), today=dt.date(2026, 11, 20)
    )
    assert again.created == [] and Event.objects.filter(kind="rota.generated").count() == 2


def test_past_days_are_not_laid_out_and_a_past_month_is_refused(rota):
    center, actor = rota["center"], rota["actor"]
    result = services.rota_generate(
        actor=actor, center=center, month=Month(dt.date(2026, 12, 1)), today=dt.date(2026, 12, 15)
    )
    assert min(r.date for r in result.created) >= dt.date(2026, 12, 15)
    with pytest.raises(Conflict) as exc:
        services.rota_generate(
            actor=actor,
            center=center,
            month=Month(dt.date(2026, 11, 1)),
            today=dt.date(2026, 12, 15),
        )
    assert exc.value.code == "rota_past"


def test_a_person_whose_profile_ends_takes_no_day_after(rota):
    center, a = rota["center"], rota["people"][0]
    a.staff_profiles.filter(center=center).update(ended_on=dt.date(2026, 12, 10))
    services.rota_generate(
        actor=rota["actor"],
        center=center,
        month=Month(dt.date(2026, 12, 1)),
        today=dt.date(2026, 12, 1),
    )
    assert not RotaDay.objects.filter(user=a, date__gt=dt.date(2026, 12, 10)).exists()
    assert RotaDay.objects.filter(user=a, date__lte=dt.date(2026, 12, 10)).exists()


def test_two_duty_managers_at_least_and_only_the_centre_lays_out(db):
    center = hall_center()
    admin = f.actor(f.staff(Role.CENTER_ADMIN, center_=center))
    only = person(center)
    services.duty_manager_name(actor=admin, center=center, user=only)
    with pytest.raises(Conflict) as exc:
        services.rota_generate(actor=admin, center=center, month=Month(dt.date(2026, 12, 1)))
    assert exc.value.code == "too_few_duty_managers"
    duty = f.actor(f.staff(Role.DUTY_MANAGER, center_=center))
    with pytest.raises(PermissionDenied):
        services.rota_generate(actor=duty, center=center, month=Month(dt.date(2026, 12, 1)))
    assert not RotaDay.objects.exists()


def test_naming_gives_the_role_removing_takes_back_only_what_it_gave(rota):
    center, actor = rota["center"], rota["actor"]
    p0 = rota["people"][0]
    assert Membership.objects.filter(user=p0, center=center, role=Role.DUTY_MANAGER).exists()
    held = person(center, Role.DUTY_MANAGER)
    manager = services.duty_manager_name(actor=actor, center=center, user=held)
    assert not manager.granted_role
    with pytest.raises(Conflict):
        services.duty_manager_name(actor=actor, center=center, user=held)
    services.rota_generate(
        actor=actor, center=center, month=Month(dt.date(2026, 12, 1)), today=dt.date(2026, 12, 1)
    )
    cleared = services.duty_manager_remove(
        actor=actor, center=center, user=p0, today=dt.date(2026, 12, 10)
    )
    assert cleared > 0
    assert not RotaDay.objects.filter(user=p0, date__gt=dt.date(2026, 12, 10)).exists()
    assert RotaDay.objects.filter(user=p0, date__lte=dt.date(2026, 12, 10)).exists()
    assert not Membership.objects.filter(user=p0, center=center, role=Role.DUTY_MANAGER).exists()
    services.duty_manager_remove(actor=actor, center=center, user=held)
    assert Membership.objects.filter(user=held, center=center, role=Role.DUTY_MANAGER).exists()


def test_only_people_with_a_profile_at_the_centre_are_named(rota):
    center, actor = rota["center"], rota["actor"]
    no_profile = f.staff(Role.CLERK, center_=center)
    other = hall_center()
    elsewhere = person(other)
    for user in (no_profile, elsewhere):
        with pytest.raises(ValidationFailed) as exc:
            services.duty_manager_name(actor=actor, center=center, user=user)
        assert "user" in exc.value.fields
    assert DutyManager.objects.filter(center=center).count() == 3
    assert not Membership.objects.filter(user=elsewhere, role=Role.DUTY_MANAGER).exists()


# --- editing day by day -------------------------------------------------------------------------


def test_a_swap_exchanges_two_days_and_refuses_a_person_on_leave(rota, fake_leave):
    center, actor = rota["center"], rota["actor"]
    today = dt.date(2026, 12, 1)
    services.rota_generate(actor=actor, center=center, month=Month(today), today=today)
    d1, d2 = dt.date(2026, 12, 1), dt.date(2026, 12, 2)
    before = {r.date: r.user_id for r in RotaDay.objects.filter(date__in=[d1, d2])}
    a, b = services.rota_swap(actor=actor, center=center, first=d1, second=d2, today=today)
    assert (a.user_id, b.user_id) == (before[d2], before[d1])
    # The one who would move onto 12-03 is on leave then: refused, nothing changed.
    d3 = dt.date(2026, 12, 3)
    day3 = RotaDay.objects.get(date=d3)
    fake_leave.add(RotaDay.objects.get(date=d1).user, d3)
    state = dict(RotaDay.objects.values_list("date", "user_id"))
    with pytest.raises(Conflict) as exc:
        services.rota_swap(actor=actor, center=center, first=d1, second=d3, today=today)
    assert (
        exc.value.code == "on_leave"
        and dict(RotaDay.objects.values_list("date", "user_id")) == state
    )
    assert day3.user_id == state[d3]


def test_a_swap_of_a_past_day_an_empty_day_or_the_same_day_is_refused(rota):
    center, actor = rota["center"], rota["actor"]
    today = dt.date(2026, 12, 10)
    services.rota_generate(
        actor=actor, center=center, month=Month(today), today=dt.date(2026, 12, 1)
    )
    state = dict(RotaDay.objects.values_list("date", "user_id"))
    with pytest.raises(Conflict):
        services.rota_swap(
            actor=actor,
            center=center,
            first=dt.date(2026, 12, 1),
            second=dt.date(2026, 12, 11),
            today=today,
        )
    with pytest.raises(ValidationFailed):
        services.rota_swap(
            actor=actor,
            center=center,
            first=dt.date(2026, 12, 11),
            second=dt.date(2026, 12, 11),
            today=today,
        )
    with pytest.raises(ValidationFailed):  # a Sunday is not a service day
        services.rota_swap(
            actor=actor,
            center=center,
            first=dt.date(2026, 12, 11),
            second=dt.date(2026, 12, 13),
            today=today,
        )
    assert dict(RotaDay.objects.values_list("date", "user_id")) == state


def test_setting_a_day_refuses_leave_and_someone_not_named(rota, fake_leave):
    center, actor, (a, b, _c) = rota["center"], rota["actor"], rota["people"]
    day = dt.date(2026, 12, 4)
    fake_leave.add(a, day)
    with pytest.raises(Conflict):
        services.rota_set_day(
            actor=actor, center=center, day=day, user=a, today=dt.date(2026, 12, 1)
        )
    stranger = person(center)
    with pytest.raises(ValidationFailed):
        services.rota_set_day(
            actor=actor, center=center, day=day, user=stranger, today=dt.date(2026, 12, 1)
        )
    assert not RotaDay.objects.exists()
    row = services.rota_set_day(
        actor=actor, center=center, day=day, user=b, today=dt.date(2026, 12, 1)
    )
    assert row.user == b


def test_without_a_leave_source_nobody_is_on_leave(rota):
    assert (
        rota_days.leave_days(
            rota["center"],
            [p.pk for p in rota["people"]],
            dt.date(2026, 12, 1),
            dt.date(2026, 12, 31),
        )
        == {}
    )
