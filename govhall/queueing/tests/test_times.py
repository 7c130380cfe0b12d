"""A ticket's steps never precede its issue, durations are never negative, and
the day's figures are in minutes, also after the demo loads (issue 11, finding 4)."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govhall.core.errors import ValidationFailed
from govhall.core.models import Center, User
from govhall.queueing import services
from govhall.queueing.models import Ticket, TicketStatus
from govhall.queueing.selectors import _figures, day_figures

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
OFFSETS = st.integers(min_value=-120, max_value=240)  # minutes after the previous step
FIGURES = ("wait_mean_min", "wait_p90_min", "service_mean_min")


def _ticket(issued, called, started, finished) -> Ticket:
    return Ticket(
        issued_at=issued,
        sort_at=issued,
        first_called_at=called,
        called_at=called,
        started_at=started,
        finished_at=finished,
        status=TicketStatus.DONE if finished else TicketStatus.WAITING,
    )


@given(st.lists(st.tuples(OFFSETS, OFFSETS, OFFSETS), min_size=1, max_size=12))
def test_figures_are_never_negative_and_keep_only_possible_durations(rows):
    tickets, waits, services_ = [], [], []
    for wait, start, service in rows:
        called = T0 + dt.timedelta(minutes=wait)
        started = called + dt.timedelta(minutes=start)
        finished = started + dt.timedelta(minutes=service)
        tickets.append(_ticket(T0, called, started, finished))
        waits += [wait] if wait >= 0 else []
        services_ += [service] if service >= 0 else []
    figures = _figures(tickets)
    assert all(figures[k] is None or figures[k] >= 0 for k in FIGURES)
    if waits:
        assert figures["wait_mean_min"] == pytest.approx(sum(waits) / len(waits))
        assert min(waits) <= figures["wait_p90_min"] <= max(waits)
    else:
        assert figures["wait_mean_min"] is None
    if services_:
        assert figures["service_mean_min"] == pytest.approx(sum(services_) / len(services_))


def _at(minutes):
    return timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0) + dt.timedelta(
        minutes=minutes
    )


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(call=OFFSETS, start=OFFSETS, finish=OFFSETS)
def test_a_step_before_the_previous_one_is_refused(hall, call, start, finish):
    """Calling, starting and finishing at any times: each step is either
    recorded at or after the one before, or refused with nothing written."""
    sid = transaction.savepoint()
    try:
        t = services.ticket_issue(
            actor=hall["reception"],
            center=hall["center"],
            item_code=hall["licence"].code,
            now=_at(0),
        )
        called = services.ticket_call_next(actor=hall["clerk"], window=hall["w1"], now=_at(call))
        if call < 0:  # the ticket did not exist yet
            assert called is None
            return
        steps = [
            (services.ticket_start, call + start),
            (services.ticket_finish, call + start + finish),
        ]
        for step, minutes in steps:
            before = Ticket.objects.get(pk=t.pk)
            try:
                step(actor=hall["clerk"], ticket=t, now=_at(minutes))
            except ValidationFailed as exc:
                assert exc.code == "time_before_previous_step"
                assert minutes < (call if step is services.ticket_start else call + start)
                after = Ticket.objects.get(pk=t.pk)
                assert (after.status, after.started_at) == (before.status, before.started_at)
                break
        t.refresh_from_db()
        times = [t.issued_at, t.first_called_at, t.started_at, t.finished_at]
        recorded = [x for x in times if x is not None]
        assert recorded == sorted(recorded)
        assert all(
            v is None or v >= 0
            for r in day_figures(center=hall["center"], day=t.service_date)
            for v in (r[k] for k in FIGURES)
        )
    finally:
        transaction.savepoint_rollback(sid)


def test_the_servers_own_clock_is_clamped_not_refused(hall):
    """Two web servers' clocks may differ a little: a step timed by the server
    clock is never recorded before the previous one."""
    later = timezone.now() + dt.timedelta(seconds=2)
    t = services.ticket_issue(
        actor=hall["reception"], center=hall["center"], item_code=hall["licence"].code
    )
    Ticket.objects.filter(pk=t.pk).update(issued_at=later - dt.timedelta(seconds=1), sort_at=later)
    services.ticket_call_next(actor=hall["clerk"], window=hall["w1"], now=later)
    t = services.ticket_start(actor=hall["clerk"], ticket=t)  # server clock: 2 s "earlier"
    assert t.started_at >= t.called_at == later


def test_day_figures_after_the_demo_are_in_minutes_and_never_negative(db):
    # The demo's morning is the three hours before it is loaded: load it at
    # 11:30, not after midnight, when those hours were yesterday's.
    late_morning = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(11, 30)))
    with time_machine.travel(late_morning, tick=True):
        _demo_day_figures()


def _demo_day_figures():
    call_command("demo_data", stdout=open("/dev/null", "w"))
    today = timezone.localdate()
    for center in Center.objects.all():
        for row in day_figures(center=center, day=today):
            assert all(row[k] is None or row[k] >= 0 for k in FIGURES), row
    assert not Ticket.objects.filter(first_called_at__lt=F("issued_at")).exists()
    boss = Client()
    boss.force_login(User.objects.get(username="qzx_admin"))
    page = boss.get("/hall/SC-QZX/today/").content.decode()
    assert "平均等候（分）" in page and "时间单位为分钟" in page and "秒" not in page
    cells = re.findall(r'<td class="(?:wait-mean|wait-p90|service-mean)">([^<]*)</td>', page)
    values = [float(c) for c in cells if c.strip()]
    assert values and all(v >= 0 for v in values)
    # A morning's waits are minutes, not seconds: under three hours.
    assert max(values) < 180
