"""The desk's API: API.md's print-jobs and lost-items rows with their refusals,
bad input answered with the error shape and nothing written; the quota held by
two print jobs at the same moment on PostgreSQL."""

from __future__ import annotations

import json
import threading

import pytest
import time_machine
from django.test import Client

from govhall.convenience.lost.models import LostItem
from govhall.convenience.printing.models import JobStatus, PrintJob
from govhall.core.models import TokenKind
from govhall.core.services import token_create

from .desk_world import ALICE, BOB, SATURDAY, TUESDAY, at, world

pytestmark = pytest.mark.django_db

OPEN = at(TUESDAY, "09:30")


def client_for(user) -> Client:
    raw = token_create(kind=TokenKind.STAFF, user=user)[1]
    return Client(headers={"Authorization": f"Bearer {raw}"})


def post(client, url, body):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(url, data, content_type="application/json")


@pytest.fixture
def w(db):
    w = world()
    w["api"] = client_for(w["print"].user)
    w["desk_api"] = client_for(w["desk"].user)
    w["url"] = f"/api/v1/centers/{w['center'].code}/print-jobs"
    return w


def test_print_jobs_201_then_quota_closed_and_scope(w):
    body = {"id_number": ALICE, "sheets": 7, "purpose": "申请表", "item": w["promise"].code}
    with time_machine.travel(OPEN, tick=False):
        first = post(w["api"], w["url"], body)
        assert first.status_code == 201, first.content
        assert first.json()["remaining_today"] == 3 and "*" in first.json()["person"]
        over = post(w["api"], w["url"], {**body, "sheets": 4})
        assert over.status_code == 409 and over.json()["error"]["code"] == "print_quota_exceeded"
        scope = post(w["api"], w["url"], {**body, "id_number": BOB, "item": w["elsewhere"].code})
        assert scope.status_code == 422 and scope.json()["error"]["code"] == "print_out_of_scope"
    with time_machine.travel(at(SATURDAY, "10:00"), tick=False):
        closed = post(w["api"], w["url"], body)
    assert closed.status_code == 409 and closed.json()["error"]["code"] == "print_closed"
    assert ALICE not in first.content.decode()


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        "[]",
        {},
        {"sheets": "many", "purpose": "x", "id_number": ALICE},
        {"sheets": 2, "purpose": "x" * 101, "id_number": ALICE},
        {"sheets": 2, "purpose": "x", "id_number": "1" * 41},
        {"sheets": 2, "purpose": "x"},
        {"sheets": 2, "purpose": "x", "id_number": ALICE, "item": "NOPE"},
        {"sheets": -1, "purpose": "x", "id_number": ALICE},
        {"sheets": 2, "purpose": "x", "id_number": ALICE, "kind": "fax"},
    ],
)
def test_bad_print_job_bodies_get_the_error_shape_and_nothing_is_written(w, body):
    with time_machine.travel(OPEN, tick=False):
        response = post(w["api"], w["url"], body)
    assert 400 <= response.status_code < 500
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert not PrintJob.objects.exists()


def test_print_jobs_need_the_print_room_of_that_centre(w):
    body = {"id_number": ALICE, "sheets": 1, "purpose": "x", "item": w["promise"].code}
    with time_machine.travel(OPEN, tick=False):
        assert post(w["desk_api"], w["url"], body).status_code == 403
        other = client_for(w["other_print"].user)
        assert post(other, w["url"], body).status_code == 403
        assert post(Client(), w["url"], body).status_code == 401
        assert post(w["api"], "/api/v1/centers/NOPE/print-jobs", body).status_code == 404
    assert not PrintJob.objects.exists()


def test_lost_items_register_claim_and_public_list(w):
    url = f"/api/v1/centers/{w['center'].code}/lost-items"
    body = {
        "description": "黑色雨伞",
        "found_at": "2026-12-01T09:00:00+08:00",
        "found_place": "一楼大厅",
        "category": "umbrella",
    }
    with time_machine.travel(OPEN, tick=False):
        made = post(w["desk_api"], url, body)
        assert made.status_code == 201 and made.json()["status"] == "registered"
        number = made.json()["number"]
        for bad in (
            {**body, "category": "gold"},
            {**body, "found_at": "yesterday"},
            {**body, "description": ""},
            "{",
        ):
            refused = post(w["desk_api"], url, bad)
            assert refused.status_code in (400, 422) and "error" in refused.json()
        assert LostItem.objects.count() == 1
        claim = f"/api/v1/lost-items/{number}/claim"
        assert post(w["desk_api"], claim, {"id_number": "123", "name": "张三"}).status_code == 422
        assert (
            post(
                w["desk_api"], "/api/v1/lost-items/NOPE/claim", {"id_number": ALICE, "name": "张三"}
            ).status_code
            == 404
        )
        other = client_for(w["other_clerk"].user)
        assert post(other, claim, {"id_number": ALICE, "name": "张三"}).status_code in (403, 404)
        done = post(w["desk_api"], claim, {"id_number": ALICE, "name": "张三"})
        assert done.status_code == 200 and done.json()["status"] == "claimed"
        again = post(w["desk_api"], claim, {"id_number": ALICE, "name": "张三"})
        assert again.status_code == 409
        public = Client().get(url)
    assert public.status_code == 200 and public.json() == []


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_print_jobs_at_once_do_not_both_pass_the_quota():
    """Real threads: on PostgreSQL the tally's row lock, on SQLite BEGIN IMMEDIATE."""
    w = world()
    from govhall.convenience.printing import services

    barrier = threading.Barrier(6)
    results = []

    def one():
        from django.db import connections

        try:
            barrier.wait()
            services.print_job_record(
                actor=w["print"],
                center=w["center"],
                sheets=4,
                purpose="申请表",
                id_number=ALICE,
                item=w["promise"].code,
                now=OPEN,
            )
            results.append("done")
        except Exception as exc:
            results.append(getattr(exc, "code", repr(exc)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # 10 sheets a day, 4 a job: two pass, four are refused, never three.
    assert sorted(results) == ["done", "done"] + ["print_quota_exceeded"] * 4
    assert PrintJob.objects.filter(status=JobStatus.DONE).count() == 2
