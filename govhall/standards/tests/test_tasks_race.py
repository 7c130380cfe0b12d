"""Two self-audits of one centre at the same moment open each gap's task once:
task_ensure locks the centre's row before it looks for an unfinished task. Real
threads, real transactions; the look-up is slowed so that, without the lock,
both would find none and open one each."""

import threading
import time

import pytest
from django.db import connections

from govhall.core.tests.factories import actor
from govhall.standards.audit import selectors, services
from govhall.standards.tasks import services as tasks
from govhall.standards.tasks.models import RectificationTask

from .factories import world

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_audits_at_once_open_each_task_once(monkeypatch):
    w = world()
    center = w["center"]
    gaps = len(selectors.compliance(center).gaps)
    real = tasks.task_open

    def slow(**kwargs):
        time.sleep(0.05)  # inside the lock: the other audit waits, unless there is none
        return real(**kwargs)

    monkeypatch.setattr(tasks, "task_open", slow)
    barrier, errors = threading.Barrier(2), []

    def run(who):
        try:
            barrier.wait()
            services.audit_run(actor=actor(w[who]), center=center)
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    from govhall.core.models import Membership, Role

    Membership.objects.create(user=w["clerk"], center=center, role=Role.CENTER_ADMIN)
    threads = [threading.Thread(target=run, args=(who,)) for who in ("admin", "clerk")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert RectificationTask.objects.filter(center=center).count() == gaps
    refs = list(RectificationTask.objects.filter(center=center).values_list("ref", flat=True))
    assert len(refs) == len(set(refs))
