"""The event table (outbox) and the audit log carry no personal data."""

import pytest
from django.db import transaction

from govhall.core.events import audit, emit
from govhall.core.identity import parse_id_number
from govhall.core.models import Event
from govhall.core.services import counter_next

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_emit_needs_the_callers_transaction():
    with pytest.raises(RuntimeError):
        emit("x.happened", center=None, payload={})


def test_emit_in_transaction_is_rolled_back_with_it():
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        emit("x.happened", center=None, payload={"n": 1})
        1 / 0  # noqa: B018
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"id_number": "x"},
        {"ticket": {"phone": "13800000000"}},
        {"list": [{"mobile": "1"}]},
        {"who": parse_id_number("11010519491231002X")},
    ],
)
def test_personal_data_is_refused(payload):
    with pytest.raises(ValueError), transaction.atomic():
        emit("x.happened", center=None, payload=payload)
    with pytest.raises(ValueError), transaction.atomic():
        audit("x.happened", detail=payload)


def test_event_ids_increase():
    with transaction.atomic():
        a = emit("a", center=None)
        b = emit("b", center=None)
    assert b.id > a.id


@pytest.mark.django_db(transaction=True)
def test_counter_numbers_are_consecutive_and_need_a_transaction():
    with pytest.raises(RuntimeError):
        counter_next("q")
    with transaction.atomic():
        assert [counter_next("q:2026-11-22") for _ in range(3)] == [1, 2, 3]
        assert counter_next("other") == 1


def test_rolled_back_number_is_handed_out_again():
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        assert counter_next("k") == 1
        1 / 0  # noqa: B018
    with transaction.atomic():
        assert counter_next("k") == 1
