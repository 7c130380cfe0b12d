"""The round's checklist, read from checklist.json (each item citing its clause:
001 附录D for conduct, 6.4 for the hall, 000 and 002 for the elderly and the
special groups). Item texts are translated through gettext like every string."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.utils.translation import gettext

DATA = Path(__file__).with_name("checklist.json")


@cache
def _data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def sections() -> list[dict]:
    """[{key, name, items: [{code, ref, text}]}], texts in the active language."""
    return [
        {
            "key": s["key"],
            "name": gettext(s["name"]),
            "items": [{**i, "text": gettext(i["text"])} for i in s["items"]],
        }
        for s in _data()["sections"]
    ]


@cache
def codes() -> tuple[str, ...]:
    return tuple(i["code"] for s in _data()["sections"] for i in s["items"])


def item(code: str) -> dict | None:
    for s in sections():
        for i in s["items"]:
            if i["code"] == code:
                return i
    return None
