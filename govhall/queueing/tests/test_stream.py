"""The SSE stream: live events for the centre, replay after Last-Event-ID,
no personal data, and the error shape for bad requests."""

import asyncio
import json
import threading

import pytest
from asgiref.sync import sync_to_async
from django.db import connections
from django.test import AsyncClient

from govhall.core.models import Event, TokenKind
from govhall.core.services import token_create
from govhall.core.tests import factories as f
from govhall.queueing import services
from govhall.queueing.tests.factories import hall as make_hall

pytestmark = pytest.mark.django_db(transaction=True)
ELDER = "11010519491231002X"


def run(scenario):
    """Run an async scenario, then close the connection its sync_to_async thread
    opened, so the test database can be dropped."""

    async def wrapped():
        try:
            return await scenario()
        finally:
            await sync_to_async(connections.close_all)()

    # In a thread of its own: the session's Playwright browser keeps an event loop
    # running in the main thread, and asyncio.run() refuses to nest in it.
    outcome = {}

    def target():
        try:
            outcome["value"] = asyncio.run(wrapped())
        except BaseException as exc:  # re-raised in the test's thread
            outcome["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _frames(chunks: list[str]) -> list[dict]:
    out = []
    for block in "".join(chunks).split("\n\n"):
        fields = dict(
            line.split(": ", 1)
            for line in block.splitlines()
            if ": " in line and not line.startswith(":")
        )
        if "event" in fields:
            out.append(
                {
                    "id": int(fields["id"]),
                    "event": fields["event"],
                    "data": json.loads(fields["data"]),
                }
            )
    return out


async def _read(response, seconds: float) -> list[str]:
    chunks = []
    iterator = response.streaming_content.__aiter__()
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while loop.time() < end:
        try:
            chunk = await asyncio.wait_for(iterator.__anext__(), end - loop.time())
        except (TimeoutError, StopAsyncIteration):
            break
        chunks.append(chunk.decode() if isinstance(chunk, bytes) else chunk)
    return chunks


def test_live_events_reach_the_board():
    h = make_hall("SSE")
    raw = token_create(kind=TokenKind.DISPLAY, center=h["center"])[1]

    async def scenario():
        client = AsyncClient()
        response = await client.get(
            f"/api/v1/centers/{h['center'].code}/events", headers={"Authorization": f"Bearer {raw}"}
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "text/event-stream"

        def work():
            services.ticket_issue(
                actor=h["reception"],
                center=h["center"],
                item_code=h["licence"].code,
                id_number=ELDER,
            )
            services.ticket_call_next(actor=h["clerk"], window=h["w1"])

        reader = asyncio.ensure_future(_read(response, 2.5))
        await asyncio.sleep(0.3)
        await sync_to_async(work)()
        return _frames(await reader)

    frames = run(scenario)
    kinds = [fr["event"] for fr in frames]
    assert "ticket.called" in kinds and "queue.changed" in kinds
    called = next(fr for fr in frames if fr["event"] == "ticket.called")
    assert called["data"]["number"] == "A001" and called["data"]["window"] == 1
    ids = [fr["id"] for fr in frames]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    assert ELDER not in json.dumps(frames) and "id_number" not in json.dumps(frames)


def test_reconnect_with_last_event_id_replays_what_was_missed():
    h = make_hall("SSR")
    raw = token_create(kind=TokenKind.DISPLAY, center=h["center"])[1]
    services.ticket_issue(actor=h["reception"], center=h["center"], item_code=h["licence"].code)
    seen = Event.objects.filter(center=h["center"]).order_by("-id").first().id
    services.ticket_call_next(actor=h["clerk"], window=h["w1"])  # happens while disconnected

    async def scenario():
        client = AsyncClient()
        response = await client.get(
            f"/api/v1/centers/{h['center'].code}/events",
            headers={"Authorization": f"Bearer {raw}", "Last-Event-ID": str(seen)},
        )
        return _frames(await _read(response, 1.0))

    frames = run(scenario)
    assert [fr["event"] for fr in frames][:2] == ["ticket.called", "queue.changed"]
    assert all(fr["id"] > seen for fr in frames)


def test_other_centres_events_are_not_sent():
    h = make_hall("SSO")
    other = make_hall("SSX")
    raw = token_create(kind=TokenKind.DISPLAY, center=h["center"])[1]
    services.ticket_issue(
        actor=other["reception"], center=other["center"], item_code=other["licence"].code
    )

    async def scenario():
        response = await AsyncClient().get(
            f"/api/v1/centers/{h['center'].code}/events?last_event_id=0",
            headers={"Authorization": f"Bearer {raw}"},
        )
        return _frames(await _read(response, 0.8))

    assert run(scenario) == []


@pytest.mark.parametrize("case", ["no_token", "bad_token", "other_centre", "unknown_centre"])
def test_refusals_have_the_error_shape(case):
    h = make_hall("SSE" + case[:3])
    other = f.center()
    raw = token_create(kind=TokenKind.DISPLAY, center=other)[1]
    headers = {
        "no_token": {},
        "bad_token": {"Authorization": "Bearer gh_nope"},
        "other_centre": {"Authorization": f"Bearer {raw}"},
        "unknown_centre": {"Authorization": f"Bearer {raw}"},
    }[case]
    code = "NOPE" if case == "unknown_centre" else h["center"].code

    async def scenario():
        return await AsyncClient().get(f"/api/v1/centers/{code}/events", headers=headers)

    response = run(scenario)
    expected = {"no_token": 401, "bad_token": 401, "other_centre": 403, "unknown_centre": 404}
    assert response.status_code == expected[case]
    assert set(json.loads(response.content)["error"]) == {"code", "message", "fields"}
