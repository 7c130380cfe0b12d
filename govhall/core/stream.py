"""Server-Sent Events from the event table (API.md `GET /centers/{c}/events`).

One poller per process reads new events every POLL seconds and fans them out
to every connected client from memory, so 500 display boards cost one query
per poll, not 500. A client that reconnects with Last-Event-ID first gets what
it missed from the database.

Event ids come from a sequence, and on PostgreSQL a transaction that took id
100 can commit after one that took 101. The poller therefore keeps reading
above a "settled" id (the newest id inserted more than SETTLE seconds ago:
no transaction here runs that long) and remembers what it delivered above it,
so a late commit is still delivered, once."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections import deque
from dataclasses import dataclass

from asgiref.sync import sync_to_async
from django.http import JsonResponse, StreamingHttpResponse
from django.utils import timezone

from .models import Event

POLL = 0.05
SETTLE = dt.timedelta(seconds=2)
KEEPALIVE = 15.0
BUFFER = 10000


@dataclass(frozen=True)
class Item:
    position: int
    id: int
    center_id: int | None
    kind: str
    payload: dict


def _fetch_after(after_id: int, limit: int = 1000) -> list[Event]:
    return list(Event.objects.filter(id__gt=after_id).order_by("id")[:limit])


def _max_id() -> int:
    last = Event.objects.order_by("-id").values_list("id", flat=True).first()
    return last or 0


def replay(center_id: int, after_id: int, limit: int = 1000) -> list[Event]:
    return list(Event.objects.filter(center_id=center_id, id__gt=after_id).order_by("id")[:limit])


class Broker:
    """Per event loop: the poller task and the buffer its clients read."""

    def __init__(self):
        self.loop = None
        self.task = None
        self.cond: asyncio.Condition | None = None
        self.items: deque[Item] = deque(maxlen=BUFFER)
        self.position = 0
        self.settled = 0
        self.delivered: dict[int, dt.datetime] = {}

    async def ensure_running(self) -> None:
        loop = asyncio.get_running_loop()
        if self.loop is loop and self.task and not self.task.done():
            return
        self.loop, self.cond = loop, asyncio.Condition()
        self.items.clear()
        self.delivered.clear()
        self.settled = await sync_to_async(_max_id)()
        self.task = loop.create_task(self._poll())

    async def _poll(self) -> None:
        while True:
            try:
                rows = await sync_to_async(_fetch_after)(self.settled)
            except Exception:  # the database blinked: try again next round
                rows = []
            fresh = [r for r in rows if r.id not in self.delivered]
            now = timezone.now()
            for r in fresh:
                self.position += 1
                self.items.append(Item(self.position, r.id, r.center_id, r.kind, r.payload))
                self.delivered[r.id] = r.at
            old = [i for i, at in self.delivered.items() if at < now - SETTLE]
            if old:
                self.settled = max(self.settled, max(old))
                for i in [i for i in self.delivered if i <= self.settled]:
                    del self.delivered[i]
            if fresh:
                async with self.cond:
                    self.cond.notify_all()
            await asyncio.sleep(POLL)

    async def wait(self, position: int, timeout: float) -> tuple[list[Item], int]:
        """Items after `position`, waiting up to `timeout` for some to arrive."""
        await self.ensure_running()
        if self.position <= position:
            try:
                async with self.cond:
                    await asyncio.wait_for(self.cond.wait(), timeout)
            except TimeoutError:
                return [], position
        return [i for i in self.items if i.position > position], self.position


broker = Broker()


def _frame(event_id: int, kind: str, payload: dict) -> str:
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return f"id: {event_id}\nevent: {kind}\ndata: {data}\n\n"


async def event_stream(center_id: int, after_id: int | None, *, max_seconds: float | None = None):
    """The SSE body for one client. `max_seconds` ends it (tests, benchmarks)."""
    await broker.ensure_running()
    position = broker.position  # taken before the replay so nothing falls between
    yield "retry: 3000\n\n"
    sent: set[int] = set()
    if after_id is not None:
        for e in await sync_to_async(replay)(center_id, after_id):
            sent.add(e.id)
            yield _frame(e.id, e.kind, e.payload)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + max_seconds if max_seconds else None
    while deadline is None or loop.time() < deadline:
        timeout = KEEPALIVE if deadline is None else min(KEEPALIVE, deadline - loop.time())
        items, position = await broker.wait(position, max(timeout, 0.01))
        if not items:
            yield ": keep-alive\n\n"
            continue
        for item in items:
            if item.center_id == center_id and item.id not in sent:
                yield _frame(item.id, item.kind, item.payload)


def sse_response(center_id: int, after_id: int | None, **kw) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        event_stream(center_id, after_id, **kw), content_type="text/event-stream"
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event through at once
    return response


def parse_last_event_id(request) -> int | None:
    raw = request.headers.get("Last-Event-ID") or request.GET.get("last_event_id")
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        return None
    return value if 0 <= value < 2**63 else None


def error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, "fields": {}}}, status=status)
