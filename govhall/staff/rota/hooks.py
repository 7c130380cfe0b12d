from govhall.core import hooks

from . import selectors


def connect() -> None:
    """A duty call (hall) reaches today's duty manager on the rota."""
    hooks.provide("hall.duty_managers", selectors.duty_managers_now)
