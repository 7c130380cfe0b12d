"""A logging filter that masks what opens something when it appears in a log
line: the codes and tokens in our paths (a booking code, a tracking or rating
token) and the secrets a client may still put in a query string (`?phone=`,
`?check_code=`). Django logs the path of every 4xx and 5xx ("Not Found:
/api/v1/appointments/…"), and a log is read by more people than the data."""

from __future__ import annotations

import logging
import re

# Path prefixes whose next segment is a secret (API.md and our citizen pages).
_SECRET_SEGMENTS = (
    "/api/v1/appointments/",
    "/api/v1/tickets/track/",
    "/api/v1/evaluations/",
    "/booking/b/",
    "/t/",
    "/e/",
)
_PATH = re.compile("(" + "|".join(re.escape(p) for p in _SECRET_SEGMENTS) + r")([^/\s?#\"']+)")
_QUERY = re.compile(r"([?&](?:phone|check_code|code|token|id_number)=)[^&#\s\"']*", re.I)


def mask_paths(text: str) -> str:
    text = _PATH.sub(lambda m: f"{m.group(1)}{m.group(2)[:1]}***", text)
    return _QUERY.sub(r"\1***", text)


class MaskSecretsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_paths(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True
