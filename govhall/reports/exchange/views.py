"""exchange: the centre admin's page of what went to the other platforms and
what failed (filters, counts, attempts, resend), and the receivers. Thin: the
services of core.outbox change state."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from govhall.core import outbox
from govhall.core.errors import DomainError
from govhall.core.models import Destination, OutboxState
from govhall.core.web import center_or_404, need

from . import selectors

CAP = "exchange.manage"


def _page(request, found, *, errors=None, status=200):
    get = request.GET
    state, destination, kind = get.get("state", ""), get.get("destination", ""), get.get("kind", "")
    rows = selectors.messages(found, state=state, destination=destination, kind=kind)
    labels = dict(Destination.choices)
    context = {
        "center": found,
        "page": "exchange",
        "can_change": True,
        "counts": selectors.counts(found),
        "states": OutboxState.choices,
        "destinations": Destination.choices,
        "kinds": selectors.kinds(found),
        "filters": {"state": state, "destination": destination, "kind": kind},
        "rows": [
            {"m": m, "destination": labels.get(m.destination, m.destination)}
            for m in rows[: selectors.PAGE]
        ],
        "total": rows.count(),
        "receivers": selectors.receivers(found),
        "errors": errors or {},
    }
    return render(request, "reports/exchange/overview.html", context, status=status)


def overview(request, center: str):
    found = center_or_404(center)
    _actor, refusal = need(request, found, CAP)
    if refusal:
        return refusal
    return _page(request, found)


def message_page(request, center: str, pk: int):
    found = center_or_404(center)
    _actor, refusal = need(request, found, CAP)
    if refusal:
        return refusal
    message = selectors.message(found, pk)
    if message is None:
        raise Http404
    context = {
        "center": found,
        "page": "exchange",
        "can_change": True,
        "message": message,
        "destination": dict(Destination.choices).get(message.destination, message.destination),
        "payload": json.dumps(message.payload, ensure_ascii=False, indent=2),
        "attempts": selectors.attempts(message),
    }
    return render(request, "reports/exchange/message.html", context)


@require_POST
def resend(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, CAP)
    if refusal:
        return refusal
    try:
        outbox.outbox_resend(actor=actor, center=found, message_id=pk)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("已重新排队发送。"))
    return HttpResponseRedirect(reverse("reports:exchange_message", args=[found.code, pk]))


@require_POST
def receiver(request, center: str, destination: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, CAP)
    if refusal:
        return refusal
    if destination not in Destination.values:
        raise Http404
    post = request.POST
    try:
        outbox.receiver_save(
            actor=actor,
            center=found,
            destination=destination,
            url=post.get("url", "")[:400],
            secret=post.get("secret", "")[:400],
            enabled=post.get("enabled") == "on",
        )
    except DomainError as exc:
        errors = {destination: {k: str(v) for k, v in exc.fields.items()} or {"": exc.message}}
        return _page(request, found, errors=errors, status=exc.status)
    messages.success(request, gettext("接收端已保存。"))
    return HttpResponseRedirect(reverse("reports:exchange", args=[found.code]))
