"""Two rules of the staff session, for the web pages (the API's bearer tokens
have their own expiry):

- it ends after GOVHALL_SESSION_IDLE_MINUTES without a request (a clerk who walks
  away from the window leaves no open console behind); a page's own polling
  (header X-Govhall-Poll) does not count as a request of the user;
- a user whose password an administrator set is sent to the password change
  until they have chosen their own."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

SEEN_KEY = "govhall_seen"
# Refresh the stamp at most this often: not a session write on every request.
_RESOLUTION = 60


def _exempt(path: str) -> bool:
    static = "/" + settings.STATIC_URL.lstrip("/")
    return path.startswith(("/api/", "/i18n/", static))


class SessionGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not _exempt(request.path):
            now = int(time.time())
            seen = request.session.get(SEEN_KEY)
            idle = settings.GOVHALL_SESSION_IDLE_MINUTES * 60
            if seen is not None and now - seen > idle:
                logout(request)
                return _to_login(request)
            # A page refreshing itself (the workbench's counts) is not the user.
            polling = request.headers.get("X-Govhall-Poll") == "1"
            if seen is None or (now - seen >= _RESOLUTION and not polling):
                request.session[SEEN_KEY] = now
            if user.must_change_password and request.path not in _allowed_while_forced():
                return redirect("password_change")
        return self.get_response(request)


def _to_login(request) -> HttpResponse:
    if request.headers.get("HX-Request"):  # htmx: the whole page goes, not a fragment
        response = HttpResponse(status=204)
        response["HX-Redirect"] = redirect_to_login(request.get_full_path())["Location"]
        return response
    return redirect_to_login(request.get_full_path())


def _allowed_while_forced() -> set[str]:
    return {reverse("password_change"), reverse("logout"), reverse("login")}
