"""Real server processes for the fault and multi-process tests.

Each test gets a PostgreSQL database of its own (created, migrated, dropped
even on failure) and runs gunicorn or uvicorn as child processes in a process
group of their own, so `kill -9` takes the master and its workers together, as
a crash or an OOM kill would. Requests go over real sockets with the stdlib's
http.client: nothing of Django's test client is in the way."""

from __future__ import annotations

import contextlib
import ctypes
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
PY = sys.executable
START_SECONDS = 60  # generous: 2 cores shared by many jobs
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"


def require_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the servers share one database across processes")


def admin_dsn(dbname: str = "postgres") -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgresql://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{dbname}"


def _base_name() -> str:
    """Named after the run's configured database (gh_<branch> locally, CI's own name)."""
    configured = urlsplit(os.environ.get("DATABASE_URL", "")).path.lstrip("/") or "govhall"
    return configured[:40]


@contextlib.contextmanager
def scratch_database(suffix: str):
    """An empty database for server processes (see migrate_and_seed); yields its URL."""
    import psycopg

    name = f"{_base_name()}_{suffix}_{os.getpid()}"
    with psycopg.connect(admin_dsn(), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{name}"')
    url = admin_dsn(name)
    try:
        yield url
    finally:
        with psycopg.connect(admin_dsn(), autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_env(db_url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=db_url,
        DJANGO_SETTINGS_MODULE="govhall.settings",
        HUEY_IMMEDIATE="true",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.pop("CACHE_URL", None)
    env.update(extra)
    return env


def run_python(db_url: str, *args: str, env: dict | None = None) -> str:
    done = subprocess.run(
        [PY, *args],
        cwd=ROOT,
        env=env or server_env(db_url),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def migrate_and_seed(db_url: str, code: str) -> dict:
    """Migrate the scratch database and run `code` on it, in one interpreter
    (each start of Django costs seconds on a loaded machine); `code` prints one
    JSON line, returned here."""
    script = (
        "import django, json\ndjango.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n" + code
    )
    return json.loads(run_python(db_url, "-c", script).strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """Linux: the server gets SIGKILL if the test run itself is killed, so a
    timed-out CI job leaves no gunicorn behind (its workers follow their master)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class Server:
    """One server command on a fixed port; start, kill -9, start again."""

    def __init__(self, name: str, argv: list[str], env: dict, log_dir: Path, *, http: bool = True):
        self.name, self.argv, self.env, self.log_dir = name, argv, env, log_dir
        self.http = http  # False: a worker with no port (started, not waited for)
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self) -> str:
        path = self.log_dir / f"{self.name}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def start(self) -> Server:
        self.starts += 1
        log = open(self.log_dir / f"{self.name}.log", "a")  # the child writes to it
        argv = [a.replace("{port}", str(self.port)) for a in self.argv]
        self.proc = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        log.close()
        if not self.http:
            return self
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"{self.name} exited at start:\n{self.log_tail()}")
            with contextlib.suppress(OSError):
                status, _h, _b = request("GET", f"{self.url}/api/v1/centers", timeout=5)
                if status == 200:
                    return self
            time.sleep(0.2)
        raise AssertionError(f"{self.name} did not answer in {START_SECONDS}s:\n{self.log_tail()}")

    def kill(self) -> None:
        """kill -9 of the whole process group: master and workers, no goodbye."""
        if self.proc and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@contextlib.contextmanager
def running(*servers: Server):
    try:
        for s in servers:
            s.start()
        yield servers
    finally:
        for s in servers:
            s.stop()


def gunicorn(name: str, env: dict, log_dir: Path, *, workers: int = 2, threads: int = 4) -> Server:
    """A WSGI web process as production runs it (deploy/gunicorn.conf.py)."""
    argv = [PY, "-m", "gunicorn", "govhall.wsgi:application", "-c", str(GUNICORN_CONF)]
    argv += ["--bind", "127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads)]
    return Server(name, argv, env, log_dir)


def sse_server(name: str, env: dict, log_dir: Path) -> Server:
    """The ASGI process for the event stream (gunicorn with the uvicorn worker)."""
    argv = [PY, "-m", "gunicorn", "govhall.asgi:application", "-c", str(GUNICORN_CONF)]
    argv += ["--bind", "127.0.0.1:{port}", "--workers", "1"]
    argv += ["--worker-class", "uvicorn_worker.UvicornWorker"]
    return Server(name, argv, env, log_dir)


def request(
    method: str,
    url: str,
    *,
    token: str | None = None,
    body: dict | None = None,
    form: dict | None = None,
    headers: dict | None = None,
    timeout: float = 15,
) -> tuple[int, dict, dict | str | None]:
    """(status, headers, the JSON body, or the text of any other body). A lost
    answer (refused, reset, timed out) raises OSError or HTTPException."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    sent = dict(headers or {})
    if token:
        sent["Authorization"] = f"Bearer {token}"
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        sent["Content-Type"] = "application/json"
    if form is not None:
        data = urlencode(form).encode()
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(method, path, body=data, headers=sent)
        response = conn.getresponse()
        raw = response.read()
        got = {k.lower(): v for k, v in response.getheaders()}
    finally:
        conn.close()
    if got.get("content-type", "").startswith("application/json") and raw:
        return response.status, got, json.loads(raw)
    return response.status, got, raw.decode(errors="replace") or None


LOST = (OSError, http.client.HTTPException)


def read_events(
    url: str, token: str, *, opened: threading.Event, into: list, seconds: float, until=None
):
    """Read an SSE stream into `into` as (monotonic time, event, data) until
    `until(into)` holds, the server ends it (`max_seconds`) or `seconds` pass;
    `opened` is set once the stream has started."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=seconds)
    try:
        conn.request(
            "GET", f"{parts.path}?{parts.query}", headers={"Authorization": f"Bearer {token}"}
        )
        response = conn.getresponse()
        assert response.status == 200, response.read()[:500]
        kind = None
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            line = response.readline()
            if not line:
                return
            text = line.decode().rstrip("\n")
            if text.startswith("retry:"):
                opened.set()
            elif text.startswith("event: "):
                kind = text[7:]
            elif text.startswith("data: ") and kind:
                into.append((time.monotonic(), kind, json.loads(text[6:])))
                kind = None
                if until and until(into):
                    return
    finally:
        opened.set()
        conn.close()


def new_key() -> str:
    return uuid.uuid4().hex
