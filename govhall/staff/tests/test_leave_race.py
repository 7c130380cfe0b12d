"""A and B of one window file overlapping leave at the same moment: one passes,
the other is refused (001 B.4), because filing locks the people and the posts of
their windows before it reads who is away. Real threads, real transactions; the
check is slowed so that, without the locks, both would read "the other is here"."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection, connections

from govhall.core.errors import ValidationFailed
from govhall.core.tests.factories import actor
from govhall.staff.leave import services
from govhall.staff.leave.models import LeaveRequest, LeaveStatus
from govhall.staff.tests.leave_factories import BEFORE, day, world

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_and_b_filing_at_once_do_not_both_pass(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises every write anyway")
    w = world()
    leaves = []
    for who in ("a", "b"):
        leave = services.leave_request(
            actor=actor(w[who]),
            center=w["center"],
            kind="personal",
            start=day(0),
            end=day(0) + dt.timedelta(hours=12),
            reason="有事",
            now=BEFORE,
        )
        services.leave_approve(actor=actor(w["admin"]), leave=leave, now=BEFORE)
        leaves.append(leave)

    real = services.uncovered

    def slow(leave, cover=None):
        found = real(leave, cover)
        time.sleep(0.6)  # both threads are inside the check here, unless one waits on a lock
        return found

    monkeypatch.setattr(services, "uncovered", slow)
    barrier = threading.Barrier(2)
    results = {}

    def file(leave, filer):
        try:
            barrier.wait()
            services.leave_file(actor=actor(filer), leave=leave, now=BEFORE)
            results[leave.pk] = "filed"
        except ValidationFailed as exc:
            results[leave.pk] = exc.code
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=file, args=(leaves[0], w["duty"])),
        threading.Thread(target=file, args=(leaves[1], w["admin"])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results.values()) == ["filed", "window_uncovered"]
    statuses = sorted(LeaveRequest.objects.values_list("status", flat=True))
    assert statuses == sorted([LeaveStatus.APPROVED, LeaveStatus.FILED])
