"""一次一评 under load: many submissions of one token at the same moment over the
HTTP API give exactly one 201 and one rectification; the rest get 409
`already_rated`. 30 threads on PostgreSQL, 6 on SQLite (one writer at a time)."""

import json
import threading
from collections import Counter

import pytest
from django.db import connection, connections
from django.test import Client

from ..models import Evaluation, Rectification
from .factories import PHONE, feedback_hall, serve

pytestmark = pytest.mark.django_db(transaction=True)


def test_one_token_rated_by_many_at_once():
    threads = 30 if connection.vendor == "postgresql" else 6
    h = feedback_hall("CC")
    evaluation = serve(h, phone=PHONE)
    barrier = threading.Barrier(threads)
    statuses, codes = [], []

    def body(i):
        try:
            client = Client()
            barrier.wait()
            resp = client.post(
                f"/api/v1/evaluations/{evaluation.token}",
                json.dumps({"level": 1 + i % 2, "reasons": ["slow"]}),
                content_type="application/json",
            )
            statuses.append(resp.status_code)
            if resp.status_code != 201:
                codes.append(resp.json()["error"]["code"])
        finally:
            connections.close_all()

    pool = [threading.Thread(target=body, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert Counter(statuses) == {201: 1, 409: threads - 1}
    assert set(codes) == {"already_rated"}
    assert Evaluation.objects.get(pk=evaluation.pk).rated_at is not None
    assert Rectification.objects.filter(evaluation=evaluation).count() == 1
