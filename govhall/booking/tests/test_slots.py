"""Slots come from weekly templates on the bookable working days only."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.booking import selectors, services
from govhall.booking.models import Slot
from govhall.booking.tests.conftest import EVE
from govhall.booking.tests.factories import at, booking_hall, generate
from govhall.core.center_settings import center_setting
from govhall.core.workdays import is_working_day


def test_slots_skip_the_holiday_and_follow_monday_on_a_make_up_day(bh):
    slots = generate(bh, EVE)
    days = sorted({s.date for s in slots})
    assert days == [
        EVE,
        dt.date(2026, 10, 8),
        dt.date(2026, 10, 9),
        dt.date(2026, 10, 10),  # Saturday, worked (调休)
        dt.date(2026, 10, 12),
        dt.date(2026, 10, 13),
        dt.date(2026, 10, 14),
    ]
    assert len(slots) == 14 and {s.capacity for s in slots} == {3}


def test_generation_is_idempotent(bh):
    generate(bh, EVE)
    assert services.slots_generate(center=bh["center"], today=EVE) == 0
    assert Slot.objects.count() == 14


def test_a_booking_on_the_eve_of_a_holiday_gets_the_next_working_day(bh):
    generate(bh, EVE)
    after_hours = at(EVE, 17)
    slots = selectors.slots_for_item(bh["center"], bh["licence"].code, now=after_hours)
    assert slots[0].start == at(dt.date(2026, 10, 8), 9)


def test_an_item_of_another_queue_has_no_slots(bh):
    generate(bh, EVE)
    assert selectors.slots_for_item(bh["center"], bh["pension"].code, now=at(EVE, 8)) == []


def test_a_blackout_closes_the_day(bh):
    from govhall.booking.models import Blackout

    generate(bh, EVE)
    Blackout.objects.create(center=bh["center"], date=dt.date(2026, 10, 9), reason="系统升级")
    open_days = {
        s.date for s in selectors.slots_for_item(bh["center"], bh["licence"].code, now=at(EVE, 8))
    }
    assert dt.date(2026, 10, 9) not in open_days and dt.date(2026, 10, 8) in open_days


@settings(max_examples=25, deadline=None)
@given(today=st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2026, 12, 10)))
def test_bookable_days_are_the_next_working_days(django_db_setup, django_db_blocker, today):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            h = booking_hall(f"P{today:%m%d}")
            days = services.bookable_days(h["center"], today)
            wanted = center_setting(h["center"], "booking.days_ahead")
            assert all(is_working_day(d) for d in days)
            assert days == sorted(days) and days[0] >= today
            # No working day is skipped between them.
            span = (days[-1] - today).days + 1 if days else 0
            working = [
                today + dt.timedelta(days=i)
                for i in range(span)
                if is_working_day(today + dt.timedelta(days=i))
            ]
            assert working == days
            assert len(days) == wanted  # past the table too, on weekdays (预计)
            transaction.set_rollback(True)
