"""一次一评: every finished ticket and every closed case opens exactly one
evaluation; the rating pad of the window finds the one just finished there."""

import datetime as dt

import time_machine
from django.utils import timezone

from govhall.core.models import Event, Notification, TokenKind
from govhall.core.services import token_create
from govhall.queueing import services as queue_services

from ..models import Evaluation, Subject
from .factories import PHONE, at, serve


def test_a_finished_ticket_opens_one_evaluation(h):
    evaluation = serve(h, phone=PHONE)
    ticket = evaluation.ticket
    assert evaluation.subject == Subject.TICKET
    assert evaluation.reference == ticket.number
    assert evaluation.window == h["w1"]
    assert evaluation.staff_number == h["clerk"].user.staff_number
    assert evaluation.item_name == "营业执照遗失补领"
    assert evaluation.department == h["dept"]
    assert evaluation.expires_at - evaluation.served_at == dt.timedelta(days=15)
    assert evaluation.rated_at is None
    assert Evaluation.objects.filter(ticket=ticket).count() == 1
    # The SMS link carries the token, and the event carries no personal data.
    sms = Notification.objects.get(key=f"evaluation:{evaluation.pk}:invite")
    assert f"/e/{evaluation.token}/" in sms.body
    assert sms.recipient == PHONE
    event = Event.objects.get(kind="evaluation.invited", aggregate_id=str(evaluation.pk))
    assert PHONE not in str(event.payload)


def test_validity_is_a_centre_setting(h):
    h["center"].settings = {**h["center"].settings, "feedback.token_days": 3}
    h["center"].save()
    evaluation = serve(h)
    assert evaluation.expires_at - evaluation.served_at == dt.timedelta(days=3)
    assert not Notification.objects.filter(key__startswith="evaluation:").exists()  # no phone


def test_tokens_are_unique_and_unguessable(h):
    tokens = {serve(h).token for _ in range(5)}
    assert len(tokens) == 5
    assert all(len(t) >= 20 for t in tokens)


def test_a_cancelled_or_no_show_ticket_is_not_rated(h):
    ticket = queue_services.ticket_issue(
        actor=h["reception"], center=h["center"], item_code=h["licence"].code
    )
    called = queue_services.ticket_call_next(actor=h["clerk"], window=h["w1"])
    queue_services.ticket_no_show(actor=h["clerk"], ticket=called)
    assert not Evaluation.objects.filter(ticket=ticket).exists()


def _pending(client, h, window="w1", token=None):
    return client.get(
        f"/api/v1/windows/{h[window].code}/pending-evaluation",
        headers={"Authorization": f"Bearer {token or h['pad_raw']}"},
    )


def test_the_pad_reads_the_service_just_finished_at_its_window(client, h):
    assert _pending(client, h).status_code == 204
    evaluation = serve(h)
    resp = _pending(client, h)
    assert resp.status_code == 200
    body = resp.json()
    assert body["token"] == evaluation.token
    assert body["window"] == h["w1"].code
    assert body["staff_number"] == h["clerk"].user.staff_number
    assert body["item"] == "营业执照遗失补领"
    assert body["rated"] is False
    # What is being rated, by token: no personal data at all.
    public = client.get(f"/api/v1/evaluations/{evaluation.token}").json()
    assert public["reference"] == evaluation.reference
    assert not {"phone", "contact_phone", "name", "id_number"} & set(public)


def test_the_pad_forgets_after_its_minutes_and_after_the_rating(client, h):
    with time_machine.travel(at(2026, 11, 20, 10), tick=False):
        evaluation = serve(h, now=timezone.now())  # finished at 10:05
    with time_machine.travel(at(2026, 11, 20, 10, 11), tick=False):
        assert _pending(client, h).status_code == 204  # 5 min after the finish at 10:05
    with time_machine.travel(at(2026, 11, 20, 10, 6), tick=False):
        assert _pending(client, h).status_code == 200
        resp = client.post(
            f"/api/v1/evaluations/{evaluation.token}",
            {"level": 5},
            content_type="application/json",
            headers={"Authorization": f"Bearer {h['pad_raw']}"},
        )
        assert resp.status_code == 201
        assert _pending(client, h).status_code == 204


def test_the_pad_only_reads_its_own_window(client, h):
    serve(h)
    assert _pending(client, h, window="w2").status_code == 403
    other_pad = token_create(kind=TokenKind.EVALUATOR, center=h["center"], window=h["w2"])[1]
    assert _pending(client, h, token=other_pad).status_code == 403
    # A window terminal is not a rating pad; nor is a kiosk.
    resp = _pending(client, h, token=h["window_raw"])
    assert resp.status_code == 403
    assert resp.json()["error"]["code"] == "forbidden_role"
    assert _pending(client, h, token=h["kiosk_raw"]).status_code == 403
    assert client.get(f"/api/v1/windows/{h['w1'].code}/pending-evaluation").status_code == 401
    unknown = client.get(
        "/api/v1/windows/NO-SUCH/pending-evaluation",
        headers={"Authorization": f"Bearer {h['pad_raw']}"},
    )
    assert unknown.status_code == 404


def test_an_evaluator_token_needs_a_window(h):
    import pytest

    from govhall.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        token_create(kind=TokenKind.EVALUATOR, center=h["center"])
