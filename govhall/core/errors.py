"""Domain errors: services raise these; the API and views turn them into the
`{"error": {"code", "message", "fields"}}` shape of API.md."""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A refused request. `code` is machine-readable snake_case, `message` is a
    (lazy) translated string, `fields` maps field names to translated messages."""

    status = 400
    code = "invalid"

    def __init__(
        self,
        message: str | Promise,
        *,
        code: str | None = None,
        fields: dict[str, str | Promise] | None = None,
        status: int | None = None,
    ):
        super().__init__(str(message))
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.fields = fields or {}

    def as_dict(self) -> dict:
        return {
            "error": {
                "code": self.code,
                "message": str(self.message),
                "fields": {k: str(v) for k, v in self.fields.items()},
            }
        }


class ValidationFailed(DomainError):
    status = 422
    code = "validation_error"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class PermissionDenied(DomainError):
    status = 403
    code = "forbidden"


class InvalidTransition(DomainError):
    status = 409
    code = "invalid_transition"


class Conflict(DomainError):
    status = 409
    code = "conflict"
