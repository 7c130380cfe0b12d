"""What the upkeep, emergency and rounds pages share: a refused form's errors
put back on the form, and a stored file handed out to those who may read it."""

from __future__ import annotations

from django.http import FileResponse, Http404

from govhall.core.errors import DomainError


def put_errors(form, exc: DomainError) -> None:
    for field, message in exc.fields.items():
        form.add_error(field if field in form.fields else None, message)
    if not exc.fields:
        form.add_error(None, exc.message)


def stored_file(field, content_type: str) -> FileResponse:
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=content_type or "application/octet-stream")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response
