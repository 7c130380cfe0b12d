"""Planning benchmark: `make bench` runs `.venv/bin/python bench/planning.py`.

A generated year of a known pattern (govhall.planning.traffic: weekday levels,
a morning peak, growth, the calendar's marks from chinesecalendar) for six
queues, held in memory (no database). Then:
- the forecast's error per queue on the last 4 weeks (each day forecast from
  the weeks before its own week), against the seasonal naive forecast (the
  same weekday a week before) measured on the same days;
- one day simulated 200 times with ciw at the windows Erlang C asks for, timed
  against Erlang C over the same day, with the share called within the target.
Writes its section of docs/benchmarks.md between <!-- bench:planning --> markers.
A benchmark, not a test: it asserts nothing."""

from __future__ import annotations

import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

from sections import write_section

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govhall.settings")
os.environ.setdefault("SECRET_KEY", "bench")
os.environ.setdefault("GOVHALL_DATA_KEY", "bench")

import django  # noqa: E402

django.setup()

import chinese_calendar  # noqa: E402

from govhall.core.models import Center, HolidayKind  # noqa: E402
from govhall.planning import erlang, history, plan, traffic  # noqa: E402
from govhall.planning.forecast import backtest, forecast_day  # noqa: E402
from govhall.planning.simulate import Stream, simulate_day  # noqa: E402

FIRST, LAST = dt.date(2025, 1, 6), dt.date(2025, 12, 28)  # 51 weeks, Monday to Sunday
TEST_WEEKS = 4
WEEKS = 8  # the forecast window (planning.forecast_weeks' default)
RUNS = 200
# The demo's pattern with a year's growth of about 17 % (0.3 % a week).
PATTERN = traffic.Pattern(growth_per_week=0.003)
TARGET = erlang.Target(0.8, 15.0)
QUEUES = [
    (1, 0.30, 8.0),
    (2, 0.10, 10.0),
    (3, 0.18, 16.0),
    (4, 0.20, 13.0),
    (5, 0.12, 9.0),
    (6, 0.10, 7.0),
]
DOC = ROOT / "docs" / "benchmarks.md"


class Calendar:
    """WorkingCalendar's answer from chinesecalendar itself (no database)."""

    def is_working_day(self, day: dt.date) -> bool:
        return chinese_calendar.is_workday(day)


def exceptions(first: dt.date, last: dt.date) -> dict:
    out, day = {}, first
    while day <= last:
        if chinese_calendar.is_holiday(day) and day.weekday() < 5:
            out[day] = HolidayKind.HOLIDAY
        elif chinese_calendar.is_workday(day) and day.weekday() >= 5:
            out[day] = HolidayKind.WORKDAY
        day += dt.timedelta(days=1)
    return out


def generate(center, cal, marks) -> list:
    specs = [traffic.QueueSpec(q, share, mean) for q, share, mean in QUEUES]
    prefixes = {q: chr(64 + q) for q, _s, _m in QUEUES}
    windows = [(None, None)] * 16
    rng = random.Random(6411)
    tickets, day = [], FIRST
    while day <= LAST:
        day_rng = random.Random(rng.random())
        open_windows = windows if day.weekday() < 5 else windows[:8]
        tickets += traffic.day_tickets(
            center,
            day,
            specs,
            prefixes,
            open_windows,
            PATTERN,
            cal,
            day_rng,
            (day - FIRST).days / 7,
            marks,
        )
        day += dt.timedelta(days=1)
    return tickets


def naive_mape(h, q, days) -> float | None:
    """The seasonal naive forecast: the same weekday one week before."""
    totals = h.queues[q].day_totals()
    errors = []
    for d in days:
        actual, before = totals.get(d, 0), totals.get(d - dt.timedelta(weeks=1))
        if actual > 0 and before is not None:
            errors.append(abs(before - actual) / actual)
    return 100 * statistics.fmean(errors) if errors else None


def main() -> None:
    cal = Calendar()
    marks = exceptions(FIRST, LAST)
    center = Center(
        code="BENCH",
        opening_hours={
            **{str(d): [["09:00", "12:00"], ["13:00", "17:00"]] for d in range(5)},
            "5": [["09:00", "12:00"]],
        },
    )
    started = time.perf_counter()
    tickets = generate(center, cal, marks)
    h = history.from_tickets(tickets, FIRST, LAST)
    made = time.perf_counter() - started

    def slots_of(day):
        return [history.slot_of(s.time()) for s, _e in plan.half_hours(center, day, marks)]

    test_first = LAST - dt.timedelta(weeks=TEST_WEEKS) + dt.timedelta(days=1)
    test_days = [test_first + dt.timedelta(days=n) for n in range(7 * TEST_WEEKS)]
    rows = []
    for q, share, mean in QUEUES:
        acc = backtest(h, q, test_days, slots_of, cal, weeks=WEEKS)
        base = naive_mape(h, q, [d for d in test_days if slots_of(d)])
        rows.append((q, share, mean, acc, base))

    # One day: a Monday of the test weeks, at the windows Erlang C asks for.
    day = test_first + dt.timedelta(days=(7 - test_first.weekday()) % 7)
    spans = plan.half_hours(center, day, marks)
    open_slots = [history.slot_of(s.time()) for s, _e in spans]
    per_queue = {}
    for q, _share, _mean in QUEUES:
        f = forecast_day(h, q, day, list(range(48)), cal, weeks=WEEKS, until=day)
        per_queue[q] = plan.fold({s: f.total(s) for s in range(48)}, open_slots)
    lam = [sum(per_queue[q][i] for q, _s, _m in QUEUES) / 30 for i in range(len(spans))]
    service = [
        sum(per_queue[q][i] * m for q, _s, m in QUEUES) / max(1e-9, lam[i] * 30)
        for i in range(len(spans))
    ]

    def erlang_day():
        return [erlang.windows_needed(lam[i], 1 / service[i], TARGET) for i in range(len(spans))]

    # CPU time of this process: the machine is shared, so wall time says more
    # about the neighbours than about the code (both are reported).
    reps = 2000
    t0 = time.process_time()
    for _ in range(reps):
        needed = erlang_day()
    erlang_s = (time.process_time() - t0) / reps
    weights = [sum(per_queue[q]) for q, _s, _m in QUEUES]
    stream = Stream(
        node=0,
        rates=lam,
        priority_share=0.03,
        appointments=[],
        service_mean=statistics.fmean(service),
        service_sd=None,
        no_show_share=0.04,
        mix=tuple((w, m, 0.6 * m) for w, (_q, _s, m) in zip(weights, QUEUES, strict=True)),
    )
    t0, w0 = time.process_time(), time.perf_counter()
    out = simulate_day([stream], [needed], runs=RUNS, seed=1)
    sim_s, sim_wall = time.process_time() - t0, time.perf_counter() - w0
    waits = [w for slot in out.waits for w in slot]
    within = sum(w <= TARGET.minutes for w in waits) / len(waits)
    people = len(waits) / RUNS

    lines = [
        "## Planning: forecast error and simulation speed (`bench/planning.py`)",
        "",
        f"Generated year {FIRST}…{LAST} (known pattern, `govhall.planning.traffic`, "
        f"{len(tickets)} tickets, made in {made:.1f} s), held in memory; "
        f"{platform.python_version()} on {os.cpu_count()} cores, {dt.date.today()}.",
        "",
        f"**Forecast error on the last {TEST_WEEKS} weeks** (each day forecast from the {WEEKS} "
        "weeks before its own week; baseline: the same weekday a week before, on the same days):",
        "",
        "| queue | share | service min | days | MAPE (day totals) | WAPE (half hours) "
        "| naive MAPE | ratio to naive |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for q, share, mean, acc, base in rows:
        ratio = f"{acc.mape / base:.2f}" if acc.mape is not None and base else "—"
        lines.append(
            f"| {q} | {share:.0%} | {mean:.0f} | {acc.days} | {acc.mape:.1f} % | {acc.wape:.1f} % "
            f"| {base:.1f} % | {ratio} |"
        )
    lines += [
        "",
        f"**A day simulated {RUNS} times** ({day}, {len(spans)} half hours, about {people:.0f} "
        f"people a run, windows as Erlang C asks: peak {max(needed)}): {sim_s:.2f} s of CPU in all "
        f"({sim_wall:.2f} s wall on the shared machine), {1000 * sim_s / RUNS:.1f} ms a run; "
        f"Erlang C over the same day {1e6 * erlang_s:.0f} µs, "
        f"so one simulated day costs {sim_s / RUNS / erlang_s:.0f}× the Erlang C day. "
        f"Share called within {TARGET.minutes:.0f} minutes in the simulation: {within:.1%} "
        f"(target {TARGET.share:.0%}; Erlang C sizes each half hour alone, the simulation "
        "carries the line from one to the next).",
    ]
    section = "\n".join(lines)
    write_section(DOC, "planning", section)
    print(section)


if __name__ == "__main__":
    main()
