"""What the standards pages share: serving a stored file to those allowed, the
centre's staff to name as a task's owner, reading a date from a form."""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse, Http404

from govhall.core.models import Center, User

from .uploads import CONTENT_TYPES


def serve(field, content_type: str, filename: str):
    """A stored upload, as what its magic bytes said it is; never rendered inline
    as anything else (nosniff), never cached by a shared cache."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    if content_type not in CONTENT_TYPES.values():
        content_type = "application/octet-stream"
    response = FileResponse(handle, content_type=content_type, filename=filename)
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def staff_of(center: Center):
    return (
        User.objects.filter(is_active=True, memberships__center=center)
        .distinct()
        .order_by("staff_number", "username")
    )


def owner_from(center: Center, value) -> User | None:
    text = str(value or "").strip()
    if not text.isdigit() or len(text) > 9:
        return None
    return staff_of(center).filter(pk=int(text)).first()


def date_from(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value or "").strip()[:10])
    except ValueError:
        return None
