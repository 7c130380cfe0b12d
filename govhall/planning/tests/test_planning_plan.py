"""The plan on a small generated history: the forecast finds the pattern, the
windows needed never fall below the load, the roster counts one person at one
window, the what-ifs move the figures, the calendar marks the right days."""

import datetime as dt

import pytest

from govhall.core.services import calendar_seed
from govhall.core.workdays import WorkingCalendar
from govhall.planning import calendar_effects, selectors, traffic
from govhall.planning.plan import WhatIf
from govhall.planning.sim_plan import simulate_plan
from govhall.planning.suggest import suggestions
from govhall.planning.yearly import year_view
from govhall.staff.norms import c32_norm

from .planning_world import NEXT_MONDAY, PATTERN, TODAY, at, ctx


def test_forecast_finds_the_pattern_and_reports_its_error(world):
    c = ctx(world)
    plan = selectors.day_plan(world["admin_actor"], world["center"], NEXT_MONDAY, ctx=c)
    cal = WorkingCalendar()
    expected = traffic.expected(PATTERN, cal, NEXT_MONDAY, 0)
    assert abs(plan.arrivals - expected) / expected < 0.25
    peak = max(plan.rows, key=lambda r: r.arrivals_expected)
    assert dt.time(9, 30) <= peak.start.astimezone(at(TODAY, 0).tzinfo).time() < dt.time(11, 0)
    # Each forecast says what it is made of.
    f = plan.forecasts[world["qa"].pk]
    assert f.reference_days >= 4 and 0.7 <= f.trend <= 1.4
    # 30 November is a month's last working day: its factor measured on the
    # history's own month ends (the pattern has 1.1).
    assert f.tag == calendar_effects.MONTH_END and f.calendar_measured
    assert 0.9 < f.calendar_factor < 1.35
    # Held out: the two weeks before this one, each from the weeks before it.
    acc = selectors.accuracy(world["admin_actor"], world["center"], c)
    for q in (world["qa"], world["qb"]):
        assert acc[q.pk].days >= 8 and acc[q.pk].mape is not None and acc[q.pk].mape < 40
    services = {
        s["queue"].pk: s for s in selectors.service_table(world["admin_actor"], world["center"], c)
    }
    assert 6 < services[world["qa"].pk]["mean"] < 10 and 9 < services[world["qb"].pk]["mean"] < 15
    assert 1 < services[world["qa"].pk]["no_show"] < 10


def test_needed_never_below_load_and_one_person_one_window(world, absences):
    c = ctx(world)
    center, admin = world["center"], world["admin_actor"]
    plan = selectors.day_plan(admin, center, NEXT_MONDAY, ctx=c)
    assert plan.rows and all(r.windows_needed >= r.load for r in plan.rows)
    assert all(r.windows_rostered == 3 for r in plan.rows)
    # clerk 0 holds A at window 1 and B at window 2: away, window 1 is taken by
    # clerk 1, who then cannot also serve window 2: one window fewer, not none.
    absences.training(world["clerks"][0], at(NEXT_MONDAY, 9, 30), at(NEXT_MONDAY, 11))
    selectors.clear_cache()
    plan = selectors.day_plan(admin, center, NEXT_MONDAY, ctx=c)
    by_time = {r.start.astimezone(at(TODAY, 0).tzinfo).time(): r for r in plan.rows}
    assert by_time[dt.time(9, 0)].windows_rostered == 3
    assert by_time[dt.time(10, 0)].windows_rostered == 2
    assert by_time[dt.time(13, 0)].windows_rostered == 3


def test_what_ifs_move_the_figures(world):
    c = ctx(world)
    center, admin, qa, qb = world["center"], world["admin_actor"], world["qa"], world["qb"]
    base = selectors.day_plan(admin, center, NEXT_MONDAY, ctx=c)
    more = selectors.day_plan(admin, center, NEXT_MONDAY, whatif=WhatIf(extra_windows=1), ctx=c)
    assert [r.windows_rostered for r in more.rows] == [r.windows_rostered + 1 for r in base.rows]
    assert all(
        m.expected_wait_minutes <= b.expected_wait_minutes
        for m, b in zip(more.rows, base.rows, strict=False)
    )
    fast = selectors.day_plan(admin, center, NEXT_MONDAY, whatif=WhatIf(faster_percent=30), ctx=c)
    assert sum(r.windows_needed for r in fast.rows) < sum(r.windows_needed for r in base.rows)
    assert all(
        f.service_minutes < b.service_minutes for f, b in zip(fast.rows, base.rows, strict=False)
    )
    busy = selectors.day_plan(
        admin, center, NEXT_MONDAY, whatif=WhatIf(more_arrivals_percent=50), ctx=c
    )
    assert busy.arrivals == pytest.approx(base.arrivals * 1.5)
    # Two queues as one line need no more windows than apart (pooling).
    a = selectors.day_plan(admin, center, NEXT_MONDAY, qa, ctx=c)
    b = selectors.day_plan(admin, center, NEXT_MONDAY, qb, ctx=c)
    merged = selectors.day_plan(admin, center, NEXT_MONDAY, qa, WhatIf(merge_queue_id=qb.pk), ctx=c)
    for m, x, y in zip(merged.rows, a.rows, b.rows, strict=False):
        assert m.windows_needed <= x.windows_needed + y.windows_needed
        assert m.arrivals_expected == pytest.approx(x.arrivals_expected + y.arrivals_expected)


def test_gap_suggestions_and_simulation(world, absences):
    c = ctx(world)
    center, admin = world["center"], world["admin_actor"]
    for clerk in world["clerks"][:2]:
        absences.training(clerk, at(NEXT_MONDAY, 9, 30), at(NEXT_MONDAY, 11, 30), "系统培训")
    plan = selectors.day_plan(admin, center, NEXT_MONDAY, whatif=WhatIf(extra_windows=2), ctx=c)
    assert any(r.gap for r in plan.rows)
    names = {c_.pk: c_.display_name for c_ in world["clerks"]}
    kinds = {s.kind for s in suggestions(plan, c.desks, names)}
    assert {"open", "move", "slack"} <= kinds
    sim = simulate_plan(plan, c.desks, runs=5, seed=3)
    assert len(sim.mean_wait) == len(plan.rows) and sim.unserved_queues == []
    worst = max(range(len(plan.rows)), key=lambda i: plan.rows[i].gap)
    assert sim.mean_wait[worst] is not None and sim.mean_wait[worst] > sim.mean_wait[-1]
    assert simulate_plan(plan, c.desks, runs=5, seed=3).mean_wait == sim.mean_wait


def test_calendar_marks_days_around_the_national_day(db):
    calendar_seed()
    cal = WorkingCalendar()
    # 2026: 1-7 October off (State Council notice), make-up day Saturday 10 October.
    assert calendar_effects.AFTER_HOLIDAY in calendar_effects.tags(cal, dt.date(2026, 10, 8))
    assert calendar_effects.BEFORE_HOLIDAY in calendar_effects.tags(cal, dt.date(2026, 9, 30))
    assert calendar_effects.MAKEUP in calendar_effects.tags(cal, dt.date(2026, 10, 10))
    assert calendar_effects.MONTH_END in calendar_effects.tags(cal, dt.date(2026, 11, 30))
    assert calendar_effects.tags(cal, dt.date(2026, 11, 18)) == []


def test_yearly_view_reads_the_c32_norm(world):
    view = year_view(world["admin_actor"], world["center"], 2026, TODAY)
    assert view.norm == c32_norm(view.projected)
    assert view.tickets == world["made"] and view.staff == 0 and view.short == 25
