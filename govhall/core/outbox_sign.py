"""The signature of a message between GovHall and another platform, both ways:
HMAC-SHA256 with the receiver's shared secret over "<timestamp>.<body>", sent as

    X-GovHall-Timestamp: 1764576000          (Unix seconds)
    X-GovHall-Signature: sha256=<hex digest>

The timestamp is inside the signature, so a captured request cannot be replayed
later than the window the checker allows."""

from __future__ import annotations

import hashlib
import hmac

TIMESTAMP_HEADER = "X-GovHall-Timestamp"
SIGNATURE_HEADER = "X-GovHall-Signature"
WINDOW_SECONDS = 300  # a signed request older or newer than this is refused


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def sign_headers(secret: str, body: bytes, now: float) -> dict[str, str]:
    timestamp = str(int(now))
    return {TIMESTAMP_HEADER: timestamp, SIGNATURE_HEADER: signature(secret, timestamp, body)}


def check(secret: str, timestamp: str | None, sig: str | None, body: bytes, now: float) -> str:
    """ "" when the request is signed by `secret` within the window; else why not
    ("signature_missing", "timestamp_stale", "signature_invalid")."""
    if not secret or not timestamp or not sig:
        return "signature_missing"
    # isdigit() alone admits "²", which int() refuses.
    if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12:
        return "timestamp_stale"
    if abs(now - int(timestamp)) > WINDOW_SECONDS:
        return "timestamp_stale"
    sig = sig.strip()
    # compare_digest raises on a non-ASCII str: such a header is simply wrong.
    if not sig.isascii() or not hmac.compare_digest(signature(secret, timestamp, body), sig):
        return "signature_invalid"
    return ""
