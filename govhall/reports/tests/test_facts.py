"""The daily facts agree with the raw rows: tickets, cases and ratings generated
across days (hypothesis for the edges: empty days, tickets at midnight, a
centre with no windows, one ticket, p90 with ties); the summary from the facts
equals the summary computed here straight from the rows; re-running a day
gives the same rows; today live is what the job would store."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govhall.core.tests import factories as f
from govhall.feedback.models import Evaluation, Finding, Rectification
from govhall.queueing.models import Ticket, TicketStatus
from govhall.queueing.tests.factories import hall as make_hall
from govhall.reports.facts import compute, selectors, services, tasks
from govhall.reports.facts.models import DailyFact
from govhall.reports.facts.schema import HIST_CAP
from govhall.reports.facts.summary import summary
from govhall.reports.periods import Period

SH = ZoneInfo("Asia/Shanghai")
BASE = dt.date(2026, 3, 2)  # a Monday, long past
_seq = itertools.count(1)


@pytest.fixture
def h(db):
    return make_hall("RF")


def _ticket(h, day, minute, status, wait, service, window, group=""):
    issued = dt.datetime.combine(day, dt.time(), tzinfo=SH) + dt.timedelta(minutes=minute)
    n = next(_seq)
    called = issued + dt.timedelta(seconds=wait) if wait is not None else None
    started = called
    finished = started + dt.timedelta(seconds=service) if (called and service is not None) else None
    done = status == "done" and finished is not None
    return Ticket.objects.create(
        center=h["center"],
        queue=h["qa"] if n % 2 else h["qb"],
        item=h["licence"] if n % 3 else None,
        service_date=day,
        seq=n,
        number=f"A{n:05d}",
        status=TicketStatus.DONE if done else (status if status != "done" else "expired"),
        channel="kiosk" if n % 2 else "reception",
        special_group=group,
        sort_at=issued,
        issued_at=issued,
        first_called_at=called,
        called_at=called,
        started_at=started if done else None,
        finished_at=finished if done else None,
        no_show_at=called if status == "no_show" and called else None,
        window=h[window] if (window and called) else None,
        served_by=h["clerk"].user if done else None,
    )


def _raw(tickets: list[Ticket]) -> dict:
    """The figures straight from the rows, written independently of compute.py."""
    waits = [
        (t.first_called_at - t.issued_at).total_seconds()
        for t in tickets
        if t.first_called_at is not None and t.first_called_at >= t.issued_at
    ]
    services_ = [
        (t.finished_at - t.started_at).total_seconds()
        for t in tickets
        if t.status == TicketStatus.DONE and t.started_at and t.finished_at
    ]
    minutes = sorted(min(int(s // 60), HIST_CAP) for s in waits)
    p90 = float(minutes[max(1, math.ceil(round(0.9 * len(minutes), 9))) - 1]) if minutes else None
    return {
        "tickets": len(tickets),
        "served": sum(t.status == TicketStatus.DONE for t in tickets),
        "no_shows": sum(t.no_show_at is not None for t in tickets),
        "wait": {
            "mean_minutes": round(sum(waits) / len(waits) / 60, 1) if waits else None,
            "p90_minutes": p90,
        },
        "service": {
            "mean_minutes": round(sum(services_) / len(services_) / 60, 1) if services_ else None
        },
    }


def _ticket_part(s: dict) -> dict:
    return {k: s[k] for k in ("tickets", "served", "no_shows", "wait", "service")}


ticket_st = st.tuples(
    st.integers(0, 2),  # day offset
    st.sampled_from([0, 1, 480, 481, 600, 1438, 1439]),  # minutes after midnight: the edges
    st.sampled_from(["done", "no_show", "cancelled", "expired", "waiting"]),
    st.one_of(st.none(), st.sampled_from([0, 59, 60, 61, 600, 600, 3600, 20000])),  # ties
    st.one_of(st.none(), st.integers(0, 3000)),
    st.sampled_from([None, "w1", "w2"]),
    st.sampled_from(["", "", "elderly", "disabled"]),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(ticket_st, max_size=14))
def test_ticket_facts_agree_with_the_rows(h, spec):
    sid = transaction.savepoint()
    try:
        made = [
            _ticket(h, BASE + dt.timedelta(days=d), m, status, wait, svc, win, grp)
            for d, m, status, wait, svc, win, grp in spec
        ]
        center = h["center"]
        services.facts_write_range(center=center, start=BASE, end=BASE + dt.timedelta(days=2))
        for offset in range(3):
            day = BASE + dt.timedelta(days=offset)
            own = [t for t in made if t.service_date == day]
            got = _ticket_part(summary([center], Period(day, day)))
            assert got == _raw(own)
            # every dimension adds up to the day (tickets without a window left out)
            rows = DailyFact.objects.filter(center=center, day=day, subject="tickets")
            for dim in ("queue", "channel", "hour"):
                assert sum(r.metrics.get("issued", 0) for r in rows if r.dimension == dim) == len(
                    own
                )
            assert sum(r.metrics.get("issued", 0) for r in rows if r.dimension == "window") == sum(
                t.window_id is not None for t in own
            )
            # the hour is the local hour of issue: 23:59 and 00:01 on their own days
            hours = {r.key: r.metrics["issued"] for r in rows if r.dimension == "hour"}
            for t in own:
                assert str(t.issued_at.astimezone(SH).hour) in hours
            assert sorted((r.dimension, r.key, r.metrics) for r in rows) == sorted(
                (d, k, m) for _, d, k, _, m in compute.compute_day(center, day, ["tickets"])
            )
        whole = Period(BASE, BASE + dt.timedelta(days=2))
        assert _ticket_part(summary([center], whole)) == _raw(made)
    finally:
        transaction.savepoint_rollback(sid)


def test_an_empty_day_and_a_centre_without_windows_have_no_rows(h):
    empty = f.center(h["center"].district, code="RF-EMPTY")
    assert compute.compute_day(empty, BASE) == []
    assert services.facts_write_day(center=empty, day=BASE) == 0
    s = summary([empty], Period(BASE, BASE))
    assert s["tickets"] == 0 and s["wait"] == {"mean_minutes": None, "p90_minutes": None}
    assert s["cases"]["on_time_rate"] is None


def test_one_ticket_and_rerunning_a_day_gives_the_same_rows(h):
    _ticket(h, BASE, 600, "done", 90, 300, "w1", "elderly")
    services.facts_write_day(center=h["center"], day=BASE)
    first = list(DailyFact.objects.values_list("subject", "dimension", "key", "label", "metrics"))
    services.facts_write_day(center=h["center"], day=BASE)
    again = list(DailyFact.objects.values_list("subject", "dimension", "key", "label", "metrics"))
    assert first == again
    by = {(s, d, k): (lab, m) for s, d, k, lab, m in first}
    assert by[("tickets", "all", "")][1] == {
        "issued": 1,
        "served": 1,
        "waited": 1,
        "wait_seconds": 90.0,
        "wait_hist": {"1": 1},
        "service_count": 1,
        "service_seconds": 300.0,
    }
    assert by[("tickets", "hour", "10")][0] == "10:00"
    assert by[("tickets", "group", "elderly")][0] == "老年人"
    assert by[("tickets", "window", str(h["w1"].pk))][0] == "1号窗口 1号窗口"
    s = summary([h["center"]], Period(BASE, BASE))
    assert s["wait"] == {"mean_minutes": 1.5, "p90_minutes": 1.0}
    assert s["service"] == {"mean_minutes": 5.0}


def test_today_live_is_what_the_job_would_store(h):
    from django.utils import timezone

    today = timezone.localdate()
    _ticket(h, today, 0, "done", 120, 60, "w2")
    _ticket(h, today, 1, "no_show", 30, None, "w1")
    period = Period(today, today)
    live = summary([h["center"]], period)
    assert not DailyFact.objects.exists()
    tasks.write_facts(today)
    assert DailyFact.objects.filter(day=today).exists()
    assert summary([h["center"]], period) == live
    rows = selectors.facts_rows([h["center"]], "tickets", "window", today, today)
    assert sorted(r[2] for r in rows) == sorted([str(h["w1"].pk), str(h["w2"].pk)])


# --- cases and ratings ------------------------------------------------------------------


@pytest.mark.django_db
def test_cases_by_acceptance_completion_and_overdue():
    from govhall.cases.models import Case, CaseStatus
    from govhall.cases.tests import factories as cf

    w = cf.world()
    center = w["center"]
    days = [BASE + dt.timedelta(days=i) for i in range(5)]
    made = []
    for i, day in enumerate(days * 2):
        it = w["instant"] if i % 3 == 0 else w["promise"]
        made.append(cf.intake(w, it, now=dt.datetime.combine(day, dt.time(9 + i % 8), tzinfo=SH)))
    # Close some: on time, late, and one left open past its due date.
    cases = list(Case.objects.filter(center=center).order_by("pk"))
    for i, case in enumerate(cases):
        accepted = case.accepted_on or case.received_at.astimezone(SH).date()
        Case.objects.filter(pk=case.pk).update(
            accepted_on=accepted, due_date=accepted + dt.timedelta(days=2)
        )
        if i % 4 == 0:  # completed on time
            closed = dt.datetime.combine(accepted + dt.timedelta(days=1), dt.time(15), tzinfo=SH)
        elif i % 4 == 1:  # completed late
            closed = dt.datetime.combine(accepted + dt.timedelta(days=4), dt.time(11), tzinfo=SH)
        elif i % 8 == 2:  # the last minute of the due date: on time, never overdue
            closed = dt.datetime.combine(accepted + dt.timedelta(days=2), dt.time(23, 59, 30), SH)
        elif i % 8 == 6:  # the first minute after it: late, and overdue that day
            closed = dt.datetime.combine(accepted + dt.timedelta(days=3), dt.time(0, 0, 30), SH)
        else:
            closed = None
        if closed:
            Case.objects.filter(pk=case.pk).update(
                status=CaseStatus.COMPLETED, closed_at=closed, decided_at=closed
            )
    end = BASE + dt.timedelta(days=10)
    services.facts_write_range(center=center, start=BASE, end=end)
    got = summary([center], Period(BASE, end))["cases"]
    rows = list(Case.objects.filter(center=center))
    done = [c for c in rows if c.status == CaseStatus.COMPLETED]
    on_time = [c for c in done if c.closed_at.astimezone(SH).date() <= c.due_date]
    overdue = [
        c
        for c in rows
        if c.due_date < end
        and (c.closed_at is None or c.closed_at.astimezone(SH).date() > c.due_date)
    ]
    assert got == {
        "accepted": len(rows),
        "completed": len(done),
        "on_time_rate": round(len(on_time) / len(done), 4),
        "overdue": len(overdue),
    }
    # A month's backfill in one pass gives the rows of each day computed alone.
    for offset in range(11):
        day = BASE + dt.timedelta(days=offset)
        stored = DailyFact.objects.filter(center=center, day=day)
        assert sorted((r.subject, r.dimension, r.key, r.metrics) for r in stored) == sorted(
            (s, d, k, m) for s, d, k, _, m in compute.compute_day(center, day)
        )
    # by mode: the instant cases are counted as 即办
    fact = DailyFact.objects.filter(center=center, subject="cases", dimension="all")
    immediate = sum(r.metrics.get("immediate", 0) for r in fact)
    assert immediate == sum(c.approval_mode == "instant" for c in rows) > 0
    modes = DailyFact.objects.filter(center=center, subject="cases", dimension="mode")
    assert {r.key for r in modes} == {"instant", "promise"}
    assert sum(r.metrics.get("accepted", 0) for r in modes) == len(rows)


def _rating(h, when, level, *, real_name=False, replied=False, finding="", rectified=False):
    e = Evaluation.objects.create(
        center=h["center"],
        subject="ticket",
        reference=f"X{next(_seq)}",
        item=h["licence"],
        window=h["w1"],
        staff=h["clerk"].user,
        served_at=when - dt.timedelta(minutes=3),
        expires_at=when + dt.timedelta(days=1),
        level=level,
        channel="pad",
        real_name=real_name,
        rated_at=when,
    )
    if level <= 2:
        Rectification.objects.create(
            evaluation=e,
            center=h["center"],
            real_name=real_name,
            opened_at=when,
            rectify_due=when.date() + dt.timedelta(days=5),
            finding=finding,
            replied_at=when + dt.timedelta(days=1) if replied else None,
            rectified_at=when + dt.timedelta(days=2) if rectified else None,
        )
    return e


def test_rating_facts_match_feedbacks_own_rates(h):
    from govhall.feedback.selectors.evaluations import rated_in, rates

    for i in range(12):
        when = dt.datetime.combine(BASE + dt.timedelta(days=i % 3), dt.time(10, i), tzinfo=SH)
        level = (5, 4, 3, 2, 1)[i % 5]
        _rating(
            h,
            when,
            level,
            real_name=i % 2 == 0,
            replied=i % 4 == 0,
            finding=Finding.OBJECTIVE if i % 3 else Finding.UNFOUNDED,
            rectified=i % 3 == 1,
        )
    end = BASE + dt.timedelta(days=2)
    services.facts_write_range(center=h["center"], start=BASE, end=end)
    got = summary([h["center"]], Period(BASE, end))["evaluations"]
    start, stop = compute.day_bounds(BASE)[0], compute.day_bounds(end)[1]
    r = rates(rated_in([h["center"]], start, stop))
    assert got["count"] == r.rated == 12
    assert got["bad"] == r.bad
    assert round(got["real_name_bad_reply_rate"] * 100, 1) == r.reply_rate
    assert round(got["objective_bad_rectify_rate"] * 100, 1) == r.rectification_rate
    assert got["satisfaction_rate"] == round(
        Evaluation.objects.filter(level__gte=3).count() / 12, 4
    )


def test_the_demo_writes_the_past_days_and_the_backfill_command_rewrites_them(h):
    from django.core.management import call_command
    from django.utils import timezone

    from govhall.reports.facts import demo

    today = timezone.localdate()
    for back in (3, 1, 0):
        _ticket(h, today - dt.timedelta(days=back), 600, "done", 300, 200, "w1")
    demo.load({"RF": h["center"]})
    days = set(DailyFact.objects.values_list("day", flat=True))
    assert days == {today - dt.timedelta(days=3), today - dt.timedelta(days=1)}  # today is live
    before = list(DailyFact.objects.values_list("day", "subject", "dimension", "key", "metrics"))
    demo.load({"RF": h["center"]})
    d = (today - dt.timedelta(days=3)).isoformat()
    call_command("facts_backfill", "--from", d, "--to", d, "--center", h["center"].code)
    after = list(DailyFact.objects.values_list("day", "subject", "dimension", "key", "metrics"))
    assert sorted(before, key=str) == sorted(after, key=str)
