"""The exchange page of the centre admin: counts, filters, a message with its
attempts, resend, the receivers' form; centre A's admin reads nothing of B."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from govhall.core import outbox
from govhall.core.models import OutboxMessage, OutboxReceiver, OutboxState, Role
from govhall.core.tests import factories as f

pytestmark = pytest.mark.django_db


def message(center, key: str, state=OutboxState.PENDING, destination="booking_platform"):
    with transaction.atomic():
        m = outbox.enqueue(
            center=center,
            destination=destination,
            kind="ticket.issued",
            key=key,
            payload={"number": "A001"},
        )
    OutboxMessage.objects.filter(pk=m.pk).update(state=state, last_error="HTTP 400: bad")
    return m


@pytest.fixture
def two():
    a, b = f.center(), f.center()
    admin_a, admin_b = (f.staff(Role.CENTER_ADMIN, center_=c) for c in (a, b))
    client = Client()
    client.force_login(admin_a)
    return {"a": a, "b": b, "client": client, "admin_b": admin_b}


def test_counts_filters_and_scope(two):
    a, b, client = two["a"], two["b"], two["client"]
    message(a, "a1", OutboxState.FAILED)
    message(a, "a2", OutboxState.SENT, "provincial_rating")
    theirs = message(b, "b1", OutboxState.FAILED)
    page = client.get(f"/reports/{a.code}/exchange/")
    assert page.status_code == 200
    assert page.context["counts"] == {"pending": 0, "sending": 0, "sent": 1, "failed": 1}
    assert {r["m"].key for r in page.context["rows"]} == {"a1", "a2"}
    failed = client.get(f"/reports/{a.code}/exchange/?state=failed&destination=booking_platform")
    assert [r["m"].key for r in failed.context["rows"]] == ["a1"]
    odd = client.get(f"/reports/{a.code}/exchange/?state=nope&kind=" + "x" * 500)
    assert odd.status_code == 200 and odd.context["rows"] == []
    # B's page, B's message under A's address, resending it: refused.
    assert client.get(f"/reports/{b.code}/exchange/").status_code == 403
    assert client.get(f"/reports/{a.code}/exchange/messages/{theirs.pk}/").status_code == 404
    assert (
        client.post(f"/reports/{a.code}/exchange/messages/{theirs.pk}/resend/").status_code == 404
    )
    theirs.refresh_from_db()
    assert theirs.state == OutboxState.FAILED
    # A clerk of A does not see the page.
    clerk = Client()
    clerk.force_login(f.staff(Role.CLERK, center_=a))
    assert clerk.get(f"/reports/{a.code}/exchange/").status_code == 403


def test_resend_from_the_page_and_a_second_time_refused(two):
    a, client = two["a"], two["client"]
    m = message(a, "a1", OutboxState.FAILED)
    detail = client.get(f"/reports/{a.code}/exchange/messages/{m.pk}/")
    assert detail.status_code == 200 and "重新发送" in detail.content.decode()
    resp = client.post(f"/reports/{a.code}/exchange/messages/{m.pk}/resend/", follow=True)
    m.refresh_from_db()
    assert resp.status_code == 200 and m.state == OutboxState.PENDING
    again = client.post(f"/reports/{a.code}/exchange/messages/{m.pk}/resend/", follow=True)
    assert "只有发送失败的消息可以重新发送" in again.content.decode()


def test_receiver_form_saves_and_refuses_bad_input(two):
    a, client = two["a"], two["client"]
    url = f"/reports/{a.code}/exchange/receivers/booking_platform/"
    bad = client.post(url, {"url": "javascript:alert(1)", "secret": "x" * 20, "enabled": "on"})
    assert bad.status_code == 422 and not OutboxReceiver.objects.exists()
    short = client.post(url, {"url": "https://p.example/in", "secret": "short"})
    assert short.status_code == 422
    assert client.post(f"/reports/{a.code}/exchange/receivers/nowhere/", {}).status_code == 404
    ok = client.post(url, {"url": "https://p.example/in", "secret": "s" * 20, "enabled": "on"})
    assert ok.status_code == 302
    saved = OutboxReceiver.objects.get()
    assert saved.center == a and saved.enabled and saved.secret == "s" * 20
    # Blank secret keeps it; unticked disables.
    client.post(url, {"url": "https://p.example/v2", "secret": ""})
    saved.refresh_from_db()
    assert saved.url.endswith("/v2") and not saved.enabled and saved.secret == "s" * 20
    page = client.get(f"/reports/{a.code}/exchange/").content.decode()
    assert "s" * 20 not in page  # the secret is never shown
    # The other centre's admin cannot write A's receiver.
    other = Client()
    other.force_login(two["admin_b"])
    assert other.post(url, {"url": "https://evil.example/", "secret": "e" * 20}).status_code == 403
    saved.refresh_from_db()
    assert saved.url.endswith("/v2")
