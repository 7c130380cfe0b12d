"""Who is behind a web request: a paired device (its token kept in the session)
or a logged-in staff user. Device pages (kiosk, display board, window terminal,
rating pad) cannot send an Authorization header from a browser, so an
administrator pairs the browser once with the device's token."""

from __future__ import annotations

from functools import wraps

import segno
from django import forms
from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from .actors import ANONYMOUS, Actor, actor_for_token, actor_for_user
from .errors import NotFound, PermissionDenied
from .models import ApiToken, Center
from .selectors import center_by_code
from .services import token_authenticate

SESSION_KEY = "govhall_device_token"


def center_or_404(code: str) -> Center:
    try:
        return center_by_code(code)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc


def denied(request, message, status: int = 403):
    return render(request, "core/denied.html", {"message": message}, status=status)


def need(request, center: Center, *capabilities: str):
    """(actor, None) when the request holds one of `capabilities` at `center`
    (capabilities.TABLE), else (None, the refusal page): 401 for nobody, 403 for
    the wrong role or device."""
    actor = request_actor(request)
    if not actor.is_authenticated:
        return None, denied(request, gettext("请先登录，或用设备令牌绑定本设备"), 401)
    try:
        actor.require(center, *capabilities)
    except PermissionDenied as exc:
        return None, denied(request, exc.message, 403)
    return actor, None


def qr_svg(url: str) -> str:
    # A viewBox, not a fixed size: the page's CSS scales it (30 mm on the slip)
    # instead of clipping the finder patterns and the quiet zone.
    return segno.make(url, error="m").svg_inline(scale=4, border=2, omitsize=True)


def _web_form_rate(group, request) -> str:
    return settings.GOVHALL_WEB_FORM_RATE


def throttle_public_posts(view):
    """A public form (no account) answers 429 with a page in the citizen's
    language once one address has posted it GOVHALL_WEB_FORM_RATE times: the
    API's throttle, for the web pages. Reading the form is never limited."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and is_ratelimited(
            request,
            group=f"web:{view.__module__}.{view.__name__}",
            key="ip",
            rate=_web_form_rate,
            method="POST",
            increment=True,
        ):
            message = gettext("提交过于频繁，请稍后再试。如需帮助，请到中心总服务台或拨打 12345。")
            return render(request, "core/too_many.html", {"message": message}, status=429)
        return view(request, *args, **kwargs)

    return wrapped


def request_actor(request) -> Actor:
    digest = request.session.get(SESSION_KEY)
    if digest:
        token = (
            ApiToken.objects.select_related("center", "window", "user")
            .filter(digest=digest, revoked_at__isnull=True)
            .first()
        )
        if token is not None and not _expired(token):
            return actor_for_token(token)
        request.session.pop(SESSION_KEY, None)
    if request.user.is_authenticated:
        return actor_for_user(request.user)
    return ANONYMOUS


def _expired(token: ApiToken) -> bool:
    return bool(token.expires_at and token.expires_at <= timezone.now())


class PairForm(forms.Form):
    token = forms.CharField(
        label=_("设备令牌"),
        max_length=100,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )


def home_for(token: ApiToken) -> str:
    """Where a paired device starts."""
    if token.kind == "window" and token.window_id:
        return reverse("queueing:console", args=[token.window.code])
    if token.kind == "display":
        return reverse("queueing:display", args=[token.center.code])
    if token.kind == "evaluator" and token.window_id:
        return reverse("feedback:pad")
    if token.kind == "kiosk":
        return reverse("queueing:kiosk", args=[token.center.code])
    return "/"


@require_http_methods(["GET", "POST"])
def pair_device(request):
    form = PairForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = token_authenticate(form.cleaned_data["token"].strip())
        if token is None or token.kind == "staff":
            form.add_error("token", _("令牌无效、已过期或不是设备令牌"))
        else:
            request.session.cycle_key()
            request.session[SESSION_KEY] = token.digest
            return redirect(home_for(token))
    return render(request, "core/pair.html", {"form": form}, status=400 if form.errors else 200)
