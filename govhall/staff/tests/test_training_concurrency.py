"""One attempt at a time, even when the start is pressed on two devices at the
same moment: threads start the same candidate's exam at once; exactly one paper
is opened, the others get 409 `attempt_open`."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from govhall.core.actors import actor_for_user
from govhall.core.errors import Conflict
from govhall.staff.training import exam_services
from govhall.staff.training.models import Attempt

from . import training_factories as tf

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_starts_at_once_open_one_paper():
    threads = 12 if connection.vendor == "postgresql" else 6
    w = tf.world()
    exam = tf.exam(w, publish_to=[w["a"]])
    barrier = threading.Barrier(threads)
    results = []

    def body():
        try:
            actor = actor_for_user(w["a"])
            barrier.wait()
            try:
                exam_services.attempt_start(actor=actor, exam=exam)
                results.append("started")
            except Conflict as exc:
                results.append(exc.code)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=body) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert Counter(results) == {"started": 1, "attempt_open": threads - 1}
    assert Attempt.objects.filter(candidate__exam=exam).count() == 1
