"""Priority across every queue a window serves (004 第六条1, 000 第四条), and a
tracker whose "ahead" is the number really called first (issue 11, finding 1)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govhall.hall.models import WindowType
from govhall.queueing import selectors, services
from govhall.queueing.models import Ticket, TicketStatus
from govhall.queueing.tests.factories import window

BORN_1952 = "110105195203150013"


def _issue(h, item="licence", **kw):
    return services.ticket_issue(
        actor=h["reception"], center=h["center"], item_code=h[item].code, **kw
    )


def _call(h, w="w1"):
    return services.ticket_call_next(actor=h["clerk"], window=h[w])


def _only_w1(h):
    """Window 1 alone serves both queues (A before B in its profile)."""
    for name in ("w2", "assist"):
        h[name].is_active = False
        h[name].save()


def _reserve_for_assist(h):
    h["center"].settings = {**h["center"].settings, "queue.priority_only_assist_window": True}
    h["center"].save()


def test_green_channel_b007_is_called_before_a008_taken_after_her(hall):
    """The finding as it was played: B007 (born 1952) waits, A008 is taken after
    her, window 1 serves A then B. She is called first, and her tracker said so."""
    _only_w1(hall)
    for _ in range(6):
        _issue(hall, "pension")
        services.ticket_cancel(actor=hall["clerk"], ticket=_issue(hall))
    _issue(hall)  # A007, ordinary, before her
    b007 = _issue(hall, "pension", id_number=BORN_1952)
    a008 = _issue(hall)
    assert (b007.number, a008.number, b007.priority) == ("B007", "A008", True)
    assert selectors.ahead_of(b007) == 0
    # Before A008: B007 (priority), then A007 (window 1 calls A before B).
    assert selectors.ahead_of(a008) == 2
    assert _call(hall) == b007
    services.ticket_finish(actor=hall["clerk"], ticket=b007)
    assert _call(hall).number == "A007"


def test_tracker_and_issue_answer_say_the_same_ahead(hall, client):
    _only_w1(hall)
    plain = _issue(hall)
    taken = client.post(
        f"/api/v1/centers/{hall['center'].code}/tickets",
        {"item": hall["pension"].code, "id_number": BORN_1952},
        content_type="application/json",
        headers={"Authorization": f"Bearer {hall['kiosk_raw']}"},
    )
    assert taken.status_code == 201 and taken.json()["priority"] is True
    assert taken.json()["ahead"] == 0  # the plain A001 taken before her is behind her
    elder = Ticket.objects.get(pk=taken.json()["id"])
    body = client.get(f"/api/v1/tickets/track/{elder.track_token}").json()
    assert body["ahead"] == 0
    body = client.get(f"/api/v1/tickets/track/{plain.track_token}").json()
    assert body["ahead"] == 1
    page = client.get(f"/t/{plain.track_token}/").content.decode()
    assert "前面还有 1 人" in page


def test_appointments_then_profile_then_issue_time_across_queues(hall):
    _only_w1(hall)
    b_plain = _issue(hall, "pension")
    a_plain = _issue(hall)
    b_booked = _issue(hall, "pension", is_appointment=True)
    a_booked = _issue(hall, is_appointment=True)
    b_elder = _issue(hall, "pension", id_number=BORN_1952)
    expected = [b_elder, a_booked, b_booked, a_plain, b_plain]
    assert [selectors.ahead_of(t) for t in expected] == [0, 1, 2, 3, 4]
    called = []
    for _ in expected:
        t = _call(hall)
        called.append(t)
        services.ticket_finish(actor=hall["clerk"], ticket=t)
    assert called == expected


def test_a_centre_can_reserve_priority_for_its_assist_window(hall):
    _reserve_for_assist(hall)
    a_plain = _issue(hall)
    b_elder = _issue(hall, "pension", id_number=BORN_1952)
    b_elder_2 = _issue(hall, "pension", id_number=BORN_1952)
    # The 为老 window takes them across its queues, before its first queue's A001.
    assert _call(hall, "assist") == b_elder
    # An ordinary window calls in plain turn: A before B in window 1's profile.
    assert _call(hall, "w1") == a_plain
    assert _call(hall, "w2") == b_elder_2


def test_reserved_priority_within_one_queue_is_plain_turn_at_other_windows(hall):
    _reserve_for_assist(hall)
    first = _issue(hall)
    elder = _issue(hall, id_number=BORN_1952)
    assert _call(hall, "w1") == first
    services.ticket_finish(actor=hall["clerk"], ticket=first)
    assert _call(hall, "w1") == elder


def test_ahead_counts_only_who_every_window_calls_first(hall):
    """Window 1 calls A before B, window 2 B before A: a plain A ticket is
    surely behind the priority B ticket (both windows put it first) but not
    behind the plain B ticket (window 1 would call it first)."""
    hall["assist"].is_active = False
    hall["assist"].save()
    b_plain = _issue(hall, "pension")
    b_elder = _issue(hall, "pension", id_number=BORN_1952)
    a_plain = _issue(hall)
    assert selectors.ahead_of(a_plain) == 1
    assert selectors.ahead_of(b_elder) == 0
    assert selectors.ahead_of(b_plain) == 1  # the elder, wherever it is called


def test_transferred_to_a_window_counts_that_windows_line(hall):
    _only_w1(hall)
    first, second, booked = _issue(hall), _issue(hall), _issue(hall, is_appointment=True)
    moved = services.ticket_transfer(actor=hall["clerk"], ticket=second, window=hall["w1"])
    moved_booked = services.ticket_transfer(actor=hall["clerk"], ticket=booked, window=hall["w1"])
    assert selectors.ahead_of(moved_booked) == 0
    assert selectors.ahead_of(moved) == 1
    assert selectors.ahead_of(first) == 2
    assert _call(hall) == moved_booked
    services.ticket_finish(actor=hall["clerk"], ticket=moved_booked)
    assert _call(hall) == moved


def test_a_ticket_taken_after_the_call_is_not_called_before_it_exists(hall):
    _only_w1(hall)
    later = timezone.now() + dt.timedelta(minutes=5)
    _issue(hall, now=later)
    assert services.ticket_call_next(actor=hall["clerk"], window=hall["w1"]) is None


FLAGS = st.tuples(st.sampled_from(["licence", "pension"]), st.booleans(), st.booleans())


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    tickets=st.lists(FLAGS, min_size=1, max_size=7),
    assist=st.booleans(),
    reserved=st.booleans(),
    b_first=st.booleans(),
)
def test_ahead_is_the_number_called_before_at_a_single_window(
    hall, tickets, assist, reserved, b_first
):
    """One function orders both: with one window, each ticket's `ahead` when
    the calling starts is exactly how many are called before it."""
    sid = transaction.savepoint()
    try:
        for name in ("w1", "w2", "assist"):
            hall[name].is_active = False
            hall[name].save()
        hall["center"].settings = {
            **hall["center"].settings,
            "queue.priority_only_assist_window": reserved,
        }
        hall["center"].save()
        queues = (hall["qb"], hall["qa"]) if b_first else (hall["qa"], hall["qb"])
        kind = WindowType.ASSIST if assist else WindowType.COMPREHENSIVE
        hall["only"] = window(hall["center"], 7, *queues, type=kind)
        issued = [
            _issue(hall, item, id_number=BORN_1952 if elder else None, is_appointment=booked)
            for item, elder, booked in tickets
        ]
        ahead = {t.pk: selectors.ahead_of(t) for t in issued}
        called = []
        while (t := _call(hall, "only")) is not None:
            called.append(t.pk)
            services.ticket_finish(actor=hall["clerk"], ticket=t)
        assert sorted(called, key=ahead.get) == called
        assert [ahead[pk] for pk in called] == list(range(len(issued)))
        assert not Ticket.objects.filter(status=TicketStatus.WAITING).exists()
    finally:
        transaction.savepoint_rollback(sid)
