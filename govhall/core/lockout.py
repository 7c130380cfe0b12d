"""The answer to a login refused by django-axes (AXES_LOCKOUT_CALLABLE): the
error shape under /api/, a readable page elsewhere (admin and staff logins)."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from .errors import DomainError


def _minutes() -> int:
    return max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))


def locked_error() -> DomainError:
    message = _(
        "登录失败次数过多，该账号或地址已锁定 %(minutes)s 分钟。请稍后再试，或请管理员解锁。"
    ) % {"minutes": _minutes()}
    return DomainError(message, code="login_locked", status=429)


def lockout_response(request, original_response=None, credentials=None):
    error = locked_error()
    if request.path.startswith("/api/"):
        response = JsonResponse(error.as_dict(), status=error.status)
    elif request.path == reverse("login"):
        # The staff login says it on its own form, so the user knows what to do.
        from .auth_views import LoginForm

        context = {"form": LoginForm(request), "locked": error.message}
        response = render(request, "core/login.html", context, status=error.status)
    else:
        context = {"message": error.message}
        response = render(request, "core/too_many.html", context, status=error.status)
    response["Retry-After"] = str(_minutes() * 60)
    return response
