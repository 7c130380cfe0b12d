"""What the desk's pages share: a refused POST renders the page again with the
error (its code, message and fields) and the error's 4xx status; nothing was changed."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.core.errors import DomainError, ValidationFailed


def error_context(exc: DomainError) -> dict:
    return {
        "error": {
            "code": exc.code,
            "message": str(exc.message),
            "fields": {k: str(v) for k, v in exc.fields.items()},
        }
    }


def refused(request, template: str, context: dict, exc: DomainError):
    context.update(error_context(exc))
    return render(request, template, context, status=exc.status)


def local_datetime(value: str, field: str) -> dt.datetime:
    """A datetime-local input ("2026-12-01T09:30") in the centre's time zone."""
    try:
        parsed = dt.datetime.fromisoformat((value or "").strip())
    except ValueError as exc:
        raise ValidationFailed(_("时间格式有误"), fields={field: _("时间格式有误")}) from exc
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
