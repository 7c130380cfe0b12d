"""POST /api/v1/centers/{center}/platform-bookings: the unified booking
platform's booking becomes ours through booking's service (capacity and limits
hold); the signature, the timestamp window, the Idempotency-Key replay and the
bad input set."""

from __future__ import annotations

import json
import time

import pytest
from django.test import Client
from django.utils import timezone

from govhall.booking.models import Booking
from govhall.booking.tests.factories import book, booking_hall, generate, id_number
from govhall.core.models import OutboxMessage, OutboxReceiver, TokenKind
from govhall.core.outbox_sign import sign_headers
from govhall.core.services import token_create

from ..exchange.models import PlatformBooking
from .exchange_receiver import SECRET

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    h = booking_hall("PB", capacity=1)
    slots = generate(h, timezone.localdate())
    h["slot"] = slots[-1]  # the latest: past any lead time
    h["token"] = token_create(kind=TokenKind.INTEGRATION, center=h["center"])[1]
    OutboxReceiver.objects.create(
        center=h["center"], destination="booking_platform", url="http://127.0.0.1:9/", secret=SECRET
    )
    return h


def body_for(h, **over) -> dict:
    start = timezone.localtime(h["slot"].start)
    return {
        "platform_id": "YWTB-2026-000123",
        "item": h["licence"].code,
        "date": start.date().isoformat(),
        "time": start.strftime("%H:%M"),
        "name": "李四",
        "id_number": id_number(),
        "phone": "13800138000",
    } | over


def post(h, body, *, key="k-1", center=None, secret=SECRET, ts=None, token=None, raw=None):
    data = raw if raw is not None else json.dumps(body).encode()
    headers = sign_headers(secret, data, ts if ts is not None else time.time())
    headers["Authorization"] = f"Bearer {token or h['token']}"
    if key:
        headers["Idempotency-Key"] = key
    client = Client(headers=headers)
    url = f"/api/v1/centers/{center or h['center'].code}/platform-bookings"
    return client.post(url, data, content_type="application/json")


def test_a_signed_booking_becomes_ours_and_a_replay_gets_the_first_answer(world):
    body = body_for(world)
    resp = post(world, body)
    assert resp.status_code == 201, resp.content
    out = resp.json()
    booking = Booking.objects.get(code=out["code"])
    assert out["platform_id"] == "YWTB-2026-000123" and out["status"] == "booked"
    assert booking.slot == world["slot"] and booking.name == "李四"
    assert PlatformBooking.objects.get().booking == booking
    again = post(world, body)
    assert again.status_code == 201 and again.json() == out
    assert again["Idempotent-Replayed"] == "true"
    assert Booking.objects.count() == 1
    # What we tell the platform back names its id, not the person.
    made = OutboxMessage.objects.get(kind="booking.created")
    assert made.payload["platform_booking_id"] == "YWTB-2026-000123"
    assert "李四" not in json.dumps(made.payload) and "13800138000" not in json.dumps(made.payload)
    # The same platform booking under another key: a duplicate, not a second booking.
    dup = post(world, body, key="k-2")
    assert dup.status_code == 409 and dup.json()["error"]["code"] == "platform_booking_duplicate"


def test_signature_and_timestamp_are_checked(world):
    body = body_for(world)
    cases = [
        ({"secret": "another-secret-0000000000"}, "signature_invalid"),
        ({"ts": time.time() - 301}, "timestamp_stale"),
        ({"ts": time.time() + 400}, "timestamp_stale"),
    ]
    for kw, code in cases:
        resp = post(world, body, **kw)
        assert resp.status_code == 401 and resp.json()["error"]["code"] == code, kw
    # Unsigned, or the body changed after signing.
    data = json.dumps(body).encode()
    headers = {"Authorization": f"Bearer {world['token']}", "Idempotency-Key": "u"}
    resp = Client(headers=headers).post(
        f"/api/v1/centers/{world['center'].code}/platform-bookings", data, "application/json"
    )
    assert resp.status_code == 401 and resp.json()["error"]["code"] == "signature_missing"
    signed = sign_headers(SECRET, data, time.time())
    tampered = json.dumps(body | {"name": "王五"}).encode()
    resp = Client(headers=headers | signed).post(
        f"/api/v1/centers/{world['center'].code}/platform-bookings", tampered, "application/json"
    )
    assert resp.status_code == 401
    # Headers that are not digits or not hex at all: refused, never a 500.
    for bad in ({"X-GovHall-Timestamp": "²³"}, {"X-GovHall-Signature": "sha256=签名"}):
        resp = Client(headers=headers | signed | bad).post(
            f"/api/v1/centers/{world['center'].code}/platform-bookings", data, "application/json"
        )
        assert resp.status_code == 401, bad
    assert not Booking.objects.exists()
    # A refused signature is not kept for its key: fixed and retried, it is heard.
    assert post(world, body, key="k-1", secret="wrong-secret-00000000000").status_code == 401
    assert post(world, body, key="k-1").status_code == 201


def test_bad_input_is_422_and_writes_nothing(world):
    good = body_for(world)
    bad = [
        {k: v for k, v in good.items() if k != "phone"},
        good | {"date": "not-a-date"},
        good | {"time": 930},
        good | {"platform_id": "x" * 65},
        good | {"platform_id": "有空格 id"},
        good | {"name": "张" * 41},
        good | {"extra": "field"},
        good | {"id_number": "123"},
        good | {"phone": "12"},
    ]
    for n, body in enumerate(bad):
        resp = post(world, body, key=f"bad-{n}")
        assert resp.status_code == 422, (body, resp.content)
        assert resp.json()["error"]["fields"], body
    for raw in (b"{not json", b"[]", b""):
        resp = post(world, None, raw=raw, key=f"raw-{raw!r}")
        assert resp.status_code in (400, 422), raw
    assert post(world, good, key="").status_code == 422  # the Idempotency-Key is required
    assert not Booking.objects.exists() and not PlatformBooking.objects.exists()


def test_capacity_rules_and_scope(world):
    h = world
    book(h, h["slot"], now=timezone.now())  # the slot's one place is taken
    full = post(h, body_for(h))
    assert full.status_code == 409 and full.json()["error"]["code"] == "slot_full"
    nowhere = post(h, body_for(h, time="03:00"), key="k-3")
    assert nowhere.status_code == 409 and nowhere.json()["error"]["code"] == "slot_unavailable"
    unknown_item = post(h, body_for(h, item="NOPE"), key="k-4")
    assert unknown_item.status_code == 404
    # Another centre: its token is not ours, and ours does not reach it.
    other = booking_hall("PB2")
    resp = post(h, body_for(h), key="k-5", center=other["center"].code)
    assert resp.status_code == 404 and resp.json()["error"]["code"] == "center_not_found"
    assert post(h, body_for(h), key="k-6", center="NO-SUCH").status_code == 404
    # A kiosk token of the centre does not deliver bookings.
    kiosk = token_create(kind=TokenKind.KIOSK, center=h["center"])[1]
    assert post(h, body_for(h), key="k-7", token=kiosk).status_code == 403
    # The exchange switched off: refused before the body is read.
    OutboxReceiver.objects.update(enabled=False)
    off = post(h, body_for(h), key="k-8")
    assert off.status_code == 403 and off.json()["error"]["code"] == "exchange_not_configured"
    assert Booking.objects.count() == 1 and not PlatformBooking.objects.exists()
