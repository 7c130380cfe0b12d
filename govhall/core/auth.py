"""Bearer authentication for the API (`Authorization: Bearer <token>`), gated by
the capability table: `auth=Needs("case.read")` refuses, before the body is
even read, an actor whose roles grant that capability nowhere. The centre, the
department and the window are checked by the services."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError
from ninja.security.base import AuthBase

from .actors import ANONYMOUS, Actor, actor_for_token
from .capabilities import CAPABILITIES
from .errors import PermissionDenied
from .services import token_authenticate


def bearer_actor(request: HttpRequest) -> Actor:
    """The actor behind the request's bearer token; ANONYMOUS when there is none.
    A token that is present but wrong is a 401, never silently anonymous."""
    cached = getattr(request, "_govhall_actor", None)
    if cached is not None:
        return cached
    header = request.headers.get("Authorization", "")
    actor = ANONYMOUS
    if header:
        scheme, _sep, raw = header.partition(" ")
        token = token_authenticate(raw.strip()) if scheme.lower() == "bearer" else None
        if token is None:
            raise AuthenticationError(401, "invalid_token")
        actor = actor_for_token(token)
    request._govhall_actor = actor
    return actor


class Needs(AuthBase):
    """Ninja auth: a bearer actor holding one of `capabilities` (request.auth).
    An AuthBase, so the OpenAPI document names the bearer scheme and which
    operations need it."""

    openapi_type = "http"
    openapi_scheme = "bearer"

    def __init__(self, *capabilities: str):
        unknown = set(capabilities) - set(CAPABILITIES)
        if not capabilities or unknown:
            raise ValueError(f"unknown capabilities {unknown}")
        self.capabilities = capabilities
        super().__init__()

    def __call__(self, request: HttpRequest) -> Actor | None:
        actor = bearer_actor(request)
        if actor is ANONYMOUS:
            return None
        if not any(actor.holds(c) for c in self.capabilities):
            # The same refusal as a service's: the table is by role and token kind.
            raise PermissionDenied(_("当前角色无权执行此操作"), code="forbidden_role")
        return actor
