"""A real HTTP receiver for the exchange tests: http.server on 127.0.0.1 in a
thread, on a port of its own. It checks each request's signature with the
shared secret, records what came (the Idempotency-Key, the body, whether the
signature held) and answers the status it is told to."""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from govhall.core.outbox_sign import SIGNATURE_HEADER, TIMESTAMP_HEADER, check

SECRET = "test-shared-secret-0123456789"


class Receiver:
    def __init__(self, port: int = 0, *, secret: str = SECRET):
        self.secret = secret
        self.status = 200
        self.delay = 0.0
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        self.port = port
        self.server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/inbox"

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                why = check(
                    receiver.secret,
                    self.headers.get(TIMESTAMP_HEADER),
                    self.headers.get(SIGNATURE_HEADER),
                    body,
                    time.time(),
                )
                if receiver.delay:
                    time.sleep(receiver.delay)
                with receiver.lock:
                    receiver.requests.append(
                        {
                            "key": self.headers.get("Idempotency-Key"),
                            "signed": why == "",
                            "body": json.loads(body),
                            "status": receiver.status,
                        }
                    )
                status = receiver.status if why == "" else 401
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"ok": %s}' % (b"true" if status < 300 else b"false"))

            def log_message(self, *args):  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def keys(self) -> list[str]:
        return [r["key"] for r in self.requests if r["status"] < 300]


def closed_port() -> int:
    """A port nobody listens on (just released)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port
