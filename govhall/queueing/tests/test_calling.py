"""Calling order and the ticket's state machine (000 第三-四条, 001 6.4.1.3)."""

import datetime as dt

import pytest
from django.utils import timezone

from govhall.core.center_settings import SETTINGS
from govhall.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from govhall.core.models import Event
from govhall.core.tests import factories as f
from govhall.queueing import services
from govhall.queueing.models import TicketStatus
from govhall.queueing.tests.factories import queue, window

ELDER = "11010519491231002X"  # born 1949


def _issue(h, item="licence", **kw):
    return services.ticket_issue(
        actor=h["reception"], center=h["center"], item_code=h[item].code, **kw
    )


def _call(h, w="w1"):
    return services.ticket_call_next(actor=h["clerk"], window=h[w])


def test_numbers_count_per_queue_and_day(hall):
    numbers = [_issue(hall).number for _ in range(3)] + [_issue(hall, "pension").number]
    assert numbers == ["A001", "A002", "A003", "B001"]


def test_called_in_issue_order_within_a_queue(hall):
    first, second = _issue(hall), _issue(hall)
    assert _call(hall) == first
    services.ticket_finish(actor=hall["clerk"], ticket=first)
    assert _call(hall) == second


def test_profile_order_decides_between_queues(hall):
    b = _issue(hall, "pension")
    a = _issue(hall)
    assert _call(hall, "w1") == a  # w1 calls A before B
    assert _call(hall, "w2") == b


def test_priority_first_within_a_queue(hall):
    plain = _issue(hall)
    elder = _issue(hall, id_number=ELDER)
    assert elder.priority and elder.special_group == "elderly" and not plain.priority
    assert _call(hall) == elder


def test_reception_flags_special_groups_with_a_reason(hall):
    with pytest.raises(ValidationFailed) as err:
        _issue(hall, special_group="disabled")
    assert "special_reason" in err.value.fields
    t = _issue(hall, special_group="disabled", special_reason="轮椅")
    assert t.priority


def test_appointments_before_walk_ins(hall):
    walk_in = _issue(hall)
    booked = _issue(hall, is_appointment=True)
    assert booked.number == "A002"
    assert _call(hall) == booked
    assert walk_in.status == TicketStatus.WAITING


def test_a_window_serves_one_ticket_at_a_time(hall):
    _issue(hall), _issue(hall)
    _call(hall)
    with pytest.raises(Conflict) as err:
        _call(hall)
    assert err.value.code == "window_busy"


def test_closed_or_paused_window_cannot_call(hall):
    _issue(hall)
    services.window_set_state(actor=hall["clerk"], window=hall["w1"], action="pause")
    with pytest.raises(Conflict) as err:
        _call(hall)
    assert err.value.code == "window_closed"
    services.window_set_state(actor=hall["clerk"], window=hall["w1"], action="resume")
    assert _call(hall) is not None


def test_nobody_waiting_returns_none(hall):
    assert _call(hall) is None


def test_full_walk_and_events(hall):
    t = _issue(hall)
    _call(hall)
    t = services.ticket_recall(actor=hall["clerk"], ticket=t)
    t = services.ticket_start(actor=hall["clerk"], ticket=t)
    t = services.ticket_finish(actor=hall["clerk"], ticket=t)
    assert t.status == TicketStatus.DONE and t.recall_count == 1
    kinds = list(
        Event.objects.filter(aggregate_type="queueing.ticket", aggregate_id=str(t.pk)).values_list(
            "kind", flat=True
        )
    )
    assert kinds == [
        "ticket.issued",
        "ticket.called",
        "ticket.recalled",
        "ticket.started",
        "ticket.finished",
    ]
    for e in Event.objects.all():
        assert "id_number" not in e.payload and "phone" not in e.payload


@pytest.mark.parametrize(
    "step", ["ticket_recall", "ticket_start", "ticket_no_show", "ticket_finish", "ticket_reinstate"]
)
def test_illegal_steps_are_409(hall, step):
    t = _issue(hall)
    with pytest.raises(InvalidTransition) as err:
        getattr(services, step)(actor=hall["clerk"], ticket=t)
    assert err.value.status == 409
    t.refresh_from_db()
    assert t.status == TicketStatus.WAITING


def test_recall_limit(hall):
    t = _issue(hall)
    _call(hall)
    limit = SETTINGS["queue.max_recalls"].default
    for _ in range(limit):
        services.ticket_recall(actor=hall["clerk"], ticket=t)
    with pytest.raises(InvalidTransition) as err:
        services.ticket_recall(actor=hall["clerk"], ticket=t)
    assert err.value.code == "recall_limit"


def test_no_show_reinstated_behind_three_people(hall):
    t = _issue(hall)
    others = [_issue(hall) for _ in range(5)]
    _call(hall)
    services.ticket_no_show(actor=hall["clerk"], ticket=t)
    services.ticket_reinstate(actor=hall["clerk"], ticket=t)
    order = []
    for _ in range(6):
        called = _call(hall)
        order.append(called.number)
        services.ticket_finish(actor=hall["clerk"], ticket=called)
    assert order == [
        others[0].number,
        others[1].number,
        others[2].number,
        t.number,
        others[3].number,
        others[4].number,
    ]


def test_no_show_too_late_to_reinstate(hall):
    t = _issue(hall)
    _call(hall)
    services.ticket_no_show(actor=hall["clerk"], ticket=t)
    later = timezone.now() + dt.timedelta(minutes=31)
    with pytest.raises(InvalidTransition) as err:
        services.ticket_reinstate(actor=hall["clerk"], ticket=t, now=later)
    assert err.value.code == "reinstate_expired"


def test_transfer_keeps_its_place(hall):
    early = _issue(hall)  # A001 at 09:00
    b_tickets = [_issue(hall, "pension") for _ in range(2)]
    _call(hall)  # w1 calls A001
    services.ticket_transfer(actor=hall["clerk"], ticket=early, queue=hall["qb"])
    early.refresh_from_db()
    assert early.number == "A001" and early.queue == hall["qb"]
    assert _call(hall, "w2") == early  # older than B001 and B002
    assert b_tickets[0].status == TicketStatus.WAITING


def test_transfer_to_a_window(hall):
    t = _issue(hall)
    _call(hall, "w1")
    services.ticket_transfer(actor=hall["clerk"], ticket=t, window=hall["w2"])
    _issue(hall, "pension")
    assert _call(hall, "w2") == t


def test_transfer_to_another_centre_is_refused(hall):
    other = f.center()
    q_other = queue(other, "Z")
    w_other = window(other, 1, q_other)
    t = _issue(hall)
    for target in ({"queue": q_other}, {"window": w_other}):
        with pytest.raises(ValidationFailed) as err:
            services.ticket_transfer(actor=hall["clerk"], ticket=t, **target)
        assert err.value.code == "other_center"
    t.refresh_from_db()
    assert t.queue == hall["qa"]


def test_clerk_of_another_centre_cannot_call_here(hall):
    from govhall.core.models import Role

    stranger = f.actor(f.staff(Role.CLERK, center_=f.center()))
    _issue(hall)
    with pytest.raises(PermissionDenied):
        services.ticket_call_next(actor=stranger, window=hall["w1"])


def test_cancel(hall):
    t = _issue(hall)
    services.ticket_cancel(actor=hall["reception"], ticket=t)
    assert _call(hall) is None
