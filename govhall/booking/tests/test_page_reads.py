"""The reads the booking pages need: bookable items, days with their slots, the
load grid, the centre's staff, the deadlines a booking is shown with."""

import datetime as dt

import pytest
import time_machine

from govhall.booking import selectors, services
from govhall.booking.models import SlotTemplate
from govhall.booking.tests.conftest import EVE
from govhall.booking.tests.factories import at, book, booking_hall, generate
from govhall.catalog.tests.factories import published_item
from govhall.core.actors import ANONYMOUS
from govhall.core.errors import DomainError
from govhall.core.models import Role
from govhall.core.tests import factories as f

OCT8 = dt.date(2026, 10, 8)


def test_cancel_deadline_and_check_in_window_follow_the_centres_settings(bh):
    slot = next(s for s in generate(bh, EVE) if s.date == OCT8)
    booking = book(bh, slot, now=at(EVE, 10))
    assert services.cancel_deadline(booking) == at(OCT8, 8, 30)
    assert services.check_in_window(booking) == (at(OCT8, 8, 30), at(OCT8, 9, 15))
    bh["center"].settings = {
        **bh["center"].settings,
        "booking.cancel_before_minutes": 1440,
        "booking.check_in_early_minutes": 10,
        "booking.check_in_late_minutes": 0,
    }
    bh["center"].save()
    booking.refresh_from_db()
    assert services.cancel_deadline(booking) == at(dt.date(2026, 10, 7), 9)
    assert services.check_in_window(booking) == (at(OCT8, 8, 50), at(OCT8, 9))


def test_bookable_items_and_their_free_places(bh):
    # A template for one item of queue B makes only that item bookable there.
    other_in_b = published_item(bh["dept"], bh["center"], name="灵活就业登记")
    bh["qb"].items.add(other_in_b)
    SlotTemplate.objects.create(
        center=bh["center"],
        queue=bh["qb"],
        item=bh["pension"],
        weekday=3,
        start=dt.time(14),
        end=dt.time(15),
        capacity=5,
    )
    generate(bh, EVE)
    now = at(EVE, 10)
    found = {i.code: i.places for i in selectors.bookable_items(bh["center"], now=now)}
    # Licence: six days left, two slots of three. Pension: one Thursday (8 October), five places.
    assert found == {bh["licence"].code: 36, bh["pension"].code: 5}
    assert selectors.bookable_items(bh["center"], q="yyzz", now=now)[0].code == bh["licence"].code
    assert selectors.bookable_items(bh["center"], domain="tax", now=now) == []


def test_a_fully_booked_item_stays_listed_with_no_places(bh):
    bh["center"].settings = {
        **bh["center"].settings,
        "booking.days_ahead": 2,
    }  # the eve and 8 October
    bh["center"].save()
    with time_machine.travel(at(EVE, 10), tick=False):
        slots = [s for s in generate(bh, EVE) if s.date == OCT8]
        for slot in slots:
            for n in range(3):
                book(bh, slot, now=at(EVE, 10), phone=f"1391234567{n}")
        (item,) = selectors.bookable_items(bh["center"])
    assert item.places == 0


def test_slot_days_marks_slots_too_soon_or_full(bh):
    bh["center"].settings = {**bh["center"].settings, "booking.min_lead_minutes": 120}
    bh["center"].save()
    slots = generate(bh, EVE)
    first = next(s for s in slots if s.date == OCT8)
    for _ in range(3):
        book(bh, first, now=at(EVE, 10))
    days = selectors.slot_days(bh["center"], bh["licence"].code, now=at(OCT8, 8, 30))
    assert days[0]["date"] == OCT8
    nine, ten = days[0]["slots"]
    assert (nine.bookable, nine.remaining) == (False, 0)  # full
    assert (ten.bookable, ten.remaining) == (False, 3)  # starts in 90 minutes, lead is 120
    assert days[0]["places"] == 0 and days[1]["places"] == 6


def test_load_grid_rows_and_cells(bh):
    slots = generate(bh, EVE)
    book(bh, next(s for s in slots if s.date == OCT8), now=at(EVE, 10))
    admin = f.actor(f.staff(Role.CENTER_ADMIN, center_=bh["center"]))
    days = [EVE, OCT8, dt.date(2026, 10, 9)]
    grid = selectors.load_grid(actor=admin, center=bh["center"], days=days)
    assert [(r["start"], r["end"]) for r in grid] == [
        (dt.time(9), dt.time(10)),
        (dt.time(10), dt.time(11)),
    ]
    nine = grid[0]["cells"]
    assert len(nine) == 3 and nine[1].booked == 1 and nine[2].booked == 0
    outsider = f.actor(f.staff(Role.CENTER_ADMIN, center_=f.center()))
    with pytest.raises(DomainError):
        selectors.load_grid(actor=outsider, center=bh["center"], days=days)


def test_center_staff_and_a_citizens_visit(bh):
    admin_user = f.staff(Role.CENTER_ADMIN, center_=bh["center"])
    gone = f.staff(Role.ASSISTANT, center_=bh["center"])
    gone.is_active = False
    gone.save()
    elsewhere = f.staff(Role.ASSISTANT, center_=f.center())
    staff = set(selectors.center_staff(actor=f.actor(admin_user), center=bh["center"]))
    assert admin_user in staff and gone not in staff and elsewhere not in staff
    visit = services.home_visit_request(
        actor=ANONYMOUS,
        center=bh["center"],
        name="刘奶奶",
        phone="13912345678",
        address="中山路 1 号",
        reason="卧床",
    )
    assert selectors.visit_for_citizen(bh["center"], visit.number) == visit
    other = booking_hall("VC")
    with pytest.raises(DomainError):
        selectors.visit_for_citizen(other["center"], visit.number)


def test_mask_name():
    assert selectors.mask_name("张三") == "张*"
    assert selectors.mask_name("欧阳娜娜") == "欧***"
    assert selectors.mask_name("") == ""
