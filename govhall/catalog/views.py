"""Public guide pages: centres, a centre's items with search, an item's guide
(web and printable). Published guides only; no login."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from govhall.core import hooks
from govhall.core.errors import NotFound
from govhall.core.models import Center
from govhall.core.selectors import center_by_code, centers_public

from . import selectors
from .domains import Domain


def centers(request):
    return render(request, "catalog/centers.html", {"centers": centers_public()})


def center_items(request, center: str):
    try:
        found = center_by_code(center)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    q = request.GET.get("q", "")[:100]
    domain = request.GET.get("domain", "")
    domain = domain if domain in Domain.values else ""
    items = selectors.items_at_center(found, q=q, domain=domain)
    context = {"center": found, "items": items, "q": q, "domain": domain, "domains": Domain.choices}
    template = "catalog/center_items.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


def _guide_context(code: str) -> dict:
    try:
        item = selectors.published_item(code)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    version = item.published_version
    return {"item": item, "v": version, "materials": version.materials.all()}


def guide(request, code: str):
    context = _guide_context(code)
    # The windows that accept the item (queueing answers: their calling profiles).
    windows = [
        w for part in hooks.gather("catalog.guide_windows", item=context["item"]) for w in part
    ]
    names = dict(
        Center.objects.filter(code__in={w["center"] for w in windows}).values_list("code", "name")
    )
    context["windows"] = [{**w, "center_name": names.get(w["center"], "")} for w in windows]
    return render(request, "catalog/guide.html", context)


def guide_print(request, code: str):
    return render(request, "catalog/guide_print.html", _guide_context(code))
