"""归档登记簿, 移交 and 销毁 pages of the centre (case.oversee)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from govhall.core.errors import DomainError
from govhall.core.web import center_or_404, need

from . import export, selectors, services
from .models import ArchiveFile, DestructionRequest, TransferBatch

OVERSEE = "case.oversee"


def _gate(request, center):
    found = center_or_404(center)
    actor, refusal = need(request, found, OVERSEE)
    return found, actor, refusal


def register(request, center: str):
    found, _actor, refusal = _gate(request, center)
    if refusal:
        return refusal
    filters = selectors.parse_filters(request.GET)
    fmt = request.GET.get("export")
    qs = selectors.files(found, filters)
    # The page shows the newest 1000; an export holds every row of the filter.
    rows = [selectors.row(f) for f in (qs if fmt in ("csv", "xlsx") else qs[:1000])]
    if fmt in ("csv", "xlsx"):
        stamp = timezone.localdate().isoformat()
        if fmt == "csv":
            body, mime = export.register_csv(rows), "text/csv; charset=utf-8"
        else:
            title = _("%(center)s 归档登记簿") % {"center": found.name}
            body = export.register_xlsx(rows, title)
            mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(body, content_type=mime)
        response["Content-Disposition"] = (
            f'attachment; filename="archives-{found.code}-{stamp}.{fmt}"'
        )
        return response
    return render(
        request,
        "cases/archive_register.html",
        {
            "center": found,
            "rows": rows,
            "filters": filters,
            "query": request.GET.urlencode(),
            "revealed": request.session.pop("archive_revealed", None),
            "pending": selectors.pending_count(found),
            **selectors.options(found),
        },
    )


@require_POST
def reveal(request, center: str, number: str):
    found, actor, refusal = _gate(request, center)
    if refusal:
        return refusal
    file = get_object_or_404(ArchiveFile, center=found, number=number)
    shown = services.archive_applicant_reveal(actor=actor, file=file)
    # Shown once on the next page, never kept in the URL.
    request.session["archive_revealed"] = {"number": file.number, **shown}
    return redirect("cases:archives", found.code)


def _day(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat((raw or "")[:10])
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
def transfer(request, center: str):
    found, actor, refusal = _gate(request, center)
    if refusal:
        return refusal
    today = timezone.localdate()
    error, status = None, 200
    if request.method == "POST":
        try:
            batch = services.archive_transfer(
                actor=actor,
                center=found,
                numbers=request.POST.getlist("archive"),
                received_by=request.POST.get("received_by", ""),
                received_on=_day(request.POST.get("received_on", "")),
            )
        except DomainError as exc:
            error, status = exc, exc.status
        else:
            messages.success(
                request,
                _("已移交 %(n)s 件，批号 %(number)s。")
                % {"n": batch.files.count(), "number": batch.number},
            )
            return redirect("cases:archive_transfer", found.code)
    return render(
        request,
        "cases/archive_transfer.html",
        {
            "center": found,
            "eligible": selectors.transferable(found, today),
            "batches": TransferBatch.objects.filter(center=found).order_by("-created_at")[:20],
            "error": error,
            "typed": request.POST,
            "today": today,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def destruction(request, center: str):
    found, actor, refusal = _gate(request, center)
    if refusal:
        return refusal
    today = timezone.localdate()
    error, status = None, 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "decide":
                asked = get_object_or_404(
                    DestructionRequest, center=found, pk=_int(request.POST.get("request"))
                )
                approve = {"approve": True, "refuse": False}.get(request.POST.get("decision"))
                services.archive_destruction_decide(
                    actor=actor,
                    request=asked,
                    approve=approve,
                    note=request.POST.get("decision_note", ""),
                )
                done = _("销毁申请 %(number)s 已审批。") % {"number": asked.number}
            else:
                asked = services.archive_destruction_request(
                    actor=actor,
                    center=found,
                    numbers=request.POST.getlist("archive"),
                    note=request.POST.get("note", ""),
                )
                done = _("已提交销毁申请 %(number)s，待他人审批。") % {"number": asked.number}
        except DomainError as exc:
            error, status = exc, exc.status
        else:
            messages.success(request, done)
            return redirect("cases:archive_destruction", found.code)
    return render(
        request,
        "cases/archive_destruction.html",
        {
            "center": found,
            "eligible": selectors.destroyable(found, today),
            "pending": selectors.pending_destructions(found),
            "done": DestructionRequest.objects.filter(center=found)
            .exclude(state="pending")
            .order_by("-decided_at")[:20],
            "me": actor.user.pk if actor.user else None,
            "error": error,
            "typed": request.POST,
        },
        status=status,
    )


def _int(raw) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise Http404 from None


def _pdf(body: bytes, name: str) -> HttpResponse:
    if not body:
        raise Http404
    response = HttpResponse(bytes(body), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


def transfer_pdf(request, center: str, batch: int):
    found, _actor, refusal = _gate(request, center)
    if refusal:
        return refusal
    got = get_object_or_404(TransferBatch, center=found, pk=batch)
    return _pdf(got.listing, got.number)


def destruction_pdf(request, center: str, request_id: int):
    found, _actor, refusal = _gate(request, center)
    if refusal:
        return refusal
    got = get_object_or_404(DestructionRequest, center=found, pk=request_id)
    return _pdf(got.listing, got.number)
