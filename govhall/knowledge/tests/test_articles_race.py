"""Two departments create articles at the same moment: each gets its own code,
because creating locks the centre's row before it reads the last code. Real
threads and transactions (on SQLite the write transaction serialises them)."""

import threading
import time

import pytest
from django.db import connections

from govhall.knowledge.articles import services
from govhall.knowledge.articles.models import Article
from govhall.knowledge.tests.articles_factories import article_data, build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_departments_at_once_get_two_codes(monkeypatch):
    w = build_world()
    real = services._next_code

    def slow(center):
        code = real(center)
        time.sleep(0.5)  # both would read the same last code here without the lock
        return code

    monkeypatch.setattr(services, "_next_code", slow)
    barrier = threading.Barrier(2)
    errors = []

    def create(actor, department):
        try:
            barrier.wait()
            services.article_create(
                actor=actor, center=w["center"], department=department, data=article_data()
            )
        except Exception as exc:  # any failure fails the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=create, args=(w["writer"], w["rsj"])),
        threading.Thread(target=create, args=(w["crj_writer"], w["crj"])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(Article.objects.values_list("code", flat=True)) == ["ZS-0001", "ZS-0002"]
