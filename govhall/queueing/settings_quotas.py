"""The daily ticket quotas settings page (issue 11 / issue 12 §1): each queue's
walk-in quota for the whole day and for each half-day, with today's issued
count against it; the items' own quotas, added and cleared. A centre admin
(hall.manage) changes; a district supervisor reads (report.read). Thin:
quotas.py changes (queue_quotas_set, quota_save, quota_delete)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from govhall.core.errors import DomainError, ValidationFailed
from govhall.core.web import center_or_404, need

from . import quotas
from .models import DailyQuota, Queue, QuotaPeriod
from .settings_views import _items

READ = ("hall.manage", "report.read")
PERIODS = list(QuotaPeriod.values)


def _number(raw: str):
    """A typed quota: None when left empty (no quota), an int when it reads
    as one, else the text itself (the service refuses it)."""
    raw = (raw or "").strip()[:12]
    if not raw:
        return None
    try:
        return int(raw, 10)
    except ValueError:
        return raw


def _cell(period: str, quota, used: int, typed=None, error=None) -> dict:
    return {
        "period": period,
        "label": QuotaPeriod(period).label,
        "limit": quota.limit if quota else None,
        "used": used,
        "full": quota is not None and used >= quota.limit,
        "typed": typed,
        "error": error,
    }


def _context(actor, center, *, typed=None, errors=None, error=None, item_form=None) -> dict:
    usage = quotas.quota_usage(center)
    none = dict.fromkeys(PERIODS, 0)
    own = DailyQuota.objects.filter(center=center).select_related("item__published_version")
    by_queue, item_quotas = {}, []
    for q in own:
        if q.queue_id:
            by_queue[(q.queue_id, q.period)] = q
        else:
            version = q.item.published_version
            q.item_label = version.name if version else q.item.code
            q.used = usage.get(("item", q.item_id), none)[q.period]
            q.full = q.used >= q.limit
            item_quotas.append(q)
    rows = []
    for queue in Queue.objects.filter(center=center).order_by("-is_active", "position", "code"):
        used = usage.get(("queue", queue.pk), none)
        mine = typed if typed is not None and typed.get("queue") == queue.pk else None
        cells = [
            _cell(
                p,
                by_queue.get((queue.pk, p)),
                used[p],
                mine.get(p) if mine else None,
                (errors or {}).get(p) if mine else None,
            )
            for p in PERIODS
        ]
        rows.append({"queue": queue, "cells": cells, "has_error": bool(mine and errors)})
    return {
        "center": center,
        "page": "quotas",
        "can_change": actor.can(center, "hall.manage"),
        "today": timezone.localdate(),
        "periods": QuotaPeriod.choices,
        "rows": rows,
        "item_quotas": item_quotas,
        "items": _items(center),
        "item_form": item_form or {},
        "max_limit": quotas.MAX_LIMIT,
        "error": error,
    }


@require_http_methods(["GET", "POST"])
def quotas_page(request, center: str):
    """GET: the page. POST: one queue's three numbers (empty clears)."""
    found = center_or_404(center)
    actor, refusal = need(request, found, *READ if request.method == "GET" else ("hall.manage",))
    if refusal:
        return refusal
    if request.method == "GET":
        return render(request, "queueing/settings/quotas.html", _context(actor, found))
    queue = _queue(found, request.POST.get("queue", ""))
    limits = {p: _number(request.POST.get(p, "")) for p in PERIODS}
    try:
        quotas.queue_quotas_set(actor=actor, queue=queue, limits=limits)
    except DomainError as exc:
        typed = {"queue": queue.pk, **{p: request.POST.get(p, "")[:12] for p in PERIODS}}
        context = _context(actor, found, typed=typed, errors=exc.fields, error=exc)
        return render(request, "queueing/settings/quotas.html", context, status=exc.status)
    messages.success(request, gettext("已保存 %(q)s 的取号限额。") % {"q": queue.name})
    return redirect(f"{request.path}#q-{queue.code}")


@require_POST
def item_quota_add(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "hall.manage")
    if refusal:
        return refusal
    raw_item = request.POST.get("item", "")[:12]
    period = request.POST.get("period", "")[:20]
    raw_limit = request.POST.get("limit", "")[:12]
    item = next((i for i in _items(found) if str(i.pk) == raw_item), None)
    limit = _number(raw_limit)
    try:
        if item is None:
            raise ValidationFailed(
                gettext("限额设置有误"),
                code="invalid_quota",
                fields={"item": gettext("请选择本中心进驻的事项")},
            )
        if limit is None:
            raise ValidationFailed(
                gettext("限额设置有误"),
                code="invalid_quota",
                fields={"limit": gettext("请填写名额")},
            )
        quotas.quota_save(actor=actor, center=found, item=item, period=period, limit=limit)
    except DomainError as exc:
        item_form = {
            "item": raw_item,
            "period": period,
            "limit": raw_limit,
            "errors": {k: str(v) for k, v in exc.fields.items()},
        }
        context = _context(actor, found, error=exc, item_form=item_form)
        return render(request, "queueing/settings/quotas.html", context, status=exc.status)
    messages.success(request, gettext("已设置事项限额：%(i)s") % {"i": item.label})
    return redirect("queues:quotas", found.code)


@require_POST
def quota_clear(request, center: str, pk: int):
    found = center_or_404(center)
    actor, refusal = need(request, found, "hall.manage")
    if refusal:
        return refusal
    quota = DailyQuota.objects.filter(center=found, pk=pk).first()
    if quota is None:
        raise Http404
    quotas.quota_delete(actor=actor, quota=quota)
    messages.success(request, gettext("已取消该限额。"))
    return redirect("queues:quotas", found.code)


def _queue(center, raw: str) -> Queue:
    raw = str(raw)[:12]
    queue = Queue.objects.filter(center=center, pk=int(raw)).first() if raw.isdigit() else None
    if queue is None:
        raise Http404
    return queue
