"""The planning API (API.md)."""

from ninja import Router

router = Router(tags=["planning"])
