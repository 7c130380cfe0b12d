"""The assist API (API.md)."""

from ninja import Router

router = Router(tags=["assist"])
