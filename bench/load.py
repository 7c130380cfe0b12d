"""Load generators for bench/run.sh. Each scenario prints one JSON line.

    load.py callnext BASE DATA CLIENTS SECONDS    call-next + finish over HTTP
    load.py bare     DSN  DATA CLIENTS SECONDS    the same claim in plain SQL
    load.py issue    BASE DATA CLIENTS SECONDS    kiosk tickets over HTTP
    load.py sse      SSE_BASE BASE DATA CLIENTS CALLS GAP UVICORN_PID

Stdlib only, plus psycopg for the bare baseline. Threads for the request
loops (each blocks on its socket, so the GIL is not the limit); asyncio for the
500 event streams (one process, one socket each)."""

from __future__ import annotations

import asyncio
import http.client
import json
import math
import os
import sys
import threading
import time
from urllib.parse import urlsplit


def pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p * len(ordered)) - 1)]


def ms(value: float | None) -> float | None:
    return None if value is None else round(value * 1000, 1)


class Client:
    """One kept-alive HTTP/1.1 connection; reopened if the server closed it."""

    def __init__(self, base: str):
        url = urlsplit(base)
        self.host, self.port = url.hostname, url.port
        self.conn = None

    def post(self, path: str, token: str, body: dict | None = None) -> tuple[int, bytes]:
        data = json.dumps(body).encode() if body is not None else b""
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        for attempt in (0, 1):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                self.conn.request("POST", path, body=data, headers=headers)
                response = self.conn.getresponse()
                payload = response.read()
                if response.will_close:
                    self.conn.close()
                    self.conn = None
                return response.status, payload
            except (http.client.RemoteDisconnected, ConnectionError):
                # An idle keep-alive connection the server dropped: the request
                # never ran, so one retry on a fresh connection is safe.
                if self.conn:
                    self.conn.close()
                self.conn = None
                if attempt:
                    raise
        raise AssertionError("unreachable")


def timed(clients: int, seconds: float, work) -> dict:
    """Run work(i, deadline) in `clients` threads started together; each returns
    (units done, latencies, errors, ran_out). Throughput is units over the wall
    time until the last thread stops."""
    barrier = threading.Barrier(clients + 1)
    out: list = [None] * clients

    def body(i):
        barrier.wait()
        try:
            out[i] = work(i, start + seconds)
        except Exception as exc:  # reported, not hidden
            out[i] = (0, [], [repr(exc)], False)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    start = time.monotonic()
    barrier.wait()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    units = sum(o[0] for o in out)
    latencies = [x for o in out for x in o[1]]
    errors = [e for o in out for e in o[2]]
    return {
        "clients": clients,
        "seconds": round(elapsed, 2),
        "units": units,
        "rate": round(units / elapsed, 1),
        "p50_ms": ms(pct(latencies, 0.5)),
        "p99_ms": ms(pct(latencies, 0.99)),
        "errors": len(errors),
        "error_sample": errors[:3],
        "ran_out": any(o[3] for o in out),
    }


def callnext(base: str, data: dict, clients: int, seconds: float) -> dict:
    def work(i, deadline):
        w = data["windows"][i]
        c = Client(base)
        done, lat, errors = 0, [], []
        while time.monotonic() < deadline:
            t = time.monotonic()
            status, body = c.post(f"/api/v1/windows/{w['code']}/call-next", w["token"])
            if status == 204:
                return done, lat, errors, True
            if status != 200:
                errors.append(f"call {status} {body[:200]!r}")
                time.sleep(0.05)
                continue
            lat.append(time.monotonic() - t)  # latency of the call-next request alone
            ticket = json.loads(body)["ticket"]["id"]
            status, body = c.post(f"/api/v1/tickets/{ticket}/finish", w["token"])
            if status != 200:
                errors.append(f"finish {status} {body[:200]!r}")
                continue
            done += 1
        return done, lat, errors, False

    return timed(clients, seconds, work)


HEAD = (
    "SELECT id FROM queueing_ticket WHERE queue_id=%s AND status='waiting' AND service_date=%s"
    " AND target_window_id IS NULL ORDER BY priority DESC, is_appointment DESC, sort_at, id"
    " LIMIT 1 FOR UPDATE SKIP LOCKED"
)
CALL = (
    "UPDATE queueing_ticket SET status='called', window_id=%s, called_at=now(),"
    " first_called_at=coalesce(first_called_at, now()) WHERE id=%s"
)
DONE = (
    "UPDATE queueing_ticket SET status='done', started_at=coalesce(started_at, called_at),"
    " finished_at=now(), closed_at=now() WHERE id=%s"
)


def bare(dsn: str, data: dict, clients: int, seconds: float) -> dict:
    import psycopg

    day = data["service_date"]

    def work(i, deadline):
        w = data["windows"][i]
        done, lat, errors = 0, [], []
        with psycopg.connect(dsn, autocommit=True) as conn:
            while time.monotonic() < deadline:
                t = time.monotonic()
                # Like the service: look at the head of both queues (both stay
                # locked until commit), take the first in profile order.
                with conn.transaction():
                    heads = [conn.execute(HEAD, (q, day)).fetchone() for q in w["queues"]]
                    heads = [h[0] for h in heads if h]
                    if not heads:
                        return done, lat, errors, True
                    conn.execute(CALL, (w["id"], heads[0]))
                lat.append(time.monotonic() - t)
                with conn.transaction():  # the "finish" of the HTTP loop
                    conn.execute(DONE, (heads[0],))
                done += 1
        return done, lat, errors, False

    return timed(clients, seconds, work)


def issue(base: str, data: dict, clients: int, seconds: float) -> dict:
    path = f"/api/v1/centers/{data['center']}/tickets"

    def work(i, deadline):
        c = Client(base)
        done, lat, errors = 0, [], []
        while time.monotonic() < deadline:
            t = time.monotonic()
            status, body = c.post(path, data["kiosk"], {"item": data["items"][i % 2]})
            if status != 201:
                errors.append(f"issue {status} {body[:200]!r}")
                continue
            lat.append(time.monotonic() - t)
            done += 1
        return done, lat, errors, False

    return timed(clients, seconds, work)


# --- SSE fan-out -------------------------------------------------------------------


async def sse_client(host, port, path, token, arrivals: dict, report) -> None:
    """One display board. report(None) once subscribed, report(reason) if refused."""
    try:
        reader, writer = await asyncio.open_connection(host, port)
    except OSError as exc:
        report(repr(exc))
        return
    try:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        head = await reader.readuntil(b"\r\n\r\n")
        if head.split()[1] != b"200":
            body = await reader.read(300)
            report(f"{head.split(b' ', 2)[1].decode()} {body.decode(errors='replace')}")
            return
        chunked = b"transfer-encoding: chunked" in head.lower()
        buf = b""
        while True:
            if chunked:
                size = int((await reader.readline()).split(b";")[0], 16)
                if size == 0:
                    return
                data = (await reader.readexactly(size + 2))[:-2]
            else:
                data = await reader.read(65536)
                if not data:
                    return
            now = time.monotonic()  # taken once per read, before any parsing
            buf += data
            while b"\n\n" in buf:
                frame, buf = buf.split(b"\n\n", 1)
                fields = dict(
                    line.split(": ", 1) for line in frame.decode().split("\n") if ": " in line
                )
                if "retry" in fields:
                    report(None)  # subscribed: every event from now on reaches it
                elif fields.get("event") == "ticket.called":
                    arrivals.setdefault(json.loads(fields["data"])["number"], now)
    except (OSError, asyncio.IncompleteReadError) as exc:
        report(repr(exc))
    finally:
        report("stream ended before it was subscribed")  # ignored once subscribed
        writer.close()


def pg_sockets(pid: int) -> int:
    """Established TCP connections of process `pid` to port 5432 (/proc only)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            if cols[2].endswith(":1538") and cols[3] == "01":  # remote :5432, ESTABLISHED
                inodes.add(cols[9])
    count = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            link = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        count += link.startswith("socket:[") and link[8:-1] in inodes
    return count


def drive_calls(base: str, data: dict, calls: int, gap: float) -> list:
    """~`calls` call-next requests `gap` apart, each finished at once. Returns
    (number, time just before the call request was sent, call latency)."""
    c = Client(base)
    sent = []
    for k in range(calls):
        w = data["windows"][k % len(data["windows"])]
        t = time.monotonic()
        status, body = c.post(f"/api/v1/windows/{w['code']}/call-next", w["token"])
        took = time.monotonic() - t
        if status != 200:
            raise RuntimeError(f"call-next {status} {body[:200]!r}")
        ticket = json.loads(body)["ticket"]
        sent.append((ticket["number"], t, took))
        status, body = c.post(f"/api/v1/tickets/{ticket['id']}/finish", w["token"])
        if status != 200:
            raise RuntimeError(f"finish {status} {body[:200]!r}")
        time.sleep(max(0.0, t + gap - time.monotonic()))
    return sent


async def sse(
    sse_base: str, base: str, data: dict, clients: int, calls: int, gap: float, server_pid: int
) -> dict:
    url = urlsplit(sse_base)
    path = f"/api/v1/centers/{data['center']}/events"
    arrivals = [{} for _ in range(clients)]
    state: list = [None] * clients  # True once subscribed, else the refusal
    settled = asyncio.Event()

    def reporter(i):
        def report(reason):
            if state[i] is None:  # the first outcome counts
                state[i] = True if reason is None else reason
                if None not in state:
                    settled.set()

        return report

    t0 = time.monotonic()
    tasks = [
        asyncio.create_task(
            sse_client(url.hostname, url.port, path, data["display"], arrivals[i], reporter(i))
        )
        for i in range(clients)
    ]
    await asyncio.wait_for(settled.wait(), 120)  # every client subscribed or refused
    connect_s = time.monotonic() - t0
    await asyncio.sleep(0.5)
    held = pg_sockets(server_pid)  # PostgreSQL connections uvicorn holds now
    subscribed = [i for i in range(clients) if state[i] is True]
    refused = [r for r in state if r is not True]
    sent = await asyncio.to_thread(drive_calls, base, data, calls, gap) if subscribed else []
    await asyncio.sleep(2.0)  # stragglers: the poller runs every 50 ms
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    delays, missed, by_call = [], 0, []
    for number, t, _took in sent:
        got = [arrivals[i][number] - t for i in subscribed if number in arrivals[i]]
        missed += len(subscribed) - len(got)
        delays += got
        by_call.append(pct(got, 0.5))
    return {
        "clients": clients,
        "subscribed": len(subscribed),
        "refused": len(refused),
        "refused_sample": sorted(set(refused))[:3],
        "server_pg_connections": held,
        "calls": len(sent),
        "connect_s": round(connect_s, 2),
        "deliveries": len(delays),
        "missed": missed,
        "p50_ms": ms(pct(delays, 0.5)),
        "p99_ms": ms(pct(delays, 0.99)),
        "max_ms": ms(max(delays) if delays else None),
        # Does a backlog build up? The median delay of the first and last ten calls.
        "first10_p50_ms": ms(pct([d for d in by_call[:10] if d is not None], 0.5)),
        "last10_p50_ms": ms(pct([d for d in by_call[-10:] if d is not None], 0.5)),
        "call_p50_ms": ms(pct([s[2] for s in sent], 0.5)),
        "call_p99_ms": ms(pct([s[2] for s in sent], 0.99)),
    }


def main(argv: list[str]) -> None:
    kind = argv[1]
    if kind == "sse":
        sse_base, base, data_file, clients, calls, gap, pid = argv[2:9]
        data = json.load(open(data_file))
        result = asyncio.run(
            sse(sse_base, base, data, int(clients), int(calls), float(gap), int(pid))
        )
    else:
        target, data_file, clients, seconds = argv[2:6]
        data = json.load(open(data_file))
        run = {"callnext": callnext, "bare": bare, "issue": issue}[kind]
        result = run(target, data, int(clients), float(seconds))
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv)
