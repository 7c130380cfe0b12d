"""Two supervision runs of one centre at the same moment (the morning job and a
"run now") open each problem's finding once: the run locks the centre's row
before it reads the standing findings, and a partial unique index stands
behind it. Real threads, real transactions on PostgreSQL; each check is slowed
so that, without the lock, both runs would read no findings."""

import threading
import time

import pytest
from django.db import connections
from django.utils import timezone

from govhall.cases.tests import factories as cf
from govhall.reports.supervision import checks, services
from govhall.reports.supervision.models import Finding

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_runs_at_once_open_each_finding_once(monkeypatch):
    w = cf.world()
    cf.item(w["lead"], w["center"], consult_phone="")
    cf.item(w["lead"], w["center"], fee="")
    real = checks.check_guide_elements

    def slow(center, day, now):
        time.sleep(0.1)
        return real(center, day, now)

    monkeypatch.setattr(checks, "CHECKS", [checks.Check("guide_incomplete", "004 第二条", slow)])
    barrier, errors = threading.Barrier(2), []

    def run():
        try:
            barrier.wait()
            services.supervision_run(center=w["center"], day=timezone.localdate())
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert Finding.objects.filter(center=w["center"]).count() == 2
