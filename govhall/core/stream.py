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
import contextlib
import datetime as dt
import json
import logging
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from asgiref.sync import sync_to_async
from django.db import connections
from django.http import JsonResponse, StreamingHttpResponse
from django.utils import timezone

from .models import Event

log = logging.getLogger(__name__)
POLL = 0.05
SETTLE = dt.timedelta(seconds=2)
KEEPALIVE = 15.0
BUFFER = 10000
# What a device's screen shows (a board, a kiosk, a window terminal, a rating
# pad): the calls, the queues, the windows and the centre's announcements. Cases,
# bookings and complaints stay with staff.
DEVICE_KINDS = ("ticket.", "queue.", "window.", "announcement.")


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


def wanted(kind: str, kinds: tuple[str, ...] | None) -> bool:
    """`kinds`: the prefixes a client may receive; None for every kind."""
    return kinds is None or kind.startswith(kinds)


def replay(
    center_id: int, after_id: int, limit: int = 1000, kinds: tuple[str, ...] | None = None
) -> list[Event]:
    rows = Event.objects.filter(center_id=center_id, id__gt=after_id).order_by("id")[:limit]
    return [e for e in rows if wanted(e.kind, kinds)]


class Broker:
    """One per event loop: the poller task and the buffer its clients read.

    A process can run several loops (uvicorn's, a test's), and a broker must
    never be shared between them: two pollers writing one buffer deliver twice.
    The poller reads the database in a thread of its own, so however many
    clients listen, the stream holds one database connection per process."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.cond = asyncio.Condition()
        self.ready = asyncio.Event()
        self.items: deque[Item] = deque(maxlen=BUFFER)
        self.position = 0
        self.settled = 0
        self.delivered: dict[int, dt.datetime] = {}
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sse-poller")
        self.task = loop.create_task(self._poll())

    async def _db(self, fn, *args):
        return await self.loop.run_in_executor(self.executor, fn, *args)

    async def _poll(self) -> None:
        try:
            while not self.ready.is_set():
                try:
                    self.settled = await self._db(_max_id)
                    self.ready.set()
                except Exception:
                    log.warning("event poller: cannot start", exc_info=True)
                    await asyncio.sleep(1)
            while True:
                await self._round()
                await asyncio.sleep(POLL)
        finally:
            # The loop is closing: give the connection back and end the thread.
            with contextlib.suppress(Exception):
                await asyncio.shield(self._db(connections.close_all))
            self.executor.shutdown(wait=False)
            if _brokers.get(self.loop) is self:
                del _brokers[self.loop]

    async def _round(self) -> None:
        try:
            rows = await self._db(_fetch_after, self.settled)
        except Exception:  # the database blinked: a poller must outlive that
            log.warning("event poller: read failed", exc_info=True)
            with contextlib.suppress(Exception):
                await self._db(connections.close_all)
            await asyncio.sleep(1)
            return
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

    async def wait(self, position: int, timeout: float) -> tuple[list[Item], int]:
        """Items after `position`, waiting up to `timeout` for some to arrive."""
        if self.position <= position:
            try:
                async with self.cond:
                    await asyncio.wait_for(self.cond.wait(), timeout)
            except TimeoutError:
                return [], position
        return [i for i in self.items if i.position > position], self.position


_brokers: dict[asyncio.AbstractEventLoop, Broker] = {}


async def broker() -> Broker:
    """The running loop's broker, started on first use and ready to read."""
    loop = asyncio.get_running_loop()
    found = _brokers.get(loop)
    if found is None or found.task.done():
        found = _brokers[loop] = Broker(loop)
    await found.ready.wait()
    return found


def _frame(event_id: int, kind: str, payload: dict) -> str:
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return f"id: {event_id}\nevent: {kind}\ndata: {data}\n\n"


async def open_stream(
    center_id: int, after_id: int | None, kinds: tuple[str, ...] | None = None
) -> tuple[Broker, int, list[Event]]:
    """Where a client starts: the broker position, then what it missed since
    `after_id`. The position is taken first so that nothing falls between; the
    replay's connection is closed at once, since a stream may stay open all day."""
    hub = await broker()
    position = hub.position

    def missed() -> list[Event]:
        try:
            return replay(center_id, after_id, kinds=kinds) if after_id is not None else []
        finally:
            connections.close_all()

    return hub, position, await sync_to_async(missed, thread_sensitive=False)()


async def event_stream(
    hub: Broker,
    position: int,
    center_id: int,
    missed: list[Event],
    *,
    max_seconds: float | None = None,
    kinds: tuple[str, ...] | None = None,
):
    """The SSE body for one client. `max_seconds` ends it (tests, benchmarks)."""
    yield "retry: 3000\n\n"
    sent = {e.id for e in missed}
    for e in missed:
        yield _frame(e.id, e.kind, e.payload)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + max_seconds if max_seconds else None
    while deadline is None or loop.time() < deadline:
        timeout = KEEPALIVE if deadline is None else min(KEEPALIVE, deadline - loop.time())
        items, position = await hub.wait(position, max(timeout, 0.01))
        if not items:
            yield ": keep-alive\n\n"
            continue
        for item in items:
            if item.center_id == center_id and item.id not in sent and wanted(item.kind, kinds):
                yield _frame(item.id, item.kind, item.payload)


async def sse_response(
    center_id: int,
    after_id: int | None,
    *,
    max_seconds: float | None = None,
    kinds: tuple[str, ...] | None = None,
) -> StreamingHttpResponse:
    hub, position, missed = await open_stream(center_id, after_id, kinds)
    response = StreamingHttpResponse(
        event_stream(hub, position, center_id, missed, max_seconds=max_seconds, kinds=kinds),
        content_type="text/event-stream",
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
