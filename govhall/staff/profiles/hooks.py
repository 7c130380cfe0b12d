from govhall.core import hooks

from .. import posts


def connect() -> None:
    """Who works a window now is the A/B posts' answer (posts.serving)."""
    hooks.provide("hall.serving_user", posts.serving_user)
