"""The duty manager's calls: raised from the window console and the reception
page, answered on the duty manager's page. Thin: services change, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from govhall.core.errors import DomainError
from govhall.core.web import center_or_404, denied, need
from govhall.core.workplace import back_to_next

from . import selectors, services
from .models import DutyCall, Window


@require_POST
def duty_call(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "duty.call")
    if refusal:
        return refusal
    code = (request.POST.get("window") or "")[:32]
    window = Window.objects.filter(center=found, code=code).first() if code else None
    if actor.window_id and (window is None or window.pk != actor.window_id):
        window = Window.objects.filter(pk=actor.window_id).first()  # a terminal calls for itself
    try:
        services.duty_call_raise(
            actor=actor,
            center=found,
            window=window,
            place=request.POST.get("place", "")[:60],
            reason=request.POST.get("reason", "")[:200],
        )
    except DomainError as exc:
        return denied(request, exc.message, exc.status)
    messages.success(request, gettext("已呼叫值班长，请稍候。"))
    return back_to_next(request, reverse("hall:duty", args=[found.code]))


def duty_calls(request, center: str):
    found = center_or_404(center)
    _actor, refusal = need(request, found, "duty.answer")
    if refusal:
        return refusal
    context = {
        "center": found,
        "open": list(selectors.open_calls(found)),
        "recent": list(selectors.recent_resolved_calls(found)),
        "on_rota": selectors.duty_managers_on_rota(found),
    }
    return render(request, "hall/duty_calls.html", context)


@require_POST
def duty_resolve(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "duty.answer")
    if refusal:
        return refusal
    call = DutyCall.objects.filter(center=found, pk=pk).first()
    if call is None:
        raise Http404
    try:
        services.duty_call_resolve(
            actor=actor, call=call, resolution=request.POST.get("resolution", "")[:2000]
        )
    except DomainError as exc:
        return denied(request, exc.message, exc.status)
    messages.success(request, gettext("已记录处理结果。"))
    return HttpResponseRedirect(reverse("hall:duty", args=[found.code]))
