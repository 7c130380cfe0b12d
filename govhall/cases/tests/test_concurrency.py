"""Racing steps on one case: the row lock (PostgreSQL) or the single writer
(SQLite) lets exactly one through; the others get invalid_transition."""

import threading

import pytest
from django.db import connections

from govhall.cases import services
from govhall.cases.models import Case, CaseStatus, Delivery, Opinion
from govhall.cases.tests.factories import NAME, id_number, intake
from govhall.cases.tests.factories import world as make_world
from govhall.core.errors import InvalidTransition

pytestmark = pytest.mark.django_db(transaction=True)


def _race(threads: int, work) -> tuple[list, list]:
    done, refused, errors = [], [], []
    barrier = threading.Barrier(threads)

    def body(i):
        try:
            barrier.wait()
            done.append(work(i))
        except InvalidTransition as exc:
            refused.append(exc.code)
        except Exception as exc:  # surfaced below
            errors.append((i, exc))
        finally:
            connections.close_all()

    pool = [threading.Thread(target=body, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert not errors, errors[:3]
    return done, refused


def test_one_decision_and_one_delivery_win():
    w = make_world()
    case = intake(w, w["promise"])
    reviewers = [w["reviewer"], w["reviewer2"]] * 2

    def decide(i):
        stale = Case.objects.get(pk=case.pk)  # each thread read the case as accepted
        return services.case_decide(
            actor=reviewers[i], case=stale, decision="approve", opinion=f"意见{i}"
        )

    done, refused = _race(4, decide)
    assert len(done) == 1 and refused == ["invalid_transition"] * 3
    assert Opinion.objects.filter(case=case).count() == 1

    def deliver(i):
        return services.case_deliver(
            actor=w["clerk"],
            case=Case.objects.get(pk=case.pk),
            collector_name=NAME,
            collector_id_number=id_number(),
            signature="signed",
        )

    done, refused = _race(4, deliver)
    assert len(done) == 1 and len(refused) == 3
    assert Delivery.objects.filter(case=case).count() == 1
    assert Case.objects.get(pk=case.pk).status == CaseStatus.COMPLETED
