"""Complaint replies and bad-rating rectifications promised across the end of
the holiday table (finding 7): taken, marked 预计 on the receipt, the pages and
the API, and recomputed when 2027 is added."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from govhall.cases.tests.pdftext import pdf_text
from govhall.core.actors import ANONYMOUS
from govhall.core.models import Event, Notification, TokenKind
from govhall.core.services import token_create
from govhall.core.tests.calendar_2027 import add_2027, weekdays_after
from govhall.feedback.documents import receipt_pdf

from ..models import Complaint
from ..services import evaluations
from .complaint_factories import at, receive, tokens, world
from .factories import PHONE, serve
from .factories import feedback_hall as make_hall


@pytest.fixture
def w(db):
    return world()


def test_a_complaint_on_30_december_is_taken_with_a_provisional_reply_date(w):
    with time_machine.travel(at(2026, 12, 30), tick=False):
        complaint = receive(w)
    # 5 working days: 31 Dec, then 1, 4, 5, 6 Jan 2027 on weekdays alone.
    assert complaint.reply_due == weekdays_after(dt.date(2026, 12, 30), 5) == dt.date(2027, 1, 6)
    assert complaint.reply_due_provisional
    assert "2027年1月6日（预计）" in pdf_text(receipt_pdf(complaint))
    sms = Notification.objects.get(key=f"complaint:{complaint.pk}:received")
    assert "（预计）" in sms.body


def test_a_complaint_inside_the_table_is_firm(w):
    complaint = receive(w, now=at(2026, 12, 1))
    assert complaint.reply_due == dt.date(2026, 12, 8) and not complaint.reply_due_provisional
    assert "预计" not in pdf_text(receipt_pdf(complaint))


def test_pages_and_api_mark_the_reply_date(client, w):
    with time_machine.travel(at(2026, 12, 30), tick=False):
        complaint = receive(w)
        client.force_login(w["admin_user"])
        detail = client.get(reverse("feedback:complaint", args=[complaint.number]))
        listing = client.get(reverse("feedback:complaints", args=[w["center"].code]))
        receipt = client.get(reverse("feedback:complaint_receipt", args=[complaint.receipt_token]))
    for page in (detail, listing, receipt):
        assert page.status_code == 200
        assert re.search(r"2027-01-06(</b>)? （预计）", page.content.decode())
    auth = {"Authorization": f"Bearer {tokens(w)['admin']}"}
    out = client.get(f"/api/v1/complaints/{complaint.number}", headers=auth).json()
    assert out["reply_due"] == "2027-01-06" and out["reply_due_provisional"] is True


def test_adding_2027_recomputes_the_open_complaint_and_texts_the_new_date(w):
    with time_machine.travel(at(2026, 12, 30), tick=False):
        complaint = receive(w)
        add_2027()
    complaint = Complaint.objects.get(pk=complaint.pk)
    # 31 Dec, then 1 and 4 Jan off: 5, 6, 7, 8 Jan.
    assert (complaint.reply_due, complaint.reply_due_provisional) == (dt.date(2027, 1, 8), False)
    event = Event.objects.get(kind="complaint.due_recomputed")
    assert event.payload["previous"] == "2027-01-06"
    sms = Notification.objects.get(key=f"complaint:{complaint.pk}:due:2027-01-08")
    assert "2027年1月8日" in sms.body and "预计" not in sms.body


def test_a_rectification_across_the_table_is_provisional_then_recomputed(client, db):
    h = make_hall()
    with time_machine.travel(at(2026, 12, 28, 15), tick=False):
        evaluation = serve(h, phone=PHONE, now=timezone.now())
        evaluations.evaluation_rate(
            actor=ANONYMOUS, token=evaluation.token, level=2, reasons=["slow"]
        )
    record = evaluation.__class__.objects.get(pk=evaluation.pk).rectification
    # contact within 1 working day (29 Dec: firm), rectify within 5 (4 Jan: 预计).
    assert (record.contact_due, record.contact_due_provisional) == (dt.date(2026, 12, 29), False)
    assert (record.rectify_due, record.rectify_due_provisional) == (dt.date(2027, 1, 4), True)
    auth = {
        "Authorization": f"Bearer {token_create(kind=TokenKind.STAFF, user=h['admin'].user)[1]}"
    }
    with time_machine.travel(at(2026, 12, 28, 16), tick=False):
        rows = client.get(f"/api/v1/centers/{h['center'].code}/rectifications", headers=auth)
    assert rows.status_code == 200, rows.json()
    assert [r["rectify_due_provisional"] for r in rows.json()] == [True]
    with time_machine.travel(at(2026, 12, 29), tick=False):
        add_2027()
    record.refresh_from_db()
    assert (record.rectify_due, record.rectify_due_provisional) == (dt.date(2027, 1, 6), False)
    assert Event.objects.filter(kind="rectification.due_recomputed").count() == 1


def test_a_thirty_day_reply_and_rectification_taken_on_1_december(db):
    h = make_hall()
    h["center"].settings = {**h["center"].settings, "feedback.rectify_days": 30}
    h["center"].save()
    w = world()
    w["center"].settings = {**w["center"].settings, "complaints.reply_days": 30}
    w["center"].save()
    with time_machine.travel(at(2026, 12, 1), tick=False):
        complaint = receive(w)
        evaluation = serve(h, phone=PHONE, now=timezone.now())
        evaluations.evaluation_rate(
            actor=ANONYMOUS, token=evaluation.token, level=2, reasons=["slow"]
        )
    record = evaluation.__class__.objects.get(pk=evaluation.pk).rectification
    expected = weekdays_after(dt.date(2026, 12, 1), 30)
    assert (complaint.reply_due, complaint.reply_due_provisional) == (expected, True)
    assert (record.rectify_due, record.rectify_due_provisional) == (expected, True)
