"""Read-side extension points: a lower app asks, higher apps answer.

A page or API of a lower floor sometimes shows what only a higher app knows
(the catalog's guide lists the windows that accept an item, and windows belong
to queueing's calling profiles). The lower app never imports the higher one: it
calls `gather(point, ...)`, and each higher app `provide()`s in its
`AppConfig.ready()`. Changes of state use events (core.events), not this."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_providers: dict[str, list[Callable[..., Any]]] = {}


def provide(point: str, fn: Callable[..., Any]) -> None:
    """Register `fn` for `point`; registering the same function twice is a no-op
    (ready() may run more than once in tests)."""
    fns = _providers.setdefault(point, [])
    if fn not in fns:
        fns.append(fn)


def gather(point: str, **kwargs) -> list[Any]:
    """What every provider of `point` answers, in registration order."""
    return [fn(**kwargs) for fn in _providers.get(point, [])]


def first(point: str, **kwargs) -> Any:
    """The first answer of `point` that is not None (one app owns the answer)."""
    return next((answer for answer in gather(point, **kwargs) if answer is not None), None)
