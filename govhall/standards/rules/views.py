"""rules: the centre's rules documents against 表18 (001 6.3): what is in force,
what is missing, what is due for review; uploading a new version."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from govhall.core.errors import DomainError
from govhall.core.web import center_or_404, need

from ..web import date_from, serve
from . import selectors, services


def _context(actor, center, error=None, posted=None) -> dict:
    states = [s for s in selectors.rule_states(center) if s.applies != "–"]
    return {
        "center": center,
        "page": "rules",
        "states": states,
        "missing": sum(1 for s in states if s.status == selectors.MISSING and s.applies == "√"),
        "due": sum(1 for s in states if s.status == selectors.DUE and s.applies == "√"),
        "review_days": selectors.review_days(center),
        "can_manage": actor.can(center, "standards.manage"),
        "error": error,
        "posted": posted or {},
    }


@require_GET
def rule_list(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "standards.read")
    if refusal:
        return refusal
    return render(request, "standards/rules.html", _context(actor, found))


@require_POST
def rule_upload(request, center: str):
    found = center_or_404(center)
    actor, refusal = need(request, found, "standards.manage")
    if refusal:
        return refusal
    try:
        doc = services.rule_upload(
            actor=actor,
            center=found,
            key=request.POST.get("key", "")[:40],
            version=request.POST.get("version", "")[:40],
            issued_on=date_from(request.POST.get("issued_on")),
            file=request.FILES.get("file"),
            note=request.POST.get("note", "")[:400],
        )
    except DomainError as exc:
        context = _context(actor, found, exc, request.POST)
        return render(request, "standards/rules.html", context, status=exc.status)
    messages.success(request, gettext("已上传：%(v)s") % {"v": doc.version})
    return redirect("standards:rules", found.code)


@require_GET
def rule_file(request, center: str, pk: int):
    found = center_or_404(center)
    _actor, refusal = need(request, found, "standards.read")
    if refusal:
        return refusal
    doc = selectors.document_for(found, pk)
    if doc is None:
        raise Http404
    return serve(doc.file, doc.content_type, f"rule-{doc.key}-{doc.pk}.pdf")
